package io.npy4j.bench;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.npz.NpzArchive;
import io.npy4j.npz.NpzEntry;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * npz archives (issue 13), the Java side of {@code bench/numpy_npz_virtual.py} on the files it creates in
 * {@code DIR/npzv/} (names, shapes and the window repeated here): writes of 16 x 8 MiB members deflated
 * ({@code Npy.savezCompressed}, zlib level 6 as NumPy) and stored ({@code Npy.savez}), the full read of one member,
 * a 4096-row window of a 256 MiB stored member, and the headers of a 1,000-member archive. Every op opens and
 * closes the archive, as {@code np.load(p)} does. Page cache warm.
 *
 * <p>Writes are {@code SingleShotTime} (0.1-5 s per op); before each, the previous output is deleted and
 * {@code sync} runs (untimed), as on the NumPy side. Npy4j's writes are atomic: temp file, write, fsync, rename.
 * The last deflated output is kept ({@code out_java_deflated.npz}) so the run script can check that NumPy reads it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@State(Scope.Benchmark)
public class NpzBench {
    static final long[] W16_SHAPE = {16384, 64};
    static final long[] BIG_SHAPE = {524288, 64};
    static final String WINDOW = "[262144:266240]";
    static final int H_MEMBERS = 1000;

    static Path dir() {
        return BenchFiles.dir().resolve("npzv");
    }

    static Path file(String name) {
        Path p = dir().resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: run python3 bench/numpy_npz_virtual.py "
                    + BenchFiles.dir() + " --create-only");
        }
        return p;
    }

    private Path w16Stored;
    private Path w16Deflated;
    private Path big;
    private Path h1000;
    private Selection window;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        w16Stored = file("w16_stored.npz");
        w16Deflated = file("w16_deflated.npz");
        big = file("big_stored.npz");
        h1000 = file("h1000.npz");
        window = Selection.parse(WINDOW);
        try (NpzArchive z = Npy.openNpz(big)) {
            NpyHeader h = z.header("big");
            if (!java.util.Arrays.equals(h.shape().toArray(), BIG_SHAPE) || z.entries().get(0).compressed()) {
                throw new IllegalStateException(big + ": expected one stored member 'big' of " + java.util.Arrays
                        .toString(BIG_SHAPE));
            }
        }
        if (headers() != H_MEMBERS) {
            throw new IllegalStateException(h1000 + " does not have " + H_MEMBERS + " members");
        }
        NpyArray w = windowStored();
        if (w.shape().dim(0) != 4096 || w.getDouble(0, 0) != 262144.0 * 64) {
            throw new IllegalStateException("window of " + big + " is " + w.shape() + " starting " + w.getDouble(0, 0));
        }
    }

    /** The writes' inputs: the 16 members of w16_stored.npz, read once per trial. */
    @State(Scope.Benchmark)
    public static class Inputs {
        Map<String, NpyArray> arrays;

        @Setup(Level.Trial)
        public void setup() throws IOException {
            arrays = new LinkedHashMap<>();
            try (NpzArchive z = Npy.openNpz(file("w16_stored.npz"))) {
                for (NpzEntry e : z.entries()) {
                    NpyArray a = z.read(e.name());
                    if (!java.util.Arrays.equals(a.shape().toArray(), W16_SHAPE)) {
                        throw new IllegalStateException("member " + e.name() + " has shape " + a.shape());
                    }
                    arrays.put(e.name(), a);
                }
            }
            if (arrays.size() != 16) {
                throw new IllegalStateException("w16_stored.npz has " + arrays.size() + " members, not 16");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            arrays = null;
        }
    }

    /** A write's output: deleted, then {@code sync} (untimed) before each op, as numpy_npz_virtual.py does. */
    abstract static class Output {
        Path out;

        @Setup(Level.Invocation)
        public void clean() throws IOException, InterruptedException {
            Files.deleteIfExists(out);
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        }
    }

    /** The deflated output; the last one stays for the NumPy check of run_npz_virtual.sh (which deletes it). */
    @State(Scope.Benchmark)
    public static class DeflatedOut extends Output {
        public DeflatedOut() {
            out = dir().resolve("out_java_deflated.npz");
        }
    }

    @State(Scope.Benchmark)
    public static class StoredOut extends Output {
        public StoredOut() {
            out = dir().resolve("out_java_stored.npz");
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            Files.deleteIfExists(out);
        }
    }

    /** {@code Npy.savezCompressed}: 16 x 8 MiB deflated at level 6 on all cores, atomic (fsync + rename). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 1)
    @Measurement(iterations = 4)
    public void writeDeflated(Inputs in, DeflatedOut o) throws IOException {
        Npy.savezCompressed(o.out, in.arrays);
    }

    /** {@code Npy.savez}: 16 x 8 MiB stored, atomic (fsync + rename). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 2)
    @Measurement(iterations = 7)
    public void writeStored(Inputs in, StoredOut o) throws IOException {
        Npy.savez(o.out, in.arrays);
    }

    /**
     * {@code NpzWriter.withoutForce()}: 16 x 8 MiB stored, atomic (temp + rename) but not forced, as {@code np.savez}
     * does not force.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 2)
    @Measurement(iterations = 7)
    public void writeStoredUnforced(Inputs in, StoredOut o) throws IOException {
        try (io.npy4j.npz.NpzWriter w = Npy.newNpz(o.out, false).withoutForce()) {
            in.arrays.forEach(w::add);
        }
    }

    /** The same, deflated. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 1)
    @Measurement(iterations = 4)
    public void writeDeflatedUnforced(Inputs in, StoredOut o) throws IOException {
        try (io.npy4j.npz.NpzWriter w = Npy.newNpz(o.out, true).withoutForce()) {
            in.arrays.forEach(w::add);
        }
    }

    /** Open w16_stored.npz, read member m07 whole (8 MiB, CRC checked), close: {@code np.load(p)['m07']}. */
    @Benchmark
    public NpyArray readMemberStored() throws IOException {
        try (NpzArchive z = Npy.openNpz(w16Stored)) {
            return z.read("m07");
        }
    }

    /** The same from the deflated archive. */
    @Benchmark
    public NpyArray readMemberDeflated() throws IOException {
        try (NpzArchive z = Npy.openNpz(w16Deflated)) {
            return z.read("m07");
        }
    }

    /** Open big_stored.npz, read rows [262144:266240] of 'big' (2 MiB through a mapping), close. */
    @Benchmark
    public NpyArray windowStored() throws IOException {
        try (NpzArchive z = Npy.openNpz(big)) {
            return z.read("big", window);
        }
    }

    /** Open h1000.npz (central directory) and read every member's header, close. */
    @Benchmark
    public int headers() throws IOException {
        try (NpzArchive z = Npy.openNpz(h1000)) {
            List<NpyHeader> hs = new ArrayList<>(z.entries().size());
            for (NpzEntry e : z.entries()) {
                hs.add(z.header(e.name()));
            }
            return hs.size();
        }
    }
}
