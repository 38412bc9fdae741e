package io.npy4j.virtual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import io.npy4j.Order;
import io.npy4j.dtype.ScalarType;
import io.npy4j.select.Selection;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Virtual arrays against a reference assembled in memory: random non-grid tilings (a guillotine split of the box,
 * then some blocks dropped as holes), every source kind (npy files in either byte order, npz members stored and
 * deflated, raw ranges inside a file that holds other bytes, Java readers), and random selections.
 */
class VirtualArrayPropertiesTest {

    /** Splits {@code box} recursively along random axes at random points: a tiling that need not be a grid. */
    private static void split(long[] origin, long[] shape, Random r, int depth, List<long[][]> out) {
        int axis = r.nextInt(shape.length);
        if (depth == 0 || shape[axis] < 2 || r.nextInt(4) == 0) {
            out.add(new long[][] {origin.clone(), shape.clone()});
            return;
        }
        long cut = 1 + r.nextInt((int) shape[axis] - 1);
        long[] s1 = shape.clone();
        s1[axis] = cut;
        long[] o2 = origin.clone();
        o2[axis] += cut;
        long[] s2 = shape.clone();
        s2[axis] -= cut;
        split(origin, s1, r, depth - 1, out);
        split(o2, s2, r, depth - 1, out);
    }

