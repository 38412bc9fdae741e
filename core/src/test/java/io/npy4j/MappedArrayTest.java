package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Element access contracts of a mapped view: what each accessor accepts, and clear errors for the rest. */
class MappedArrayTest {
    @TempDir
    Path dir;

    private NpyArray create(String descr, long... shape) throws Exception {
        return Npy.create(dir.resolve("a.npy"), NpyHeader.of(DType.parse(descr), Shape.of(shape), false));
    }

    @Test
    void complexIsReadInPairsNotAsOneDouble() throws Exception {
        try (NpyArray m = create("'<c16'", 3)) {
            m.write(1, new double[] {1.5, -2.5}, 0, 1);
            double[] pair = new double[2];
            m.read(1, pair, 0, 1);
            assertArrayEquals(new double[] {1.5, -2.5}, pair);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.getDouble(1));
            assertTrue(e.getMessage().contains("pairs"), e.getMessage());
        }
    }

    @Test
    void integerAccessorsRefuseFloatsAndBoolStoresZeroOrOne() throws Exception {
        try (NpyArray m = create("'<f2'", 2)) {
            assertThrows(IllegalArgumentException.class, () -> m.getLong(0));
            m.setDouble(0.5, 1);
            assertEquals(0.5, m.getDouble(1));
        }
        try (NpyArray m = create("'|b1'", 2)) {
            m.setLong(2, 0);
            byte[] raw = new byte[1];
            m.read(0, raw, 0, 1);
            assertEquals(1, raw[0]);
            assertEquals(1, m.getLong(0));
        }
    }

    @Test
    void unsignedValuesWidenUnsigned() throws Exception {
        try (NpyArray m = create("'>u2'", 2)) {
            m.setLong(65535, 1);
            assertEquals(65535, m.getLong(1));
            short[] raw = new short[1];
            m.read(1, raw, 0, 1);
            assertEquals(-1, raw[0]);
        }
    }

    @Test
    void fieldsOfAStructInsideASubarrayAreRefusedNotMisread() throws Exception {
        try (NpyArray m = create("[('s', [('a', '<i4'), ('b', '<i4')], (2,))]", 3)) {
            NpyArray s = m.field("s");
            assertEquals(Shape.of(3, 2), s.shape());
            assertThrows(UnsupportedOperationException.class, () -> s.field("a"));
        }
    }

    @Test
    void wrongIndicesAreErrorsWithNumbers() throws Exception {
        try (NpyArray m = create("'<f8'", 2, 3)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> m.getDouble(1, 3));
            assertEquals("index 3 is out of bounds for axis 1 with size 3", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.getDouble(1));
            assertThrows(IndexOutOfBoundsException.class, () -> m.read(5, new double[2], 0, 2));
        }
    }

    @Test
    void closedViewIsAnIllegalState() throws Exception {
        NpyArray m = create("'<i4'", 4);
        m.close();
        assertThrows(IllegalStateException.class, () -> m.getLong(0));
    }
}
