package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.Npy;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real launcher {@code target/bin/npyslice} on a sparse 8 GiB float64 file of shape (2^20, 1024) (8 KiB rows),
 * under a 64 MiB heap and under {@code ulimit -v}. A few known values sit near the start, around data byte 2^32 (row
 * 524288 starts exactly there) and at the end; everything else reads as zero.
 *
 * <p>Why the launcher sets defaults ({@code ulimit -v 1500000} KiB, JDK 17, 2 cores): with {@code -Xmx64m} alone a
 * JVM does not start ("Could not allocate compressed class space: 1073741824 bytes"; the class space reserves
 * 1 GiB by default), and once started, glibc's per-thread malloc arenas (64 MiB reserved each, up to 8 per core;
 * VmPeak ~1.7-2.0 GB) leave no room for the mappings. The launcher therefore passes
 * {@code -XX:CompressedClassSpaceSize=64m} and a serial GC before JAVA_OPTS and exports {@code MALLOC_ARENA_MAX=2}
 * (VmPeak ~1.07 GB). {@link #ulimitWithContractFlags()} checks the contract's JAVA_OPTS under the ulimit with a
 * clean environment; {@link #ulimitWithArenaCap()} checks the smallest JAVA_OPTS and an explicit arena cap.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NpySliceMemoryIT {
    private static final long ROWS = 1L << 20;
    private static final long COLS = 1024;
    private static final long ROW_BYTES = COLS * 8;
    private static final int ULIMIT_KB = 1_500_000;
    private static final String CONTRACT_OPTS = "-Xmx64m -XX:ReservedCodeCacheSize=64m"
            + " -XX:CompressedClassSpaceSize=64m -XX:MaxMetaspaceSize=128m";
    /** The smallest JAVA_OPTS that let the JVM start under the ulimit. */
    private static final String MIN_START_OPTS = "-Xmx64m -XX:CompressedClassSpaceSize=64m";
    /** Rows 524000..654999: 131000 rows = 1,073,152,000 bytes, crossing data byte 2^32 (row 524288). */
    private static final String WINDOW = "[524000:655000, ::1]";
    private static final long WINDOW_FIRST = 524_000;
    private static final long WINDOW_ROWS = 131_000;

    /** Known values: {row, col} to value. */
    private static final Map<long[], Double> KNOWN = new LinkedHashMap<>();

    static {
        KNOWN.put(new long[] {0, 7}, 1.5);
        KNOWN.put(new long[] {3, 1}, -2.25);
        KNOWN.put(new long[] {524_000, 0}, 11.0);            // first element of the window
        KNOWN.put(new long[] {524_287, 1023}, 4294967288.0); // the 8 bytes just before data byte 2^32
        KNOWN.put(new long[] {524_288, 0}, 4294967296.0);    // data byte 2^32 itself
        KNOWN.put(new long[] {524_288, 7}, 77.0);            // also on the [::4096, 7] column
        KNOWN.put(new long[] {600_000, 5}, 42.5);
        KNOWN.put(new long[] {654_999, 1023}, -1e300);       // last element of the window
        KNOWN.put(new long[] {ROWS - 4096, 7}, 3.0e-7);      // last row of [::4096, 7]
        KNOWN.put(new long[] {ROWS - 1, 1023}, 6.02e23);     // the very last element of the file
    }

    private static Path work;
    private static Path big;
    private static Path launcher;
    private static long dataOffset;

    @BeforeAll
    static void createSparseFile() throws IOException {
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        launcher = base.resolve("target").resolve("bin").resolve("npyslice");
        // failsafe runs against the packaged jar; a surefire run (e.g. -Dtest='NpySlice*') sees target/classes and
        // would drive a launcher left over from an earlier build: skip that
        String loadedFrom = String.valueOf(NpySliceCommand.class.getProtectionDomain().getCodeSource().getLocation());
        Assumptions.assumeTrue(loadedFrom.endsWith(".jar"), "integration test: runs in failsafe after package, not"
                + " from " + loadedFrom);
        Assumptions.assumeTrue(Files.isExecutable(launcher), "no launcher " + launcher + ": run mvn package");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for ulimit");
        // under target/, not /tmp: same disk as the build, and nothing else cleans it while we run
        work = Files.createDirectories(base.resolve("target").resolve("npyslice-memory-it"));
        long free = Files.getFileStore(work).getUsableSpace();
        Assumptions.assumeTrue(free > 2_000_000_000L, "only " + free + " bytes free under " + work);
        big = work.resolve("big.npy");
        NpyHeader h = NpyHeader.of(ScalarType.FLOAT64, Shape.of(ROWS, COLS), false);
        byte[] header = Npy.encodeHeader(h);
        dataOffset = h.dataOffset();
        assertEquals(header.length, dataOffset);
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(0);
            f.write(header);
            f.setLength(dataOffset + ROWS * ROW_BYTES); // sparse: reads as zeros, uses no disk
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<long[], Double> e : KNOWN.entrySet()) {
                b.clear();
                b.putDouble(e.getValue());
                f.seek(dataOffset + e.getKey()[0] * ROW_BYTES + e.getKey()[1] * 8);
                f.write(b.array());
            }
        }
        assertEquals(8L * 1024 * 1024 * 1024 + dataOffset, Files.size(big));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (work != null && Files.exists(work)) {
            try (Stream<Path> s = Files.walk(work)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    // --- running the launcher --------------------------------------------------------------------------------

    record Result(int status, String err, long peakRssKb) {
    }

    /**
     * Runs {@code bash -c 'ulimit -v N; exec [/usr/bin/time -f %M -o F] npyslice "$@"'} with JAVA_OPTS and the
     * extra environment; stdout is a pipe read by {@code sink}, or discarded if {@code sink} is null.
     */
    private static Result launch(String javaOpts, Map<String, String> env, Integer ulimitKb, StdoutSink sink,
            String... args) throws IOException, InterruptedException {
        Path rss = work.resolve("rss.txt");
        Files.deleteIfExists(rss);
        boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
        String script = (ulimitKb != null ? "ulimit -v " + ulimitKb + " || exit 97; " : "") + "exec "
                + (timed ? "/usr/bin/time -f %M -o \"$RSS_FILE\" " : "") + "\"$LAUNCHER\" \"$@\"";
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", "-c", script, "npyslice"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()); // hs_err files, if any, land here
        pb.environment().put("JAVA_OPTS", javaOpts);
        pb.environment().put("LAUNCHER", launcher.toString());
        pb.environment().put("RSS_FILE", rss.toString());
        pb.environment().remove("MALLOC_ARENA_MAX");
        pb.environment().putAll(env);
        Path err = work.resolve("stderr.txt");
        pb.redirectError(err.toFile());
        pb.redirectOutput(sink == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        if (sink != null) {
            try (InputStream in = p.getInputStream()) {
                sink.consume(in);
            }
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("npyslice did not finish within 5 minutes: " + String.join(" ", args));
        }
        String errText = Files.readString(err, StandardCharsets.UTF_8);
        long peak = -1;
        if (timed && Files.exists(rss)) {
            List<String> lines = Files.readAllLines(rss);
            String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
            if (last.matches("\\d+")) {
                peak = Long.parseLong(last);
            } else {
                errText += String.join("\n", lines); // "Command exited with non-zero status"
            }
        }
        return new Result(p.exitValue(), errText, peak);
    }

    interface StdoutSink {
        void consume(InputStream in) throws IOException;
    }

    private static void report(String what, Result r) {
        System.out.println("NpySliceMemoryIT " + what + ": exit " + r.status() + ", peak RSS "
                + (r.peakRssKb() < 0 ? "n/a" : r.peakRssKb() + " KiB"));
    }

    /** Streams a .npy from a pipe: checks its header and the known values of the window; returns total bytes. */
    private static long checkWindowStream(InputStream in) throws IOException {
        byte[] head = in.readNBytes(Math.toIntExact(dataOffset));
        NpyHeader h = Npy.readHeader(head);
        assertEquals(Shape.of(WINDOW_ROWS, COLS), h.shape());
        assertEquals("'<f8'", h.dtype().descr());
        Map<Long, Double> want = windowValues(h.dataOffset());
        long pos = head.length;
        byte[] buf = new byte[1 << 20];
        Map<Long, Double> seen = new LinkedHashMap<>();
        // full 1 MiB reads from an 8-aligned position: no 8-aligned value straddles two reads
        for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; pos += n) {
            for (Map.Entry<Long, Double> e : want.entrySet()) {
                long at = e.getKey();
                if (at >= pos && at + 8 <= pos + n) {
                    seen.put(at, ByteBuffer.wrap(buf, (int) (at - pos), 8).order(ByteOrder.LITTLE_ENDIAN)
                            .getDouble());
                }
            }
        }
        assertEquals(want, seen);
        return pos;
    }

    /** Output byte offset to value, for the known values inside {@link #WINDOW}. */
    private static Map<Long, Double> windowValues(long outDataOffset) {
        Map<Long, Double> want = new LinkedHashMap<>();
        for (Map.Entry<long[], Double> e : KNOWN.entrySet()) {
            long row = e.getKey()[0];
            if (row >= WINDOW_FIRST && row < WINDOW_FIRST + WINDOW_ROWS) {
                want.put(outDataOffset + ((row - WINDOW_FIRST) * COLS + e.getKey()[1]) * 8, e.getValue());
            }
        }
        // and a zero from the sparse middle
        want.put(outDataOffset + (1000 * COLS + 3) * 8, 0.0);
        return want;
    }

    private static void assertNoLeftovers() throws IOException {
        try (Stream<Path> s = Files.list(work)) {
            List<String> tmp = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertEquals(List.of(), tmp);
        }
    }

    // --- tests -----------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void windowAcross4GiBUnderSmallHeap() throws Exception {
        Path out = work.resolve("window.npy");
        Result r = launch("-Xmx64m", Map.of(), null, null, big.toString(), WINDOW, "-o", out.toString());
        report("(a) -Xmx64m " + WINDOW + " -o file", r);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        NpyHeader h = Npy.readHeader(out);
        assertEquals(Shape.of(WINDOW_ROWS, COLS), h.shape());
        assertFalse(h.fortranOrder());
        assertEquals(h.dataOffset() + WINDOW_ROWS * ROW_BYTES, Files.size(out));
        assertArrayEquals(Npy.encodeHeader(NpyHeader.of(ScalarType.FLOAT64, Shape.of(WINDOW_ROWS, COLS), false)),
                readBytes(out, 0, (int) h.dataOffset()));
        for (Map.Entry<Long, Double> e : windowValues(h.dataOffset()).entrySet()) {
            assertEquals(e.getValue(), ByteBuffer.wrap(readBytes(out, e.getKey(), 8)).order(ByteOrder.LITTLE_ENDIAN)
                    .getDouble(), "at output byte " + e.getKey());
        }
        assertNoLeftovers();
        Files.delete(out);
    }

    @Test
    @Order(2)
    void ulimitWithContractFlags() throws Exception {
        Path out = work.resolve("ulimit.npy");
        Result r = launch(CONTRACT_OPTS, Map.of(), ULIMIT_KB, null, big.toString(), WINDOW, "-o",
                out.toString());
        report("(b) ulimit -v " + ULIMIT_KB + " contract JAVA_OPTS", r);
        assertEquals(0, r.status(), r.err());
        assertEquals(h(out).dataOffset() + WINDOW_ROWS * ROW_BYTES, Files.size(out));
    }

    @Test
    @Order(3)
    void ulimitWithArenaCap() throws Exception {
        // a JVM that cannot even start shows up as exit 1 with "Could not allocate compressed class space"
        Result start = launch("-Xmx64m", Map.of(), ULIMIT_KB, null, "--version");
        report("(b0) ulimit -v " + ULIMIT_KB + " -Xmx64m --version", start);
        Result minimal = launch(MIN_START_OPTS, Map.of(), ULIMIT_KB, null, "--version");
        report("(b0) ulimit -v " + ULIMIT_KB + " " + MIN_START_OPTS + " --version", minimal);
        assertEquals(0, minimal.status(), minimal.err());
        // the window through a pipe under the ulimit: works once glibc's arenas are capped
        long[] total = {0};
        Result r = launch(MIN_START_OPTS, Map.of("MALLOC_ARENA_MAX", "2"), ULIMIT_KB,
                in -> total[0] = checkWindowStream(in), big.toString(), WINDOW, "-o", "-");
        report("(b) ulimit -v " + ULIMIT_KB + " MALLOC_ARENA_MAX=2 " + MIN_START_OPTS + " " + WINDOW + " -o -", r);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        assertEquals(dataOffset + WINDOW_ROWS * ROW_BYTES, total[0]);
        // the same to a file, with the contract's own flags plus the arena cap
        Path out = work.resolve("ulimit.npy");
        Result f = launch(CONTRACT_OPTS, Map.of("MALLOC_ARENA_MAX", "2"), ULIMIT_KB, null,
                big.toString(), WINDOW, "-o", out.toString());
        report("(b) ulimit -v " + ULIMIT_KB + " MALLOC_ARENA_MAX=2 contract JAVA_OPTS -o file", f);
        assertEquals(0, f.status(), f.err());
        assertEquals(h(out).dataOffset() + WINDOW_ROWS * ROW_BYTES, Files.size(out));
        assertNoLeftovers();
        Files.delete(out);
    }

    @Test
    @Order(4)
    void failureUnderUlimitKeepsExistingOut() throws Exception {
        // with the contract's flags and no arena cap the copy runs out of address space on this kind of machine
        // (see ulimitWithContractFlags): whatever the outcome, OUT is either the whole slice or untouched
        Path out = work.resolve("existing.npy");
        byte[] before = "an existing OUT\n".getBytes(StandardCharsets.UTF_8);
        Files.write(out, before);
        Result r = launch(CONTRACT_OPTS, Map.of(), ULIMIT_KB, null, big.toString(), WINDOW, "-o", out.toString());
        report("(b1) ulimit -v " + ULIMIT_KB + " contract JAVA_OPTS over an existing OUT", r);
        if (r.status() == 0) {
            assertEquals(h(out).dataOffset() + WINDOW_ROWS * ROW_BYTES, Files.size(out));
        } else {
            assertEquals(1, r.status(), r.err());
            assertTrue(r.err().startsWith("npyslice: "), r.err());
            assertEquals(1, r.err().lines().filter(l -> !l.startsWith("Command exited")).count(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
            assertArrayEquals(before, Files.readAllBytes(out));
        }
        assertNoLeftovers();
        Files.delete(out);
    }

    @Test
    @Order(5)
    void stridedColumnAcrossWholeFile() throws Exception {
        Path out = work.resolve("column.npy");
        Result r = launch("-Xmx64m", Map.of(), null, null, big.toString(), "[::4096, 7]", "-o",
                out.toString());
        report("(c) -Xmx64m [::4096, 7]", r);
        assertEquals(0, r.status(), r.err());
        NpyHeader h = Npy.readHeader(out);
        assertEquals(Shape.of(ROWS / 4096), h.shape());
        double[] col = new double[(int) (ROWS / 4096)];
        ByteBuffer.wrap(Files.readAllBytes(out), (int) h.dataOffset(), col.length * 8).order(ByteOrder.LITTLE_ENDIAN)
                .asDoubleBuffer().get(col);
        double[] expect = new double[col.length];
        expect[0] = 1.5;                       // row 0, col 7
        expect[524_288 / 4096] = 77.0;         // row 524288, col 7: just past data byte 2^32
        expect[expect.length - 1] = 3.0e-7;    // row 2^20 - 4096, col 7
        assertArrayEquals(expect, col);
        Files.delete(out);
    }

    @Test
    @Order(6)
    void stdoutToPipeHasNoProgressText() throws Exception {
        // 9000 rows = 73.7 MB: above the 64 MiB from which a progress bar is drawn on a terminal
        long rows = 9000;
        long[] total = {0};
        double[] seen = new double[2];
        Result r = launch("-Xmx64m", Map.of(), null, in -> {
            byte[] head = in.readNBytes(Math.toIntExact(dataOffset));
            NpyHeader h = Npy.readHeader(head);
            assertEquals(Shape.of(rows, COLS), h.shape());
            byte[] first = in.readNBytes((int) (4 * ROW_BYTES));
            ByteBuffer b = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN);
            seen[0] = b.getDouble(7 * 8);
            seen[1] = b.getDouble((int) (3 * ROW_BYTES + 8));
            total[0] = head.length + first.length + in.transferTo(java.io.OutputStream.nullOutputStream());
        }, big.toString(), "[:" + rows + "]", "-o", "-");
        report("(d) -Xmx64m [:9000] -o - | pipe", r);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err(), "stderr must stay empty when it is not a terminal");
        assertEquals(dataOffset + rows * ROW_BYTES, total[0]);
        assertEquals(1.5, seen[0]);
        assertEquals(-2.25, seen[1]);
    }

    private static NpyHeader h(Path npy) throws IOException {
        return Npy.readHeader(npy);
    }

    private static byte[] readBytes(Path file, long at, int n) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
                // read fully
            }
            return b.array();
        }
    }
}
