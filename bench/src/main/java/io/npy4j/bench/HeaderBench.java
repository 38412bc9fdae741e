package io.npy4j.bench;

import io.npy4j.Npy;
import io.npy4j.NpyHeader;
import java.io.IOException;
import java.nio.channels.FileChannel;
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
 * Header reads of {@code f64_1g.npy} (1 GiB of data behind a 128-byte header): NumPy's {@code header.f64_1g.open}
 * (open + read_magic + read_array_header + close per call) and {@code header.f64_1g.seek} (file kept open, seek(0)).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class HeaderBench {
    private Path f64;
    private FileChannel channel;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        f64 = BenchFiles.f64();
        channel = FileChannel.open(f64, StandardOpenOption.READ);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        channel.close();
    }

    /** {@code Npy.readHeader(path)}: open, read the header, check the file length (fstat), close. */
    @Benchmark
    public NpyHeader headerRead() throws IOException {
        return Npy.readHeader(f64);
    }

    /** {@code Npy.readHeader(channel)} on a channel kept open, rewound per call (no length check). */
    @Benchmark
    public NpyHeader headerReadOpenChannel() throws IOException {
        channel.position(0);
        return Npy.readHeader(channel);
    }
}
