package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.npy4j.array.Half;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.dtype.TypeCode;
import io.npy4j.select.Region;
import io.npy4j.select.Selection;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * A mapped selection equals the same selection taken from the fully read bytes, for random dtypes, shapes, orders,
 * slice expressions and (tiny) chunk sizes, through raw, typed and field access.
 */
class MappedArrayPropertiesTest {
    private static final String[] DTYPES = {"'<f8'", "'>f8'", "'<f4'", "'>i4'", "'<i2'", "'>u2'", "'|u1'", "'<i8'",
        "'>c16'", "'<c8'", "'<f2'", "'|b1'", "'<M8[ns]'", "'|S3'",
        "[('a', '<i4'), ('b', '>f8', (2,)), ('c', '|u1')]"};
    private Path dir;

    @BeforeProperty
    void setUp() throws Exception {
        dir = Files.createTempDirectory("npy4j-map");
    }

    @AfterProperty
    void tearDown() throws Exception {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        System.clearProperty("npy4j.mapping.chunkSize");
    }

    record Case(String descr, long[] shape, boolean fortran, String expr, int chunkShift, long seed) {
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<long[]> shapes = Arbitraries.longs().between(0, 5).array(long[].class).ofMinSize(0).ofMaxSize(4);
        return Combinators.combine(Arbitraries.of(DTYPES), shapes, Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 9), Arbitraries.longs())
                .flatAs((d, s, f, nItems, shift, seed) -> expressions(s.length).map(e -> new Case(d, s, f, e, shift,
                        seed)));
    }

    /** NumPy basic-indexing text for an array of {@code rank} axes. */
    static Arbitrary<String> expressions(int rank) {
        Arbitrary<String> bound = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.integers().between(-7, 7).map(String::valueOf));
        Arbitrary<String> step = Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.of("1", "2", "3", "-1", "-2"));
        Arbitrary<String> slice = Combinators.combine(bound, bound, step)
                .as((a, b, c) -> a + ":" + b + (c.isEmpty() ? "" : ":" + c));
        Arbitrary<String> item = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, slice),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 0).map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("None")));
        return item.list().ofMaxSize(rank).map(items -> {
            if (items.size() < rank && rank > 0 && items.hashCode() % 3 == 0) {
                items.add(items.size() / 2, "...");
            }
            return "[" + String.join(", ", items) + "]";
        });
    }

    @Property(tries = 250)
    void mappedSelectionEqualsSelectionOfFullyReadData(@ForAll("cases") Case c) throws Exception {
        System.setProperty("npy4j.mapping.chunkSize", String.valueOf(1L << c.chunkShift()));
        DType dtype = DType.parse(c.descr());
        NpyHeader h = NpyHeader.of(dtype, Shape.of(c.shape()), c.fortran());
        byte[] data = new byte[(int) h.dataLength()];
        new Random(c.seed()).nextBytes(data);
        Path f = dir.resolve("a.npy");
        Files.write(f, ReadHeaderTest.concat(Npy.encodeHeader(h), data));

        Region region;
        try {
            region = Selection.parse(c.expr()).resolve(c.shape(), c.fortran());
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return; // e.g. an integer index on an empty axis: not a mapping question
        }
        long item = h.itemSize();
        byte[] expected = new byte[(int) (region.size() * item)];
        for (long k = 0; k < region.size(); k++) {
            System.arraycopy(data, (int) (region.storageIndex(k) * item), expected, (int) (k * item), (int) item);
        }
        try (NpyArray m = Npy.map(f, Selection.parse(c.expr()), MapMode.READ_ONLY)) {
            assertArrayEquals(region.shape(), m.shape().toArray());
            byte[] raw = new byte[expected.length];
            m.readRaw(0, raw, 0, (int) m.size());
            assertArrayEquals(expected, raw, c.toString());
            if (m.size() > 0) { // a partial read from the middle, to exercise offsets
                long first = m.size() / 3;
                int n = (int) (m.size() - first);
                byte[] part = new byte[(int) (n * item)];
                m.readRaw(first, part, 0, n);
                assertArrayEquals(java.util.Arrays.copyOfRange(expected, (int) (first * item), expected.length),
                        part);
            }
            checkVisited(m, expected, (int) item, dtype instanceof ScalarType st ? st.endianness().byteOrder()
                    : java.nio.ByteOrder.LITTLE_ENDIAN);
            if (dtype instanceof ScalarType) {
                checkTyped(m, (ScalarType) dtype, expected);
            } else {
                checkField(m, expected, (int) item);
            }
        }
    }

    /** forEachChunk hands out every element's bytes once, in order, read-only, in the dtype's byte order. */
    static void checkVisited(NpyArray m, byte[] expected, int item, java.nio.ByteOrder order) {
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        m.forEachChunk((first, data) -> {
            assertEquals(seen.size(), first * item, "pieces arrive in order, without gaps");
            assertEquals(0, data.position());
            assertEquals(0, data.remaining() % Math.max(1, item), "whole elements only");
            assertEquals(true, data.isReadOnly());
            assertEquals(order, data.order());
            byte[] b = new byte[data.remaining()];
            data.get(b);
            seen.writeBytes(b);
        });
        assertArrayEquals(item == 0 ? new byte[0] : expected, seen.toByteArray());
    }

    private static void checkTyped(NpyArray m, ScalarType t, byte[] expected) {
        ByteBuffer b = ByteBuffer.wrap(expected).order(t.endianness().byteOrder());
        int n = (int) m.size();
        if (t.code() == TypeCode.FLOAT && t.itemSize() == 8 || t.code() == TypeCode.COMPLEX && t.itemSize() == 16) {
            double[] got = new double[expected.length / 8];
            m.read(0, got, 0, n);
            for (int i = 0; i < got.length; i++) {
                assertEquals(Double.doubleToRawLongBits(b.getDouble(i * 8)), Double.doubleToRawLongBits(got[i]));
            }
        } else if (t.code() == TypeCode.FLOAT && t.itemSize() == 4 || t.code() == TypeCode.COMPLEX) {
            float[] got = new float[expected.length / 4];
            m.read(0, got, 0, n);
            for (int i = 0; i < got.length; i++) {
                assertEquals(Float.floatToRawIntBits(b.getFloat(i * 4)), Float.floatToRawIntBits(got[i]));
            }
        } else if (t.code() == TypeCode.FLOAT && t.itemSize() == 2) {
            float[] got = new float[n];
            m.read(0, got, 0, n);
            for (int i = 0; i < n; i++) {
                float want = Half.toFloat(b.getShort(i * 2));
                assertEquals(Float.isNaN(want) ? Float.NaN : want, got[i]);
            }
        } else if (t.itemSize() == 8 && t.code() != TypeCode.BYTES) {
            long[] got = new long[n];
            m.read(0, got, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(b.getLong(i * 8), got[i]);
            }
        } else if (t.itemSize() == 4 && t.code() != TypeCode.BYTES) {
            int[] got = new int[n];
            m.read(0, got, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(b.getInt(i * 4), got[i]);
            }
        } else if (t.itemSize() == 2) {
            short[] got = new short[n];
            m.read(0, got, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(b.getShort(i * 2), got[i]);
            }
        } else if (t.code() == TypeCode.BOOL) {
            boolean[] got = new boolean[n];
            m.read(0, got, 0, n);
            for (int i = 0; i < n; i++) {
                assertEquals(expected[i] != 0, got[i]);
            }
        }
    }

    /** The struct [a <i4, b >f8 (2,), c |u1]: field views match the bytes at the field offsets. */
    private static void checkField(NpyArray m, byte[] expected, int item) {
        int n = (int) m.size();
        NpyArray b = m.field("b");
        assertArrayEquals(append(m.shape().toArray(), 2), b.shape().toArray());
        double[] got = new double[2 * n];
        b.read(0, got, 0, 2 * n);
        ByteBuffer bb = ByteBuffer.wrap(expected).order(java.nio.ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < n; i++) {
            assertEquals(Double.doubleToRawLongBits(bb.getDouble(i * item + 4)), Double.doubleToRawLongBits(got[2 * i]));
            assertEquals(Double.doubleToRawLongBits(bb.getDouble(i * item + 12)),
                    Double.doubleToRawLongBits(got[2 * i + 1]));
        }
        if (n > 1) { // start and end inside a record: partial records around whole-record blocks
            double[] mid = new double[2 * n - 2];
            b.read(1, mid, 0, mid.length);
            assertArrayEquals(java.util.Arrays.copyOfRange(got, 1, 2 * n - 1), mid);
        }
        byte[] cs = new byte[n];
        m.field("c").read(0, cs, 0, n);
        for (int i = 0; i < n; i++) {
            assertEquals(expected[i * item + 20], cs[i]);
        }
    }

    private static long[] append(long[] a, long v) {
        long[] r = java.util.Arrays.copyOf(a, a.length + 1);
        r[a.length] = v;
        return r;
    }
}
