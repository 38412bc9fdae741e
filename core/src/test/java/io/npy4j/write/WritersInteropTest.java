package io.npy4j.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.npy4j.MapOptions;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.Order;
import io.npy4j.dtype.Shape;
import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every writer against NumPy: NumPy reads what each wrote, and the bytes are np.save's for the same array. */
@EnabledIfNumPy
class WritersInteropTest {
    @TempDir
    Path dir;

    @Test
    void streamedFilesAreNpSaveBytesInBothOrders() throws Exception {
        String d = dir.toString();
        NumPy.run("import numpy as np, sys\nd = sys.argv[1]\n"
                + "np.save(d + '/c.npy', np.arange(60.).reshape(5, 3, 4))\n"
                + "np.save(d + '/f.npy', np.asfortranarray(np.arange(60, dtype='>i4').reshape(3, 4, 5)))\n"
                + "r = np.zeros(7, dtype=[('a', '<i2'), ('b', 'S3'), ('c', '<f4', (2,))])\n"
                + "r['a'] = np.arange(7); r['b'] = b'xyz'; r['c'] = np.arange(14.).reshape(7, 2)\n"
                + "np.save(d + '/r.npy', r)\n", d);
        for (String name : new String[] {"c", "f", "r"}) {
            NpyArray src = Npy.read(dir.resolve(name + ".npy"));
            boolean fortran = name.equals("f");
            long[] s = src.shape().toArray();
            long[] row = fortran ? java.util.Arrays.copyOf(s, s.length - 1) : java.util.Arrays.copyOfRange(s, 1,
                    s.length);
            Path out = dir.resolve("streamed-" + name + ".npy");
            try (NpyWriter w = NpyWriter.create(out, src.dtype(), fortran ? Order.F : Order.C, row)) {
                long n = fortran ? s[s.length - 1] : s[0];
                for (long j = 0; j < n; j++) {
                    w.write(fortran ? src.select("[..., " + j + "]") : src.row(j));
                }
            }
            assertArrayEquals(Files.readAllBytes(dir.resolve(name + ".npy")), Files.readAllBytes(out), name);
            Path streamed = dir.resolve("stream-" + name + ".npy");
            try (OutputStream os = Files.newOutputStream(streamed);
                    NpyWriter w = NpyWriter.to(os, src.dtype(), fortran ? Order.F : Order.C,
                            fortran ? s[s.length - 1] : s[0], row)) {
                for (long j = 0; j < (fortran ? s[s.length - 1] : s[0]); j++) {
                    w.write(fortran ? src.select("[..., " + j + "]") : src.row(j));
                }
            }
            assertArrayEquals(Files.readAllBytes(dir.resolve(name + ".npy")), Files.readAllBytes(streamed), name);
        }
    }

    @Test
    void numpyFilesGrowInPlaceToWhatNumPySavesForTheWhole() throws Exception {
        String d = dir.toString();
        NumPy.run("import numpy as np, sys\nd = sys.argv[1]\n"
                + "np.save(d + '/c.npy', np.arange(6).reshape(3, 2))\n"
                + "np.save(d + '/f.npy', np.asfortranarray(np.arange(12.).reshape(3, 4)))\n", d);
        try (AppendingWriter w = AppendingWriter.open(dir.resolve("c.npy"))) {
            for (int i = 0; i < 997; i++) {
                w.write(new long[] {6 + 2 * i, 7 + 2 * i});
            }
        }
        try (AppendingWriter w = AppendingWriter.open(dir.resolve("f.npy"))) {
            w.write(new double[] {12, 13, 14, 15, 16, 17}); // two columns a[:, 4], a[:, 5]
        }
        String out = NumPy.run("import numpy as np, sys, io\nd = sys.argv[1]\n"
                + "def same(name, want):\n"
                + "    got = np.load(d + '/' + name)\n"
                + "    assert got.shape == want.shape and (got == want).all(), (got, want)\n"
                + "    b = io.BytesIO(); np.save(b, want)\n"
                + "    assert b.getvalue() == open(d + '/' + name, 'rb').read(), name\n"
                + "    print(name, got.shape)\n"
                + "same('c.npy', np.arange(2000).reshape(1000, 2))\n"
                + "same('f.npy', np.asfortranarray(np.concatenate([np.arange(12.).reshape(3, 4),"
                + " np.arange(12., 18.).reshape(2, 3).T], axis=1)))\n", d);
        assertEquals("c.npy (1000, 2)\nf.npy (3, 6)\n", out);
    }

    @Test
    void windowsFilledByThreadsAreNpSaveBytes() throws Exception {
        Path f = dir.resolve("result.npy");
        long rows = 5000;
        NpyHeader h = NpyHeader.of(Records.DTYPE, Shape.of(rows), false);
        Npy.createIfAbsent(f, h);
        Partition p = Partition.unaligned(h, 37);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                try (CompletionLog log = CompletionLog.createIfAbsent(f, p)) {
                    for (Partition.Window w : p.windows()) {
                        if (w.index() % 4 == thread) {
                            try (NpyArray a = Npy.openWindow(f, h, w.selection(h.shape()),
                                    MapOptions.defaults().withPositional(thread % 2 == 0))) {
                                a.writeRaw(0, Records.rows(w.first(), (int) w.rows(), thread, w.index()), 0,
                                        (int) w.rows());
                                a.force();
                            }
                            log.markDone(w);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(List.of(), Npy.missingWindows(f));
        String out = NumPy.run("import numpy as np, sys, io\nf = sys.argv[1]\n"
                + "a = np.load(f)\n"
                + "assert (a['index'] == np.arange(len(a))).all() and (a['inverse'] == ~a['check'].view('<i8')).all()\n"
                + "b = io.BytesIO(); np.save(b, a)\n"
                + "assert b.getvalue() == open(f, 'rb').read()\n"
                + "print(a.shape, a.dtype.names)\n", f.toString());
        assertEquals("(5000,) ('index', 'writer', 'part', 'check', 'inverse')\n", out);
    }
}
