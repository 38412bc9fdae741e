package io.npy4j.bench;

import io.npy4j.MapMode;
import io.npy4j.NpyArray;
import io.npy4j.Npy;
import io.npy4j.NpyHeader;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Memory-mapped reads of {@code f64_1g.npy} (131072 x 1024 {@code <f8}, C order), the Java side of NumPy's
 * {@code mmap} group. Page cache warm: the JMH warm-up iterations touch every page these workloads read.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class MmapBench {
    /** Elements per bulk copy in {@link #mmapSum}: 8 MiB of float64. */
    static final int SUM_BLOCK = (8 << 20) / 8;

    private Path f64;
    private NpyHeader header;
    private Selection window;
    private Selection strided;
    private Selection column;
    /** 4096 x 1024 doubles: the window's destination, allocated once. */
    private double[] windowDst;
    /** 8192 x 100 doubles. */
    private double[] stridedDst;
    private double[] sumBlock;
    /** Mappings kept open for the copy-only variants. */
    private NpyArray openWindow;
    private NpyArray openStrided;
    /** Column 5 of all 131072 rows: one 8-byte run per row (no NumPy counterpart). */
    private NpyArray openColumn;
    private double[] columnDst;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        f64 = BenchFiles.f64();
        // which mapping implementation npy4j-core picked on this JVM (the Java 22+ overlay says "segment")
        System.err.println("npy4j mapping implementation: " + io.npy4j.mapping.WindowFactory.implementation()
                + " on Java " + Runtime.version());
        header = Npy.readHeader(f64);
        window = Selection.parse(BenchFiles.WINDOW);
        strided = Selection.parse(BenchFiles.STRIDED);
        column = Selection.parse("[:, 5]");
        openWindow = Npy.map(f64, header, window, MapMode.READ_ONLY);
        openStrided = Npy.map(f64, header, strided, MapMode.READ_ONLY);
        openColumn = Npy.map(f64, header, column, MapMode.READ_ONLY);
        columnDst = new double[Math.toIntExact(openColumn.size())];
        windowDst = new double[Math.toIntExact(openWindow.size())];
        stridedDst = new double[Math.toIntExact(openStrided.size())];
        sumBlock = new double[SUM_BLOCK];
        check(openWindow.shape().toArray(), 4096, 1024);
        check(openStrided.shape().toArray(), 8192, 100);
        // the per-op variants must produce what the open mappings produce
        double[] a = new double[windowDst.length];
        openWindow.read(0, a, 0, a.length);
        windowMapCopyClose();
        if (!java.util.Arrays.equals(a, windowDst)) {
            throw new IllegalStateException("windowMapCopyClose differs from a copy of the open mapping");
        }
    }

    private static void check(long[] shape, long rows, long cols) {
        if (shape.length != 2 || shape[0] != rows || shape[1] != cols) {
            throw new IllegalStateException("unexpected shape " + java.util.Arrays.toString(shape));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        openWindow.close();
        openStrided.close();
        openColumn.close();
    }

    /**
     * Rows [65536, 69632) (32 MiB): map read-only (header already read), copy into a preallocated {@code double[]},
     * unmap. NumPy counterpart {@code mmap_window.f64_1g}, which also parses the header and allocates a fresh
     * result array per op: see {@link #windowOpenMapCopyCloseAlloc}.
     */
    @Benchmark
    public double[] windowMapCopyClose() throws IOException {
        try (NpyArray m = Npy.map(f64, header, window, MapMode.READ_ONLY)) {
            m.read(0, windowDst, 0, (int) m.size());
        }
        return windowDst;
    }

    /**
     * The same window doing everything {@code np.array(np.load(p, mmap_mode='r')[r0:r1])} does: read the header,
     * map, copy into a freshly allocated array, unmap.
     */
    @Benchmark
    public double[] windowOpenMapCopyCloseAlloc() throws IOException {
        try (NpyArray m = Npy.map(f64, window, MapMode.READ_ONLY)) {
            double[] dst = new double[(int) m.size()];
            m.read(0, dst, 0, dst.length);
            return dst;
        }
    }

    /** The window copied from a mapping opened once (NumPy {@code mmap_window_copyonly.f64_1g}). */
    @Benchmark
    public double[] windowCopy() {
        openWindow.read(0, windowDst, 0, windowDst.length);
        return windowDst;
    }

    /**
     * {@code [::16, 100:200]}: 8192 runs of 100 doubles, 128 KiB apart, spanning the whole file: map, copy, unmap
     * (NumPy {@code mmap_strided.f64_1g}, which also reads the header and allocates the result).
     */
    @Benchmark
    public double[] stridedMapCopyClose() throws IOException {
        try (NpyArray m = Npy.map(f64, header, strided, MapMode.READ_ONLY)) {
            m.read(0, stridedDst, 0, (int) m.size());
        }
        return stridedDst;
    }

    /** The strided selection copied from a mapping opened once (no NumPy counterpart). */
    @Benchmark
    public double[] stridedCopy() {
        openStrided.read(0, stridedDst, 0, stridedDst.length);
        return stridedDst;
    }

    /** One column of the 1 GiB array from a mapping opened once: 131072 runs of a single double. */
    @Benchmark
    public double[] columnCopy() {
        openColumn.read(0, columnDst, 0, columnDst.length);
        return columnDst;
    }

    /**
     * {@code [::16, 100:200]} doing everything {@code np.ascontiguousarray(np.load(p, mmap_mode='r')[::16, 100:200])}
     * does: read the header, map, copy into a freshly allocated array, unmap (bench/compare's strided row).
     */
    @Benchmark
    public double[] stridedOpenMapCopyCloseAlloc() throws IOException {
        try (NpyArray m = Npy.map(f64, strided, MapMode.READ_ONLY)) {
            double[] dst = new double[(int) m.size()];
            m.read(0, dst, 0, dst.length);
            return dst;
        }
    }

    /**
     * Column {@code [:, 5]} (131072 runs of one double, 8 KiB apart) doing what
     * {@code np.ascontiguousarray(np.load(p, mmap_mode='r')[:, 5])} does: header, map, fresh array, copy, unmap.
     */
    @Benchmark
    public double[] columnOpenMapCopyCloseAlloc() throws IOException {
        try (NpyArray m = Npy.map(f64, column, MapMode.READ_ONLY)) {
            double[] dst = new double[(int) m.size()];
            m.read(0, dst, 0, dst.length);
            return dst;
        }
    }

    /**
     * The sum of all 1 GiB doing what {@code np.load(p, mmap_mode='r').sum()} does: read the header, map, reduce
     * in place, unmap (bench/compare's sum rows). {@link NpyArray#parallelForEachChunk} hands out the mapped chunks
     * themselves on every core; each piece is summed through a small L1-resident block (bulk gets of 2048 doubles,
     * then an 8-accumulator loop), no copy of the array. The result differs from NumPy's pairwise sum in the last
     * bits.
     */
    @Benchmark
    public double sumMapped() throws IOException {
        try (NpyArray m = Npy.map(f64, Selection.all(), MapMode.READ_ONLY)) {
            java.util.concurrent.atomic.DoubleAdder total = new java.util.concurrent.atomic.DoubleAdder();
            m.parallelForEachChunk((first, data) -> total.add(sumInPlace(data)));
            return total.sum();
        }
    }

    /** The same walk on the calling thread only ({@link NpyArray#forEachChunk}): the one-core figure. */
    @Benchmark
    public double sumMappedOneCore() throws IOException {
        try (NpyArray m = Npy.map(f64, Selection.all(), MapMode.READ_ONLY)) {
            double[] s = {0};
            m.forEachChunk((first, data) -> s[0] += sumInPlace(data));
            return s[0];
        }
    }

    private static double sumInPlace(java.nio.ByteBuffer data) {
        java.nio.DoubleBuffer d = data.asDoubleBuffer(); // in the file's byte order already
        double[] block = new double[2048];
        double s = 0;
        while (d.hasRemaining()) {
            int n = Math.min(block.length, d.remaining());
            d.get(block, 0, n);
            s += sum(block, n);
        }
        return s;
    }

    /**
     * Maps all 1 GiB (header already read) and sums it through bulk copies of 8 MiB blocks into one reused
     * {@code double[]} (NumPy {@code mmap_sum.f64_1g}: {@code np.load(mmap_mode='r').sum()}, pairwise SIMD sum).
     * The sum uses 8 independent accumulators so that the additions are not the bottleneck; the result differs
     * from NumPy's pairwise sum in the last bits.
     */
    @Benchmark
    public double mmapSum() throws IOException {
        try (NpyArray m = Npy.map(f64, header, Selection.all(), MapMode.READ_ONLY)) {
            long n = m.size();
            double s = 0;
            for (long k = 0; k < n; k += SUM_BLOCK) {
                int len = (int) Math.min(SUM_BLOCK, n - k);
                m.read(k, sumBlock, 0, len);
                s += sum(sumBlock, len);
            }
            return s;
        }
    }

    static double sum(double[] a, int len) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        for (; i < len; i++) {
            s0 += a[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
