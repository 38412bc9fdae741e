package io.npy4j.bench;

import io.npy4j.MapMode;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.Order;
import io.npy4j.dtype.ScalarType;
import io.npy4j.select.Selection;
import io.npy4j.virtual.Block;
import io.npy4j.virtual.BlockSource;
import io.npy4j.virtual.VirtualArrays;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Virtual arrays (issue 14), npy4j only, on files {@code bench/numpy_npz_virtual.py} creates in {@code DIR/npzv/}:
 *
 * <ul>
 *   <li>a 4096-row window {@code [1024:5120]} (32 MiB of {@code <f8}) of {@code VirtualArrays.concat} of the 4 files
 *       {@code parts/part-0..3.npy} (1536 x 1024 each; the window touches all 4) against the same window of
 *       {@code parts_one.npy} (their concatenation, one file) through {@code Npy.map}: per op open, select, read into
 *       a preallocated {@code double[]}, close ({@code *OpenReadClose}); and from arrays opened once ({@code *Read});
 *   <li>per-read cost of a read touching one block of a 1-D virtual array of {@code blocks} raw blocks of 64
 *       doubles each ({@code BlockSource.raw} at offsets of {@code raw_blocks.bin}), for 10, 1,000 and 100,000
 *       blocks: it must not grow with the number of blocks.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class VirtualBench {
    static final String WINDOW = "[1024:5120]";
    static final int PARTS = 4;
    static final long PART_ROWS = 1536;
    static final long COLS = 1024;
    static final int RAW_BLOCK = 64;
    static final int RAW_BLOCKS = 100_000;

    private List<Path> parts;
    private Path one;
    private Selection window;
    private double[] dst;
    private NpyArray openConcat;
    private NpyArray openOne;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        parts = new ArrayList<>();
        for (int k = 0; k < PARTS; k++) {
            parts.add(NpzBench.file("parts/part-" + k + ".npy"));
        }
        one = NpzBench.file("parts_one.npy");
        window = Selection.parse(WINDOW);
        dst = new double[4096 * (int) COLS];
        openConcat = VirtualArrays.concat(0, parts);
        openOne = Npy.map(one, MapMode.READ_ONLY);
        if (!Arrays.equals(openConcat.shape().toArray(), new long[] {PARTS * PART_ROWS, COLS})
                || !openConcat.shape().equals(openOne.shape())) {
            throw new IllegalStateException("concat " + openConcat.shape() + " vs one file " + openOne.shape());
        }
        double[] a = new double[dst.length];
        concat4OpenReadClose();
        System.arraycopy(dst, 0, a, 0, a.length);
        oneFileOpenReadClose();
        if (!Arrays.equals(a, dst) || dst[0] != 1024.0 * COLS || dst[dst.length - 1] != 5120.0 * COLS - 1) {
            throw new IllegalStateException("the window of the 4 files differs from the one file's");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        openConcat.close();
        openOne.close();
    }

    /** {@code VirtualArrays.concat(0, 4 files)} (reads 4 headers), select the window, read it (opens and maps the 4
     * blocks), close. */
    @Benchmark
    public double[] concat4OpenReadClose() throws IOException {
        try (NpyArray v = VirtualArrays.concat(0, parts)) {
            NpyArray w = v.select(window);
            w.read(0, dst, 0, dst.length);
            return dst;
        }
    }

    /** {@code Npy.map(one file)}, select the window, read it, close. */
    @Benchmark
    public double[] oneFileOpenReadClose() throws IOException {
        try (NpyArray v = Npy.map(one, MapMode.READ_ONLY)) {
            NpyArray w = v.select(window);
            w.read(0, dst, 0, dst.length);
            return dst;
        }
    }

    /** {@code VirtualArrays.concat} of the one file (a 1-block virtual array): the virtual layer's own cost. */
    @Benchmark
    public double[] concat1OpenReadClose() throws IOException {
        try (NpyArray v = VirtualArrays.concat(0, List.of(one))) {
            NpyArray w = v.select(window);
            w.read(0, dst, 0, dst.length);
            return dst;
        }
    }

    /** The window of the concat opened once (blocks stay open). */
    @Benchmark
    public double[] concat4Read() {
        openConcat.select(window).read(0, dst, 0, dst.length);
        return dst;
    }

    /** The window of the one file mapped once. */
    @Benchmark
    public double[] oneFileRead() {
        openOne.select(window).read(0, dst, 0, dst.length);
        return dst;
    }

    /** A 1-D virtual array of {@code blocks} raw blocks of 64 doubles, built once per trial. */
    @State(Scope.Benchmark)
    public static class Blocks {
        @Param({"10", "1000", "100000"})
        public int blocks;
        NpyArray v;
        /** 16 blocks spread over the array (all stay open: fewer than the 256 kept open). */
        long[] hot;
        int next;
        long cold;
        /** Milliseconds build() took (printed). */
        double buildMillis;
        final double[] out = new double[RAW_BLOCK];

        @Setup(Level.Trial)
        public void setup() throws IOException {
            Path raw = NpzBench.file("raw_blocks.bin");
            if (Files.size(raw) < (long) RAW_BLOCKS * RAW_BLOCK * 8) {
                throw new IllegalStateException(raw + " is too small");
            }
            long t0 = System.nanoTime();
            VirtualArrays.Builder b = VirtualArrays.builder(ScalarType.FLOAT64, (long) blocks * RAW_BLOCK);
            for (int i = 0; i < blocks; i++) {
                b.add(new Block(new long[] {(long) i * RAW_BLOCK}, new long[] {RAW_BLOCK},
                        BlockSource.raw(raw, (long) i * RAW_BLOCK * 8, ScalarType.FLOAT64, Order.C, RAW_BLOCK)));
            }
            v = b.build();
            buildMillis = (System.nanoTime() - t0) / 1e6;
            System.err.println("VirtualBench.Blocks: builder + build() of " + blocks + " raw blocks took "
                    + String.format("%.1f", buildMillis) + " ms");
            hot = new long[16];
            for (int j = 0; j < hot.length; j++) {
                hot[j] = (long) j * blocks / hot.length * RAW_BLOCK;
            }
            v.read(hot[hot.length - 1], out, 0, RAW_BLOCK);
            if (out[0] != hot[hot.length - 1] || out[RAW_BLOCK - 1] != hot[hot.length - 1] + RAW_BLOCK - 1) {
                throw new IllegalStateException("block read " + out[0] + ", expected " + hot[hot.length - 1]);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            v.close();
        }
    }

    /** One whole block (64 doubles), cycling over 16 blocks that stay open: index lookup + copy. */
    @Benchmark
    public double[] oneBlockRead(Blocks s) {
        long first = s.hot[s.next++ & 15];
        s.v.read(first, s.out, 0, RAW_BLOCK);
        return s.out;
    }

    /** The same through a selection ({@code v.select("[a:b]")}, a view, then read). */
    @Benchmark
    public double[] oneBlockSelectRead(Blocks s) {
        long first = s.hot[s.next++ & 15];
        s.v.select(Selection.hyperslab(new long[] {first}, new long[] {first + RAW_BLOCK}, new long[] {1}))
                .read(0, s.out, 0, RAW_BLOCK);
        return s.out;
    }

    /**
     * A different block every read, striding through all of them: with more than 256 blocks each read opens (and
     * maps) its block and closes the least recently used one. With 10 blocks all stay open.
     */
    @Benchmark
    public double[] oneBlockReadCold(Blocks s) {
        s.cold = (s.cold + 7919) % s.blocks; // a prime stride: visits every block
        s.v.read(s.cold * RAW_BLOCK, s.out, 0, RAW_BLOCK);
        return s.out;
    }
}
