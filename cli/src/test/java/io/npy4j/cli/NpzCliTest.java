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

/** The CLIs on .npz archives: npyinfo lists members, npyslice reads ARCHIVE:MEMBER as NumPy would save it. */
@EnabledIfNumPy
class NpzCliTest {
    @TempDir
    Path dir;

    private static String[] run(Object cmd, String... args) {
        return CliRunner.run(cmd, args);
    }

    @Test
    void infoAndSliceOfStoredAndDeflatedMembers() throws Exception {
        String d = dir.toString();
        NumPy.run("import numpy as np, io, sys\nd = sys.argv[1]\n"
                + "a = np.arange(600.).reshape(20, 30); f = np.asfortranarray(a[:, :7])\n"
                + "np.savez(d + '/s.npz', a=a, f=f, **{'odd:name': a[:2]})\n"
                + "np.savez_compressed(d + '/c.npz', a=a, f=f)\n"
                + "for src, sl, name in ((a, np.s_[3:9, ::-4], 'a'), (f, np.s_[::3, 2], 'f')):\n"
                + "    b = io.BytesIO(); np.save(b, np.array(src[sl])); open(d + '/want-' + name + '.npy', 'wb')"
                + ".write(b.getvalue())\n", d);
        String[] info = run(new NpyInfoCommand(), dir.resolve("s.npz").toString(), dir.resolve("c.npz").toString());
        assertEquals("0", info[0], info[2]);
        assertTrue(info[1].contains(dir.resolve("s.npz") + ":a\n") && info[1].contains("compression  deflated"),
                info[1]);
        String[] json = run(new NpyInfoCommand(), "--json", dir.resolve("c.npz").toString());
        assertEquals(1, json[1].strip().split("\n").length, json[1]);
        assertTrue(json[1].contains("\"members\":[{\"name\":\"a\",\"compression\":\"deflated\""), json[1]);
        for (String archive : new String[] {"s.npz", "c.npz"}) {
            for (String[] c : new String[][] {{"a", "[3:9, ::-4]"}, {"f", "[::3, 2]"}}) {
                Path out = dir.resolve(archive + "-" + c[0] + ".npy");
                String[] r = run(new NpySliceCommand(), dir.resolve(archive) + ":" + c[0], c[1], "-o", out.toString());
                assertEquals("0", r[0], r[2]);
                assertArrayEquals(Files.readAllBytes(dir.resolve("want-" + c[0] + ".npy")), Files.readAllBytes(out),
                        archive + ":" + c[0]);
            }
        }
        Path odd = dir.resolve("odd.npy");
        assertEquals("0", run(new NpySliceCommand(), dir.resolve("s.npz") + ":odd:name", "[1]", "-o",
                odd.toString())[0]);
        assertEquals("0", run(new NpySliceCommand(), "--member", "odd:name", dir.resolve("s.npz").toString(), "[1]",
                "-o", odd.toString())[0]);
        String[] missing = run(new NpySliceCommand(), dir.resolve("s.npz") + ":nope", "[1]", "-o", odd.toString());
        assertEquals("1", missing[0]);
        assertTrue(missing[2].contains("no member named nope") && missing[2].split("\n").length == 1, missing[2]);
    }
}
