package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.io.IOException;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** select/row/rows/field views: shared storage, NumPy indexing, lifecycle, read-only errors. */
class ArrayViewsTest {
    @TempDir
    Path dir;

    private Path arange(int rows, int cols) throws IOException {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Path f = dir.resolve("a.npy");
        Npy.save(f, Npy.array(v, rows, cols));
        return f;
    }

    @Test
    @EnabledIfNumPy
    void writesThroughViewsOfAReadWriteMapAreInTheFileAndSeenByNumPy() throws IOException {
        Path f = arange(6, 5);
        Path s = dir.resolve("s.npy");
        NumPy.run("import numpy as np, sys\nnp.save(sys.argv[1], np.zeros(4, [('a', '<i4'), ('b', '>f8', (2,))]))",
                s.toString());
        try (NpyArray m = Npy.map(f, MapMode.READ_WRITE); NpyArray st = Npy.map(s, MapMode.READ_WRITE)) {
            NpyArray sel = m.select("[1:5, ::-2]"); // rows 1..4, columns 4, 2, 0
            assertArrayEquals(new long[] {4, 3}, sel.shape().toArray());
            assertEquals(9.0, sel.getDouble(0, 0));
            assertEquals(5.0, sel.getDouble(0, -1));
            sel.setDouble(-1, 0, 0); // a[1, 4]
            sel.write(3, new double[] {-2, -3}, 0, 2); // a[2, 4], a[2, 2]
            NpyArray row = m.row(-1); // a[5]
            row.setDouble(-4, -1); // a[5, 4]
            assertEquals(-1.0, m.getDouble(1, 4), "select shares storage");
            assertEquals(-4.0, m.getDouble(5, -1), "row shares storage");
            NpyArray col = m.select("[:, 3]").select("[::2]"); // a[0, 3], a[2, 3], a[4, 3]
            col.write(0, new double[] {-5, -6, -7}, 0, 3);
            st.field("a").setLong(7, 2);
            st.field("b").write(2, new double[] {1.5, 2.5}, 0, 2); // record 1, both values
            NpyArray bRow = st.row(-1).field("b"); // (a subarray field's view cannot be indexed further)
            bRow.setDouble(9.5, 1);
            m.force();
            st.force();
        }
        String out = NumPy.run("import numpy as np, sys\na = np.load(sys.argv[1]); s = np.load(sys.argv[2])\n"
                + "print(a[1, 4], a[2, 4], a[2, 2], a[5, 4], a[:, 3].tolist())\n"
                + "print(s['a'].tolist(), s['b'].tolist())", f.toString(), s.toString());
        assertEquals("-1.0 -2.0 -3.0 -4.0 [-5.0, 8.0, -6.0, 18.0, -7.0, 28.0]\n"
                + "[0, 0, 7, 0] [[0.0, 0.0], [1.5, 2.5], [0.0, 0.0], [0.0, 9.5]]", out.trim());
    }