    @Property(tries = 60)
    void randomTilingsWithHolesReadLikeTheAssembledArray(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int rank)
            throws Exception {
        Random r = new Random(seed);
        long[] shape = new long[rank];
        for (int a = 0; a < rank; a++) {
            shape[a] = 1 + r.nextInt(rank == 1 ? 40 : rank == 2 ? 12 : 6);
        }
        int n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] reference = new double[n];
        double fill = -1.5;
        java.util.Arrays.fill(reference, fill);
        List<long[][]> tiles = new ArrayList<>();
        split(new long[rank], shape, r, 6, tiles);
        Path dir = Files.createTempDirectory("virtual");
        Path rawFile = dir.resolve("raw.bin");
        Files.write(rawFile, new byte[0]);
        VirtualArrays.Builder b = VirtualArrays.builder(ScalarType.FLOAT64, shape).fill(fill);
        int k = 0;
        for (long[][] t : tiles) {
            k++;
            if (r.nextInt(5) == 0) {
                continue; // a hole
            }
            long[] o = t[0];
            long[] s = t[1];
            int m = 1;
            for (long d : s) {
                m *= d;
            }
            double[] values = new double[m];
            for (int i = 0; i < m; i++) {
                long rest = i;
                long flat = 0;
                long[] idx = new long[rank];
                for (int a = rank - 1; a >= 0; a--) {
                    idx[a] = rest % s[a];
                    rest /= s[a];
                }
                for (int a = 0; a < rank; a++) {
                    flat = flat * shape[a] + o[a] + idx[a];
                }
                values[i] = k * 1000 + i;
                reference[(int) flat] = values[i];
            }
            BlockSource src;
            switch (r.nextInt(5)) {
                case 0: { // npy little-endian
                    Path f = dir.resolve("b" + k + ".npy");
                    Npy.save(f, Npy.array(values, s));
                    src = BlockSource.npy(f);
                    break;
                }
                case 1: { // npy big-endian, Fortran order
                    Path f = dir.resolve("b" + k + "f.npy");
                    NpyArray c = Npy.array(values, s).astype(ScalarType.parse(">f8"), io.npy4j.dtype.Casting.SAFE);
                    Npy.save(f, c, io.npy4j.SaveOptions.defaults().withOrder(Order.F));
                    src = BlockSource.npy(f);
                    break;
                }
                case 2: { // npz member, stored or deflated
                    Path f = dir.resolve("b" + k + ".npz");
                    boolean deflate = r.nextBoolean();
                    if (deflate) {
                        Npy.savezCompressed(f, Map.of("x", Npy.array(values, s)));
                    } else {
                        Npy.savez(f, Map.of("x", Npy.array(values, s)));
                    }
                    src = BlockSource.npz(f, "x");
                    break;
                }
                case 3: { // raw big-endian bytes inside a file that holds other bytes around them
                    long offset = Files.size(rawFile) + 13;
                    ByteBuffer bb = ByteBuffer.allocate(13 + 8 * m + 7).order(ByteOrder.BIG_ENDIAN);
                    bb.position(13);
                    for (double v : values) {
                        bb.putDouble(v);
                    }
                    Files.write(rawFile, bb.array(), java.nio.file.StandardOpenOption.APPEND);
                    src = BlockSource.raw(rawFile, offset, ScalarType.parse(">f8"), Order.C, s);
                    break;
                }
                default: // a Java reader
                    src = new BlockSource.Reader(() -> Npy.array(values, s), "reader " + k);
            }
            b.add(new Block(o, s, src));
        }
        try (NpyArray v = b.build()) {
            assertArrayEquals(reference, v.asDoubleArray(), "whole array, seed " + seed);
            for (int trial = 0; trial < 8; trial++) {
                StringBuilder expr = new StringBuilder("[");
                for (int a = 0; a < rank; a++) {
                    long lo = r.nextInt((int) shape[a] + 1);
                    long hi = r.nextInt((int) shape[a] + 1);
                    int step = (r.nextBoolean() ? 1 : -1) * (1 + r.nextInt(3));
                    expr.append(a > 0 ? ", " : "").append(lo).append(':').append(hi).append(':').append(step);
                }
                String sel = expr.append(']').toString();
                NpyArray want = Npy.array(reference, shape).select(sel);
                NpyArray got = v.select(sel);
                assertEquals(want.shape(), got.shape(), sel);
                assertArrayEquals(want.asDoubleArray(), got.asDoubleArray(), sel + " seed " + seed);
                byte[] rawWant = new byte[(int) want.size() * 8];
                byte[] rawGot = new byte[(int) want.size() * 8];
                want.readRaw(0, rawWant, 0, (int) want.size());
                got.readRaw(0, rawGot, 0, (int) want.size());
                assertArrayEquals(rawWant, rawGot, "raw " + sel);
            }
        }
    }

    @Property(tries = 10)
    void overlapsAndOutOfBoundsAreRefusedNamingTheBlocks(@ForAll @IntRange(min = 0, max = 5) int shift) {
        VirtualArrays.Builder b = VirtualArrays.builder(ScalarType.FLOAT64, 10, 10);
        BlockSource s = new BlockSource.Reader(() -> Npy.zeros(ScalarType.FLOAT64, 5, 5), "r");
        b.add(new Block(new long[] {0, 0}, new long[] {5, 5}, s));
        b.add(new Block(new long[] {4 - Math.min(shift, 4), 4}, new long[] {5, 5}, s));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("blocks 0") && e.getMessage().contains("overlap"), e.getMessage());
        VirtualArrays.Builder c = VirtualArrays.builder(ScalarType.FLOAT64, 10, 10);
        c.add(new Block(new long[] {6 + shift, 0}, new long[] {5, 5}, s));
        e = assertThrows(IllegalArgumentException.class, c::build);
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Property(tries = 5)
    void holesCanBeErrorsNamingTheIndex(@ForAll @IntRange(min = 5, max = 9) int at) {
        NpyArray v = VirtualArrays.builder(ScalarType.FLOAT64, 10)
                .add(new Block(new long[] {0}, new long[] {5}, new BlockSource.Reader(
                        () -> Npy.zeros(ScalarType.FLOAT64, 5), "r")))
                .holesAreErrors().build();
        assertEquals(0.0, v.getDouble(4));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> v.getDouble(at));
        assertEquals(NpyFormatException.Kind.HOLE, ((NpyFormatException) e.getCause()).kind());
        assertTrue(e.getCause().getMessage().contains("[" + at + "]"), e.getCause().getMessage());
    }

    @Property(tries = 3)
    void concatInNaturalOrderEqualsNpConcatenate(@ForAll @IntRange(min = 0, max = 1) int axis) throws Exception {
        Path dir = Files.createTempDirectory("concat");
        List<double[]> parts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double[] p = new double[6];
            for (int j = 0; j < 6; j++) {
                p[j] = i * 100 + j;
            }
            parts.add(p);
            Npy.save(dir.resolve("part-" + i + ".npy"), Npy.array(p, 2, 3));
        }
        NpyArray v = VirtualArrays.concat(axis, dir.resolve("part-*.npy").toString());
        assertEquals(axis == 0 ? "(24, 3)" : "(2, 36)", v.shape().toString());
        double[] all = v.asDoubleArray();
        for (int i = 0; i < 12; i++) { // part-10 and part-11 come after part-9
            long[] idx = axis == 0 ? new long[] {2L * i + 1, 2} : new long[] {1, 3L * i + 2};
            assertEquals(i * 100 + 5, v.getDouble(idx), "part " + i);
        }
        assertEquals(72, all.length);
    }

    /** A read of more than a million elements over several blocks runs in parallel slices: same values. */
    @Property(tries = 2)
    void largeReadsAcrossBlocksInParallelEqualTheParts(@ForAll @IntRange(min = 3, max = 5) int parts)
            throws Exception {
        Path dir = Files.createTempDirectory("parallel");
        List<Path> files = new ArrayList<>();
        int per = 400_003;
        for (int i = 0; i < parts; i++) {
            double[] v = new double[per];
            for (int j = 0; j < per; j++) {
                v[j] = i * 1e7 + j;
            }
            Path f = dir.resolve("p" + i + ".npy");
            Npy.save(f, Npy.array(v, per));
            files.add(f);
        }
        try (NpyArray v = VirtualArrays.concat(0, files)) {
            double[] all = v.asDoubleArray();
            assertEquals((long) parts * per, all.length);
            for (int i = 0; i < all.length; i += 9973) {
                assertEquals((i / per) * 1e7 + (i % per), all[i], "element " + i);
            }
            assertEquals((parts - 1) * 1e7 + per - 1, all[all.length - 1]);
        }
    }

    /** A writable virtual array writes into its file blocks in place (either byte order); holes refuse writes. */
    @Property(tries = 3)
    void writesGoIntoTheBlockFilesInPlace(@ForAll @IntRange(min = 0, max = 3) int col) throws Exception {
        Path dir = Files.createTempDirectory("vwrite");
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        Npy.save(a, Npy.zeros(ScalarType.FLOAT64, 2, 4));
        Npy.save(b, Npy.zeros(ScalarType.parse(">f8"), 2, 4));
        try (NpyArray v = VirtualArrays.builder(ScalarType.FLOAT64, 5, 4).writable(true)
                .add(new long[] {0, 0}, BlockSource.npy(a))
                .add(new long[] {3, 0}, BlockSource.npy(b))
                .build()) {
            v.select("[:, " + col + "]").write(0, new double[] {1, 2, 0, 4, 5}, 0, 2);
            v.setDouble(4.5, 3, col);
            v.row(4).write(0, new double[] {9, 9, 9, 9}, 0, 4);
            assertThrows(IllegalArgumentException.class, () -> v.setDouble(1, 2, 0)); // row 2 is a hole
            v.force();
        }
        NpyArray ra = Npy.read(a);
        NpyArray rb = Npy.read(b);
        assertEquals(1.0, ra.getDouble(0, col));
        assertEquals(2.0, ra.getDouble(1, col));
        assertEquals(4.5, rb.getDouble(0, col));
        assertArrayEquals(new double[] {9, 9, 9, 9}, rb.row(1).asDoubleArray());
        assertEquals(">f8", ((ScalarType) rb.dtype()).typeString());
        // a deflated npz member cannot take writes in place: refused when the block opens, not lost in memory
        Path z = dir.resolve("d.npz");
        Npy.savezCompressed(z, Map.of("x", Npy.zeros(ScalarType.FLOAT64, 2, 4)));
        try (NpyArray v = VirtualArrays.builder(ScalarType.FLOAT64, 2, 4).writable(true)
                .add(new long[] {0, 0}, BlockSource.npz(z, "x")).build()) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> v.setDouble(1, 0, 0));
            assertEquals(NpyFormatException.Kind.UNSUPPORTED_METHOD, ((NpyFormatException) e.getCause()).kind());
        }
    }
}
