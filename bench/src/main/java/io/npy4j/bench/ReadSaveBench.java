package io.npy4j.bench;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.SaveOptions;
import java.io.BufferedInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * Whole-array reads and saves of {@code f64_1g.npy} (1 GiB of {@code <f8}), the Java side of
 * {@code bench/numpy_readsave.py} ({@code np.load(p)}, {@code np.save(p, a)} with and without fsync). Page cache warm
 * (JMH's warm-up reads touch every page). Each op is 0.2-3 s, so samples are single shots ({@code SingleShotTime}),
 * many of them, as on the NumPy side.
 *
 * <p>Saves: before each op the previous output is deleted and {@code sync} is run (untimed), as NumPy's side does,
 * so the dirty pages of one save are not written back during the next.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 7)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
@State(Scope.Benchmark)
public class ReadSaveBench {
    private Path f64;

    @Setup(Level.Trial)
    public void setup() {
        f64 = BenchFiles.f64();
    }

    /** The saves' input (the 1 GiB array, read once per trial) and output. */
    @State(Scope.Benchmark)
    public static class Save {
        Path out;
        NpyArray array;
        /** Npy.save's defaults; {@code -Dnpy4j.bench.saveBuffer=BYTES} (a JMH -jvmArgsAppend) tries another buffer. */
        SaveOptions options = Integer.getInteger("npy4j.bench.saveBuffer") == null ? SaveOptions.defaults()
                : SaveOptions.defaults().withBufferSize(Integer.getInteger("npy4j.bench.saveBuffer"));

        @Setup(Level.Trial)
        public void setup() throws IOException {
            out = BenchFiles.dir().resolve("out_save_java.npy");
            array = Npy.read(BenchFiles.f64());
        }

        /** Delete the last output and flush dirty pages (untimed), as numpy_readsave.py does before each save. */
        @Setup(Level.Invocation)
        public void clean() throws IOException, InterruptedException {
            Files.deleteIfExists(out);
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            Files.deleteIfExists(out);
            array = null;
        }
    }

    /**
     * {@code Npy.read(Path)}: header, a fresh 1 GiB {@code byte[]}, copied from a mapping on up to 4 threads
     * ({@code -Dnpy4j.read.threads=N} in {@code -jvmArgsAppend} caps them; 1 is the single-threaded copy).
     */
    @Benchmark
    public NpyArray readPath() throws IOException {
        return Npy.read(f64);
    }

    /** {@code Npy.read(InputStream)} over a plain {@link FileInputStream}. */
    @Benchmark
    public NpyArray readFileInputStream() throws IOException {
        try (InputStream in = new FileInputStream(f64.toFile())) {
            return Npy.read(in);
        }
    }

    /** {@code Npy.read(InputStream)} over a {@link BufferedInputStream} (default 8 KiB buffer). */
    @Benchmark
    public NpyArray readBufferedInputStream() throws IOException {
        try (InputStream in = new BufferedInputStream(new FileInputStream(f64.toFile()))) {
            return Npy.read(in);
        }
    }

    /** {@code Npy.read(ReadableByteChannel)} over a {@link FileChannel}. */
    @Benchmark
    public NpyArray readChannel() throws IOException {
        try (FileChannel ch = FileChannel.open(f64, StandardOpenOption.READ)) {
            return Npy.read(ch);
        }
    }

    /**
     * {@code Npy.save(Path, array)}: atomic and durable (temporary file, write with the background force of
     * {@code WriteBehind}, final force = fsync, rename).
     */
    @Benchmark
    public void savePath(Save s) throws IOException {
        Npy.save(s.out, s.array, s.options);
    }

    /**
     * {@code Npy.save(Path, array, withDurable(false))}: temporary file, write, rename, no fsync (the explicit
     * opt-out; compared with a plain {@code np.save(p, a)}, which does not fsync either).
     */
    @Benchmark
    public void savePathNoFsync(Save s) throws IOException {
        Npy.save(s.out, s.array, s.options.withDurable(false));
    }

    /**
     * {@code Npy.save(WritableByteChannel, array)} to a new file, no fsync, no rename: the same work as a plain
     * {@code np.save(p, a)} (which only writes to the page cache).
     */
    @Benchmark
    public void saveChannelNoFsync(Save s) throws IOException {
        try (FileChannel ch = FileChannel.open(s.out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Npy.save(ch, s.array, s.options);
        }
    }
}
