package io.npy4j.bench;

import io.npy4j.MapMode;
import io.npy4j.NpyArray;
import io.npy4j.Npy;
import io.npy4j.NpyHeader;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Field {@code x} ({@code '<f4', (3,)} at byte 8 of a 28-byte record) of {@code struct_256m.npy}, gathered into a
 * {@code float[]} through {@link NpyArray#field(String)}: the Java side of NumPy's {@code struct_field.mmap}
 * ({@code np.ascontiguousarray(np.load(p, mmap_mode='r')['x'])} over all 9,586,980 records).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class StructBench {
    /** Records in the window variant: [1000000, 2000000). */
    static final long WINDOW_RECORDS = 1_000_000;
    static final String WINDOW = "[1000000:2000000]";

    private Path file;
    private NpyHeader header;
    private Selection window;
    private float[] windowDst;
    private float[] allDst;
    /** Raw records for {@link #structFieldAllViaRaw}: 65,536 records (1.75 MiB) per bulk copy. */
    private byte[] rawBlock;
    private static final int RAW_BLOCK_RECORDS = 1 << 16;
    private static final VarHandle LE_FLOAT = MethodHandles.byteArrayViewVarHandle(float[].class,
            ByteOrder.LITTLE_ENDIAN);

    @Setup(Level.Trial)
    public void setup() throws IOException {
        file = BenchFiles.struct();
        header = Npy.readHeader(file);
        window = Selection.parse(WINDOW);
        windowDst = new float[Math.toIntExact(WINDOW_RECORDS * 3)];
        allDst = new float[Math.toIntExact(BenchFiles.STRUCT_N * 3)];
        rawBlock = new byte[RAW_BLOCK_RECORDS * 28];
        // the workaround must produce what field("x") produces
        structFieldAll();
        float[] viaField = allDst.clone();
        java.util.Arrays.fill(allDst, Float.NaN);
        structFieldAllViaRaw();
        if (!java.util.Arrays.equals(viaField, allDst)) {
            throw new IllegalStateException("structFieldAllViaRaw differs from field(\"x\")");
        }
    }

    /** Map 1M records, take field {@code x}, copy 3M floats (12 MB) into a preallocated array, unmap. */
    @Benchmark
    public float[] structFieldWindow() throws IOException {
        try (NpyArray m = Npy.map(file, header, window, MapMode.READ_ONLY)) {
            NpyArray x = m.field("x");
            x.read(0, windowDst, 0, (int) x.size());
        }
        return windowDst;
    }

    /** Map all 9,586,980 records, copy field {@code x} (115 MB of floats) into a preallocated array, unmap. */
    @Benchmark
    public float[] structFieldAll() throws IOException {
        try (NpyArray m = Npy.map(file, header, Selection.all(), MapMode.READ_ONLY)) {
            NpyArray x = m.field("x");
            x.read(0, allDst, 0, (int) x.size());
        }
        return allDst;
    }

    /**
     * Field {@code x} of all records doing what {@code np.ascontiguousarray(np.load(p, mmap_mode='r')['x'])} does:
     * read the header, map, take the field, copy into a freshly allocated {@code float[]} (115 MB), unmap.
     */
    @Benchmark
    public float[] structFieldOpenAlloc() throws IOException {
        try (NpyArray m = Npy.map(file, Selection.all(), MapMode.READ_ONLY)) {
            NpyArray x = m.field("x");
            float[] dst = new float[Math.toIntExact(x.size())];
            x.read(0, dst, 0, dst.length);
            return dst;
        }
    }

    /**
     * Not a library path: what the same gather costs when done outside {@code field()}, with bulk
     * {@link NpyArray#readRaw} copies of 65,536 whole records and a plain loop picking x (bytes 8..20 of each
     * 28-byte record). Shows the per-record overhead of {@code field("x").read}: see README.
     */
    @Benchmark
    public float[] structFieldAllViaRaw() throws IOException {
        try (NpyArray m = Npy.map(file, header, Selection.all(), MapMode.READ_ONLY)) {
            long n = m.size();
            byte[] b = rawBlock;
            float[] dst = allDst;
            int o = 0;
            for (long r = 0; r < n; r += RAW_BLOCK_RECORDS) {
                int cnt = (int) Math.min(RAW_BLOCK_RECORDS, n - r);
                m.readRaw(r, b, 0, cnt);
                for (int i = 0, at = 8; i < cnt; i++, at += 28) {
                    dst[o++] = (float) LE_FLOAT.get(b, at);
                    dst[o++] = (float) LE_FLOAT.get(b, at + 4);
                    dst[o++] = (float) LE_FLOAT.get(b, at + 8);
                }
            }
        }
        return allDst;
    }
}
