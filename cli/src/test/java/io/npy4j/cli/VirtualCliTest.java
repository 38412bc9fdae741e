package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** npymanifest, npyinfo MANIFEST and npyslice over manifests and --concat globs, against np.concatenate. */
@EnabledIfNumPy
class VirtualCliTest {
    @TempDir
    Path dir;

    private static String[] run(Object cmd, String... args) {
        return CliRunner.run(cmd, args);
    }

    @Test
    void concatGlobsAndManifestsSliceLikeNumPy() throws Exception {
        String d = dir.toString();
        NumPy.run("import numpy as np, io, sys\nd = sys.argv[1]\n"
                + "parts = []\n"
                + "for i in range(12):\n"
                + "    p = (np.arange(15, dtype='<i4') + 100 * i).reshape(3, 5)\n"
                + "    if i % 2: p = p.astype('>i4')\n"
                + "    np.save(d + '/part-%d.npy' % i, p); parts.append(p)\n"
                + "for axis, sl, name in ((0, np.s_[2:31:3, ::-2], 'c0'), (1, np.s_[1, 3:50:7], 'c1')):\n"
                + "    a = np.concatenate(parts, axis)\n"
                + "    b = io.BytesIO(); np.save(b, np.array(a[sl], dtype=parts[0].dtype, order='C'))\n"
                + "    open(d + '/want-' + name + '.npy', 'wb').write(b.getvalue())\n", d);
        String glob = dir.resolve("part-*.npy").toString();
        String[][] cases = {{"0", "[2:31:3, ::-2]", "c0"}, {"1", "[1, 3:50:7]", "c1"}};
        for (String[] c : cases) {
            Path out = dir.resolve("got-" + c[2] + ".npy");
            String[] r = run(new NpySliceCommand(), "--concat", c[0], glob, c[1], "-o", out.toString());
            assertEquals("0", r[0], r[2]);
            assertArrayEquals(Files.readAllBytes(dir.resolve("want-" + c[2] + ".npy")), Files.readAllBytes(out), c[1]);
        }
        Path m = dir.resolve("all.json");
        String[] made = run(new NpyManifestCommand(), m.toString(), "--concat", "0", glob);
        assertEquals("0", made[0], made[2]);
        String[] info = run(new NpyInfoCommand(), m.toString());
        assertEquals("0", info[0], info[2]);
        assertTrue(info[1].contains("(36, 5)") && info[1].contains("blocks       12"), info[1]);
        String[] json = run(new NpyInfoCommand(), "--json", m.toString());
        assertTrue(json[1].contains("\"blocks\":[{\"origin\":[0,0],\"shape\":[3,5]"), json[1]);
        Path out = dir.resolve("via-manifest.npy");
        String[] r = run(new NpySliceCommand(), m.toString(), "[2:31:3, ::-2]", "-o", out.toString());
        assertEquals("0", r[0], r[2]);
        assertArrayEquals(Files.readAllBytes(dir.resolve("want-c0.npy")), Files.readAllBytes(out));
        // the columnar form (an .npz manifest) slices the same
        Path columnar = dir.resolve("all.npz");
        assertEquals("0", run(new NpyManifestCommand(), columnar.toString(), "--concat", "0", glob)[0]);
        Path viaColumnar = dir.resolve("via-columnar.npy");
        String[] rc = run(new NpySliceCommand(), columnar.toString(), "[2:31:3, ::-2]", "-o", viaColumnar.toString());
        assertEquals("0", rc[0], rc[2]);
        assertArrayEquals(Files.readAllBytes(dir.resolve("want-c0.npy")), Files.readAllBytes(viaColumnar));
        assertTrue(run(new NpyInfoCommand(), columnar.toString())[1].contains("blocks       12"));
        // the output may not replace one of the parts
        String[] clobber = run(new NpySliceCommand(), "--concat", "0", glob, "[:3]", "-o",
                dir.resolve("part-7.npy").toString());
        assertEquals("1", clobber[0]);
        assertTrue(clobber[2].contains("is the SOURCE file"), clobber[2]);
    }
}