    @Test
    void rowsIterateEveryRowInOrderAndNegativeIndicesCountFromTheEnd() throws IOException {
        Path f = arange(4, 3);
        try (NpyArray m = Npy.map(f, MapMode.READ_ONLY)) {
            List<double[]> rows = new ArrayList<>();
            for (NpyArray r : m.rows()) {
                assertEquals(1, r.rank());
                rows.add(r.asDoubleArray());
            }
            assertEquals(4, rows.size());
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(new double[] {3 * i, 3 * i + 1, 3 * i + 2}, rows.get(i));
            }
            assertEquals(11.0, m.getDouble(-1, -1));
            assertEquals(9.0, m.getDouble(-1, -3));
            assertEquals(2.0, m.getDouble(-4, 2));
            assertEquals(m.getDouble(3, 0), m.row(-1).getDouble(0));
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> m.getDouble(-5, 0));
            assertEquals("index -5 is out of bounds for axis 0 with size 4", e.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> m.getDouble(0, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> m.row(4));
            // rows of a 1-d array are 0-d views; of a 0-d array there are none
            int n = 0;
            for (NpyArray r : m.row(2).rows()) {
                assertEquals(0, r.rank());
                assertEquals(6.0 + n++, r.getDouble());
            }
            assertEquals(3, n);
            assertThrows(IllegalArgumentException.class, () -> m.row(0).row(0).rows().iterator());
            // an empty first axis has no rows
            assertTrue(!m.select("[2:2]").rows().iterator().hasNext());
        }
    }

    @Test
    void closingTheOwnerMakesViewsFailAndClosingAViewDoesNothing() throws IOException {
        Path f = arange(4, 3);
        NpyArray m = Npy.map(f, MapMode.READ_ONLY);
        NpyArray sel = m.select("[1:, ::2]");
        NpyArray row = m.row(1);
        sel.close();
        row.close();
        assertEquals(5.0, row.getDouble(-1), "closing a view does nothing");
        assertEquals(3.0, sel.getDouble(0, 0));
        assertEquals(3.0, m.getDouble(1, 0));
        NpyArray grand = sel.row(0);
        m.close();
        m.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> sel.getDouble(0, 0));
        assertThrows(IllegalStateException.class, () -> row.asDoubleArray());
        assertThrows(IllegalStateException.class, () -> grand.readRaw(0, new byte[8], 0, 1));
        assertThrows(IllegalStateException.class, () -> m.getDouble(0, 0));
    }

    @Test
    void writingToAReadOnlyMapNamesTheFileAndMode() throws IOException {
        Path f = arange(3, 3);
        try (NpyArray m = Npy.map(f, MapMode.READ_ONLY)) {
            assertTrue(!m.isWritable());
            List<ReadOnlyBufferException> errors = new ArrayList<>();
            errors.add(assertThrows(ReadOnlyBufferException.class, () -> m.setDouble(1, 0, 0)));
            errors.add(assertThrows(ReadOnlyBufferException.class, () -> m.write(0, new double[1], 0, 1)));
            errors.add(assertThrows(ReadOnlyBufferException.class, () -> m.row(1).write(0, new double[1], 0, 1)));
            errors.add(assertThrows(ReadOnlyBufferException.class, () -> m.select("[::2]").writeRaw(0, new byte[8], 0, 1)));
            for (ReadOnlyBufferException e : errors) {
                assertNotNull(e.getMessage());
                assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
                assertTrue(e.getMessage().contains("'r'") || e.getMessage().contains("read-only"), e.getMessage());
            }
        }
        assertEquals(0.0, Npy.read(f).getDouble(0, 0), "nothing written");
        // copy-on-write views write privately: the file keeps its data
        try (NpyArray c = Npy.map(f, MapMode.COPY_ON_WRITE)) {
            c.row(0).setDouble(42, 0);
            assertEquals(42.0, c.getDouble(0, 0));
        }
        assertEquals(0.0, Npy.read(f).getDouble(0, 0));
        assertTrue(Files.size(f) > 0);
    }

    @Test
    void viewsOfInMemoryArraysShareStorageToo() {
        NpyArray a = Npy.zeros(io.npy4j.dtype.DType.parse("[('x', '<i2'), ('y', '>f4', (3,))]"), 2, 2);
        NpyArray last = a.row(-1).field("y"); // shape (2, 3)
        last.setDouble(5, 0, 1);
        last.write(4, new float[] {6f}, 0, 1); // [1, 1]
        a.row(0).field("x").setLong(-3, -1);
        NpyArray y = a.field("y");
        assertArrayEquals(new long[] {2, 2, 3}, y.shape().toArray());
        assertEquals(5f, y.getFloat(1, 0, 1));
        assertEquals(6f, y.getFloat(-1, -1, -2));
        assertEquals(-3, a.field("x").getInt(0, 1));
        NpyArray copy = a.copy();
        a.field("x").setLong(1, 0, 0);
        assertEquals(0, copy.field("x").getInt(0, 0), "copy does not share storage");
    }
}
