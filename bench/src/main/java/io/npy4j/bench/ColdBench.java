package io.npy4j.bench;

import io.npy4j.MapMode;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.nio.file.Files;
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
 * A 256 MiB window (rows {@code [16384:49152]}) of {@code cold_f64_512m.npy} (65536 x 1024 {@code <f8}, made by
 * bench/compare) with the file out of the page cache before every op: header, map, fresh array, copy, unmap, as
 * {@code np.array(np.load(p, mmap_mode='r')[a:b])} on bench/compare's NumPy side.
 *
 * <p>How the file leaves the cache, {@code -Dnpy4j.bench.cold} (bench/compare picks one for both sides and says
 * which): {@code drop} = {@code sync} then {@code 3} into {@code /proc/sys/vm/drop_caches} (the whole machine's
 * page cache; needs root), {@code fadvise} = {@code posix_fadvise(POSIX_FADV_DONTNEED)} on the file through
 * {@code python3} (Java has no fadvise; the eviction is untimed either way).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class ColdBench {
    static final String FILE = "cold_f64_512m.npy";
    static final String WINDOW = "[16384:49152]";

    private Path file;
    private Selection window;
    private String how;

    @Setup(Level.Trial)
    public void setup() {
        file = BenchFiles.file(FILE, new long[] {65536, 1024}, "'<f8'");
        window = Selection.parse(WINDOW);
        how = System.getProperty("npy4j.bench.cold", "fadvise");
        if (!how.equals("drop") && !how.equals("fadvise")) {
            throw new IllegalStateException("-Dnpy4j.bench.cold=" + how + ": expected drop or fadvise");
        }
    }

    /** Take the file out of the page cache (untimed). */
    @Setup(Level.Invocation)
    public void evict() throws IOException, InterruptedException {
        if (how.equals("drop")) {
            run("sync");
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3\n");
        } else {
            run("python3", "-c", "import os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); "
                    + "os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED); os.close(fd)", file.toString());
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        int rc = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IOException(String.join(" ", command) + " exited " + rc);
        }
    }

    @Benchmark
    public double[] coldWindowOpenMapCopyCloseAlloc() throws IOException {
        try (NpyArray m = Npy.map(file, window, MapMode.READ_ONLY)) {
            double[] dst = new double[(int) m.size()];
            m.read(0, dst, 0, dst.length);
            return dst;
        }
    }
}
