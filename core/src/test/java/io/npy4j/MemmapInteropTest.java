package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import io.npy4j.select.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mapped files against NumPy's own np.memmap / open_memmap, both ways, in one python process per test. */
@EnabledIfNumPy
class MemmapInteropTest {
    @TempDir
    Path dir;

    @Test
    void createWritesWhatOpenMemmapWritesAndNumPyReadsOurWrites() throws Exception {
        List<String> descrs = List.of("'<f8'", "'>i4'", "'<f2'", "'|b1'", "'<c16'",
                "[('a', '<i4'), ('b', '>f8', (2,))]", "[('\u6574', '<i8')]");
        StringBuilder script = new StringBuilder("import sys, ast, numpy as np\nfmt = np.lib.format\nok = []\n");
        int i = 0;
        for (String d : descrs) {
            for (boolean fortran : new boolean[] {false, true}) {
                Shape shape = Shape.of(3, 4);
                NpyHeader h = NpyHeader.of(DType.parse(d), shape, fortran);
                Path ours = dir.resolve("ours" + i + ".npy");
                try (NpyArray m = Npy.create(ours, h)) {
                    // element [1, 2] gets raw bytes 1, 2, 3, ... so NumPy can check where they landed
                    byte[] raw = new byte[(int) h.itemSize()];
                    for (int k = 0; k < raw.length; k++) {
                        raw[k] = (byte) (k + 1);
                    }
                    m.writeRaw(1 * 4 + 2, raw, 0, 1);
                    m.force();
                }
                script.append("dt = fmt.descr_to_dtype(ast.literal_eval(").append(pyStr(d)).append("))\n")
                        .append("theirs = fmt.open_memmap(").append(pyStr(dir.resolve("np" + i + ".npy").toString()))
                        .append(", mode='w+', dtype=dt, shape=(3, 4), fortran_order=").append(fortran ? "True" : "False")
                        .append(")\ndel theirs\n")
                        .append("a = open(").append(pyStr(ours.toString())).append(", 'rb').read()\n")
                        .append("b = open(").append(pyStr(dir.resolve("np" + i + ".npy").toString()))
                        .append(", 'rb').read()\n")
                        .append("m = np.load(").append(pyStr(ours.toString())).append(", mmap_mode='r')\n")
                        .append("cell = m[1:2, 2:3].tobytes()\n")  // an array slice keeps the byte order; a scalar would not
                        .append("ok.append('header=%s size=%s cell=%s' % (a[:len(b) - 12 * dt.itemsize]"
                                + " == b[:len(b) - 12 * dt.itemsize], len(a) == len(b),"
                                + " cell == bytes(range(1, dt.itemsize + 1))))\n");
                i++;
            }
        }
        script.append("print(' '.join(ok))\n");
        String out = NumPy.run(script.toString()).trim();
        assertEquals(String.join(" ", java.util.Collections.nCopies(i, "header=True size=True cell=True")), out);
    }

    @Test
    void readWriteViewIsSeenByNumPyAndNumPyWritesAreSeenByUs() throws Exception {
        Path f = dir.resolve("rw.npy");
        NumPy.run("import numpy as np, sys\nnp.save(sys.argv[1], np.asfortranarray(np.arange(20.0).reshape(4, 5)))",
                f.toString());
        try (NpyArray m = Npy.map(f, Selection.parse("[1:3, ::2]"), MapMode.READ_WRITE)) {
            double[] got = new double[6];
            m.read(0, got, 0, 6);
            assertArrayEquals(new double[] {5, 7, 9, 10, 12, 14}, got);
            m.write(0, new double[] {-1, -2, -3, -4, -5, -6}, 0, 6);
            m.force();
        }
        String out = NumPy.run("import numpy as np, sys\na = np.load(sys.argv[1])\n"
                + "print(a[1:3, ::2].ravel().tolist(), a.flags.f_contiguous, a[0].tolist())", f.toString());
        assertEquals("[-1.0, -2.0, -3.0, -4.0, -5.0, -6.0] True [0.0, 1.0, 2.0, 3.0, 4.0]", out.trim());
    }

    private static String pyStr(String s) {
        return new io.npy4j.literal.PyValue.Str(s).repr();
    }
}
