package io.npy4j.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.MapMode;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyHeader;
import io.npy4j.Order;
import io.npy4j.dtype.Shape;
import io.npy4j.select.Selection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of issue 12 with real OS processes (java children running {@link WriterProcess}): many workers fill
 * disjoint windows and lose nothing; a worker killed by SIGKILL loses only its own unfinished windows, which the
 * completion log names; concurrent appenders add up (and a reader meanwhile sees only whole rows); a streaming
 * writer killed mid-stream leaves the old file.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManyWritersProcessTest {
    private static final int WORKERS = 4;
    private static final int THREADS = 2;
    private static final int WINDOWS = 320;
    /** 128 records of 32 bytes are one page: the aligned partition gives windows of about that size. */
    private static final long ROWS = WINDOWS * 128L + 77;

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        started.forEach(Process::destroyForcibly);
    }

    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), WriterProcess.class.getName()));
        cmd.addAll(List.of(args));
        Path err = dir.resolve("child-" + started.size() + ".stderr");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        started.add(p);
        return p;
    }

    private void awaitSuccess(Process p, int index) throws Exception {
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "child " + index + " did not finish");
        assertEquals(0, p.exitValue(), () -> "child " + index + " failed: " + stderr(index));
    }

    private String stderr(int index) {
        try {
            return Files.readString(dir.resolve("child-" + index + ".stderr"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The coordinator's part: the file and its completion log, both created only if absent. */
    private Partition coordinate(Path file) throws IOException {
        NpyHeader h = NpyHeader.of(Records.DTYPE, Shape.of(ROWS), false);
        assertTrue(PreallocatedFile.createIfAbsent(file, h));
        assertFalse(PreallocatedFile.createIfAbsent(file, h), "a second coordinator must find the file");
        Partition p = Partition.aligned(h, WINDOWS, 0);
        for (Partition.Window w : p.windows().subList(1, p.size())) {
            assertEquals(0, (h.dataOffset() + w.first() * Records.SIZE) % Partition.PAGE_SIZE, w.toString());
        }
        CompletionLog.createIfAbsent(file, p).close();
        return p;
    }

    private Process[] startWorkers(Path file, int slowWorker) throws IOException {
        Process[] ps = new Process[WORKERS];
        for (int w = 0; w < WORKERS; w++) {
            boolean positional = w % 2 == 1; // half the workers write with positional I/O instead of mapping
            ps[w] = start("fill", file.toString(), Long.toString(ROWS), Integer.toString(w),
                    Integer.toString(WORKERS), Integer.toString(w == slowWorker ? 1 : THREADS),
                    Boolean.toString(positional), w == slowWorker ? "25" : "0");
        }
        return ps;
    }

    @Test
    void workerProcessesFillDisjointWindowsAndLoseNothing() throws Exception {
        Path file = dir.resolve("result.npy");
        Partition p = coordinate(file);
        Process[] ps = startWorkers(file, -1);
        for (int w = 0; w < WORKERS; w++) {
            awaitSuccess(ps[w], w);
        }
        assertEquals(List.of(), CompletionLog.missing(file));
        byte[] data = data(file);
        int lost = 0;
        int torn = 0;
        int misplaced = 0;
        for (Partition.Window w : p.windows()) {
            for (long r = w.first(); r < w.end(); r++) {
                Records.Row row = Records.row(data, (int) r);
                if (row.isZero()) {
                    lost++;
                } else if (!row.isIntact()) {
                    torn++;
                } else if (row.index() != r || row.part() != w.index() || row.writer() != w.index() % WORKERS) {
                    misplaced++;
                }
            }
        }
        assertEquals(List.of(0, 0, 0), List.of(lost, torn, misplaced), "lost, torn, written by the wrong worker");
    }

    @Test
    void killedWorkerLosesOnlyItsUnfinishedWindowsAndTheLogNamesThem() throws Exception {
        Path file = dir.resolve("result.npy");
        Partition p = coordinate(file);
        int victim = 2;
        Process[] ps = startWorkers(file, victim);
        try (CompletionLog log = CompletionLog.open(file, false)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (doneBy(log, victim) < 5) { // mid-run: some of its windows done, most not
                assertTrue(System.nanoTime() < deadline, "the slow worker never got going: " + stderr(victim));
                assertTrue(ps[victim].isAlive(), () -> "the slow worker ended early: " + stderr(victim));
                Thread.sleep(10);
            }
        }
        ps[victim].destroyForcibly(); // SIGKILL
        assertTrue(ps[victim].waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, ps[victim].exitValue(), "killed by SIGKILL");
        for (int w = 0; w < WORKERS; w++) {
            if (w != victim) {
                awaitSuccess(ps[w], w);
            }
        }
        List<Partition.Window> missing = CompletionLog.missing(file);
        Set<Integer> missingIndices = new HashSet<>();
        missing.forEach(w -> missingIndices.add(w.index()));
        byte[] data = data(file);
        int victimsData = 0;
        int victimsFill = 0;
        for (Partition.Window w : p.windows()) {
            int owner = w.index() % WORKERS;
            boolean complete = true;
            for (long r = w.first(); r < w.end(); r++) {
                Records.Row row = Records.row(data, (int) r);
                boolean exact = row.isIntact() && row.index() == r && row.part() == w.index() && row.writer() == owner;
                if (owner != victim || missingIndices.stream().noneMatch(i -> i == w.index())) {
                    assertTrue(exact, w + " is marked done, row " + r + " must be intact: " + row);
                } else {
                    assertTrue(exact || row.isZero(), w + " of the killed worker, row " + r + ": " + row);
                    victimsData += exact ? 1 : 0;
                    victimsFill += row.isZero() ? 1 : 0;
                }
                complete &= exact;
            }
            if (owner != victim) {
                assertFalse(missingIndices.contains(w.index()), w + " of a live worker reported missing");
            } else if (!complete) {
                assertTrue(missingIndices.contains(w.index()), w + " is unfinished but not reported missing");
            }
        }
        long victimWindows = p.windows().stream().filter(w -> w.index() % WORKERS == victim).count();
        assertTrue(missing.size() > 0 && missing.size() < victimWindows, "killed mid-run: " + missing.size()
                + " of " + victimWindows + " windows missing");
        assertTrue(victimsFill > 0, "the killed worker's unfinished rows read as the fill value (" + victimsData
                + " rows of its data in unmarked windows)");
    }

    private static int doneBy(CompletionLog log, int worker) throws IOException {
        byte[] status = log.statusBytes();
        int n = 0;
        for (int i = worker; i < status.length; i += WORKERS) {
            n += status[i];
        }
        return n;
    }

    private static byte[] data(Path file) throws IOException {
        NpyHeader h = Npy.readHeader(file);
        byte[] all = Files.readAllBytes(file);
        return java.util.Arrays.copyOfRange(all, (int) h.dataOffset(), all.length);
    }

    @Test
    void racingCoordinatorProcessesCreateTheFileOnce() throws Exception {
        Path file = dir.resolve("raced.npy");
        long at = System.currentTimeMillis() + 2000; // all start, then all race at the same instant
        Process[] ps = new Process[4];
        for (int c = 0; c < ps.length; c++) {
            ps[c] = start("coordinate", file.toString(), Long.toString(ROWS), Long.toString(at));
        }
        List<String> said = new ArrayList<>();
        for (int c = 0; c < ps.length; c++) {
            said.add(new String(ps[c].getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
            awaitSuccess(ps[c], started.indexOf(ps[c]));
        }
        assertEquals(1, said.stream().filter("created"::equals).count(), said.toString());
        assertEquals(3, said.stream().filter("found"::equals).count(), said.toString());
        assertEquals(NpyHeader.of(Records.DTYPE, Shape.of(ROWS), false), Npy.readHeader(file));
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(f -> f.toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void concurrentAppendingProcessesAddUp() throws Exception {
        Path file = dir.resolve("log.npy");
        NpyWriter.create(file, Records.DTYPE, Order.C).close(); // shape (0,)
        int appenders = 4;
        int sessions = 20;
        int block = 37;
        Process[] ps = new Process[appenders];
        for (int a = 0; a < appenders; a++) {
            ps[a] = start("append", file.toString(), Integer.toString(a), Integer.toString(sessions),
                    Integer.toString(block));
        }
        long seen = 0;
        int reads = 0;
        while (Stream.of(ps).anyMatch(Process::isAlive)) { // a reader during the appends: complete rows only
            NpyHeader now = AppendingWriter.readHeader(file);
            long n = now.shape().dim(0);
            assertTrue(n >= seen, "the row count never goes back: " + n + " after " + seen);
            try (NpyArray a = Npy.map(file, now, Selection.all(), MapMode.READ_ONLY)) {
                byte[] rows = new byte[(int) (n * Records.SIZE)];
                a.readRaw(0, rows, 0, (int) n);
                for (int r = 0; r < n; r++) {
                    assertTrue(Records.row(rows, r).isIntact(), "a reader saw row " + r + " of " + n + " torn");
                }
            }
            seen = n;
            reads++;
            Thread.sleep(5);
        }
        for (int a = 0; a < appenders; a++) {
            awaitSuccess(ps[a], a);
        }
        assertTrue(reads > 0);
        NpyHeader h = Npy.readHeader(file);
        assertEquals(Shape.of((long) appenders * sessions * block), h.shape());
        assertEquals(h.dataOffset() + h.dataLength(), Files.size(file), "no bytes past the data");
        byte[] data = data(file);
        long[] next = new long[appenders];
        for (int r = 0; r < h.shape().dim(0); r++) {
            Records.Row row = Records.row(data, r);
            assertTrue(row.isIntact(), "row " + r + " torn: " + row);
            assertEquals(next[row.writer()], row.index(), "row " + r + ": appender " + row.writer() + " out of order");
            assertEquals(row.index() / block, row.part(), "row " + r);
            next[row.writer()]++;
            if (row.index() % block != 0) { // a session's rows are contiguous: the lock is held per session
                assertEquals(row.writer(), Records.row(data, r - 1).writer(), "row " + r + " interleaved");
            }
        }
        for (int a = 0; a < appenders; a++) {
            assertEquals((long) sessions * block, next[a], "rows of appender " + a);
        }
    }

    @Test
    void streamingWriterKilledMidStreamLeavesTheOldFileOrNothing() throws Exception {
        Path old = dir.resolve("old.npy");
        Npy.save(old, new double[] {1, 2, 3});
        byte[] before = Files.readAllBytes(old);
        Path fresh = dir.resolve("fresh.npy");
        for (Path target : new Path[] {old, fresh}) {
            Process p = start("stream", target.toString(), "100");
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                assertEquals("started", out.readLine(), () -> stderr(started.size() - 1));
            }
            Thread.sleep(100);
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertArrayEquals(before, Files.readAllBytes(old), "the old file is untouched");
        assertFalse(Files.exists(fresh), "no file where there was none");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> temporaries = s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
            assertEquals(2, temporaries.size(), "SIGKILL leaves the temporary files: " + temporaries);
            for (Path t : temporaries) { // ... which no reader takes for an array
                NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.readHeader(t));
                assertEquals(NpyFormatException.Kind.BAD_MAGIC, e.kind());
            }
        }
    }
}
