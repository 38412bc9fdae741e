package io.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random archives both ways, in one python process each way: seeded random dtypes (both byte orders), shapes (0-d,
 * empty, up to 4-D) and orders. Ours: every member loads in NumPy with the saved bytes; NumPy's: every member reads
 * here as np.save would write it.
 */
@EnabledIfNumPy
class NpzRandomInteropTest {
    private static final String[] DTYPES = {"|b1", "|i1", "|u1", "<i2", ">u2", "<i4", ">i4", "<u8", ">i8", "<f2",
        ">f4", "<f8", ">f8", "<c8", ">c16", "|S3", "<U2", ">M8[ms]", "<m8[s]"};

    @TempDir
    Path dir;

    @Test
    void randomArchivesRoundTripWithNumPy() throws Exception {
        Random r = new Random(0x5a5a);
        StringBuilder spec = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            int rank = r.nextInt(5);
            StringBuilder shape = new StringBuilder("(");
            for (int a = 0; a < rank; a++) {
                shape.append(r.nextInt(6) == 0 ? 0 : 1 + r.nextInt(5)).append(',');
            }
            spec.append("m").append(i).append(' ').append(DTYPES[r.nextInt(DTYPES.length)]).append(' ')
                    .append(shape.append(')')).append(' ').append(r.nextBoolean() ? "F" : "C").append('\n');
        }
        Files.writeString(dir.resolve("spec.txt"), spec);
        // NumPy writes the arrays (as .npy files and as both kinds of archive)
        NumPy.run("import numpy as np, sys\nd = sys.argv[1]\nrng = np.random.default_rng(7)\narrs = {}\n"
                + "for line in open(d + '/spec.txt'):\n"
                + "    name, dt, shape, order = line.split(' '); shape = eval(shape); order = order.strip()\n"
                + "    dt = np.dtype(dt); n = int(np.prod(shape))\n"
                + "    raw = rng.integers(0, 256, size=n * dt.itemsize, dtype=np.uint8).tobytes()\n"
                + "    a = np.frombuffer(raw, dtype=dt).reshape(shape).copy(order=order)\n"
                + "    if dt.kind == 'b': a = a.astype(bool)\n"
                + "    arrs[name] = a; np.save(d + '/' + name + '.npy', a)\n"
                + "np.savez(d + '/np-s.npz', **arrs); np.savez_compressed(d + '/np-c.npz', **arrs)\n",
                dir.toString());
        Map<String, NpyArray> ours = new LinkedHashMap<>();
        for (String line : spec.toString().split("\n")) {
            String name = line.split(" ")[0];
            byte[] want = Files.readAllBytes(dir.resolve(name + ".npy"));
            for (String archive : new String[] {"np-s.npz", "np-c.npz"}) {
                try (NpzArchive z = Npy.openNpz(dir.resolve(archive))) {
                    ByteArrayOutputStream b = new ByteArrayOutputStream();
                    Npy.save(b, z.read(name));
                    assertArrayEquals(want, b.toByteArray(), archive + ":" + name);
                }
            }
            ours.put(name, Npy.read(dir.resolve(name + ".npy")));
        }
        Npy.savez(dir.resolve("our-s.npz"), ours);
        Npy.savezCompressed(dir.resolve("our-c.npz"), ours);
        String out = NumPy.run("import numpy as np, zipfile, sys\nd = sys.argv[1]\nbad = []\n"
                + "for f in ('our-s.npz', 'our-c.npz'):\n"
                + "    z = zipfile.ZipFile(d + '/' + f); assert z.testzip() is None\n"
                + "    for i in z.infolist():\n"
                + "        name = i.filename[:-4]\n"
                + "        if z.read(i.filename) != open(d + '/' + i.filename, 'rb').read(): bad.append(f + ':' + name)\n"
                + "        a = np.load(d + '/' + f)[name]; w = np.load(d + '/' + i.filename)\n"
                + "        if a.dtype != w.dtype or a.shape != w.shape or a.tobytes('A') != w.tobytes('A'):"
                + " bad.append('values ' + f + ':' + name)\n"
                + "print(len(bad), ' '.join(bad))\n", dir.toString()).trim();
        assertEquals("0", out);
    }
}
