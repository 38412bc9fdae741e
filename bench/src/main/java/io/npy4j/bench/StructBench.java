package io.npy4j.bench;

import io.npy4j.MapMode;
import io.npy4j.MappedArray;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Field {@code x} ({@code '<f4', (3,)} at byte 8 of a 28-byte record) of {@code struct_256m.npy}, gathered into a
 * {@code float[]} through {@link MappedArray#field(String)}: the Java side of NumPy's {@code struct_field.mmap}
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

    @Setup(Level.Trial)
    public void setup() throws IOException {
        file = BenchFiles.struct();
        header = Npy.readHeader(file);
        window = Selection.parse(WINDOW);
        windowDst = new float[Math.toIntExact(WINDOW_RECORDS * 3)];
        allDst = new float[Math.toIntExact(BenchFiles.STRUCT_N * 3)];
    }

    /** Map 1M records, take field {@code x}, copy 3M floats (12 MB) into a preallocated array, unmap. */
    @Benchmark
    public float[] structFieldWindow() throws IOException {
        try (MappedArray m = Npy.map(file, header, window, MapMode.READ_ONLY)) {
            MappedArray x = m.field("x");
            x.read(0, windowDst, 0, (int) x.size());
        }
        return windowDst;
    }

    /** Map all 9,586,980 records, copy field {@code x} (115 MB of floats) into a preallocated array, unmap. */
    @Benchmark
    public float[] structFieldAll() throws IOException {
        try (MappedArray m = Npy.map(file, header, Selection.all(), MapMode.READ_ONLY)) {
            MappedArray x = m.field("x");
            x.read(0, allDst, 0, (int) x.size());
        }
        return allDst;
    }
}
