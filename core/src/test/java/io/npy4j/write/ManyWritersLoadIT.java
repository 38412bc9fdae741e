package io.npy4j.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.Npy;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's load test of the many-writers proof ({@link ManyWritersProcessTest} at scale): 8 worker processes
 * ({@link WriterProcess} {@code fill}) × 4 threads fill about 2,000 page-aligned windows of one preallocated record
 * file, half of them mapped, half with positional I/O; every row is then checked: none lost (still the fill value),
 * none torn (its checksum fails), none written by the wrong worker or for the wrong window, and the completion log
 * names no window missing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManyWritersLoadIT {
    private static final int WORKERS = 8;
    private static final int THREADS = 4;
    private static final int WINDOWS = 2000;
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
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        started.add(p);
        return p;
    }

    @Test
    void eightProcessesOfFourThreadsFillTwoThousandWindowsAndLoseNothing() throws Exception {
        Path file = dir.resolve("result.npy");
        NpyHeader h = NpyHeader.of(Records.DTYPE, Shape.of(ROWS), false);
        assertTrue(PreallocatedFile.createIfAbsent(file, h));
        Partition p = Partition.aligned(h, WINDOWS, 0);
        assertTrue(p.size() >= WINDOWS * 9 / 10, "about " + WINDOWS + " windows: " + p.size());
        for (Partition.Window w : p.windows().subList(1, p.size())) {
            assertEquals(0, (h.dataOffset() + w.first() * Records.SIZE) % Partition.PAGE_SIZE, w.toString());
        }
        CompletionLog.createIfAbsent(file, p).close();

        Process[] ps = new Process[WORKERS];
        for (int w = 0; w < WORKERS; w++) {
            ps[w] = start("fill", file.toString(), Long.toString(ROWS), Integer.toString(w),
                    Integer.toString(WORKERS), Integer.toString(THREADS), Boolean.toString(w % 2 == 1), "0");
        }
        for (int w = 0; w < WORKERS; w++) {
            assertTrue(ps[w].waitFor(100, TimeUnit.SECONDS), "worker " + w + " did not finish");
            int index = w;
            assertEquals(0, ps[w].exitValue(), () -> "worker " + index + " failed: " + stderr(index));
        }

        assertEquals(List.of(), CompletionLog.missing(file), "the completion log names no window missing");
        NpyHeader found = Npy.readHeader(file);
        assertEquals(h, found);
        byte[] all = Files.readAllBytes(file);
        byte[] data = Arrays.copyOfRange(all, (int) found.dataOffset(), all.length);
        assertEquals(ROWS * Records.SIZE, data.length);
        int lost = 0;
        int torn = 0;
        int misplaced = 0;
        long checked = 0;
        int[] byWorker = new int[WORKERS];
        for (Partition.Window w : p.windows()) {
            for (long r = w.first(); r < w.end(); r++) {
                Records.Row row = Records.row(data, (int) r);
                checked++;
                if (row.isZero()) {
                    lost++;
                } else if (!row.isIntact()) {
                    torn++;
                } else if (row.index() != r || row.part() != w.index() || row.writer() != w.index() % WORKERS) {
                    misplaced++;
                } else {
                    byWorker[row.writer()]++;
                }
            }
        }
        assertEquals(ROWS, checked, "the windows cover every row");
        assertEquals(List.of(0, 0, 0), List.of(lost, torn, misplaced), "lost, torn, written by the wrong worker");
        for (int w = 0; w < WORKERS; w++) {
            assertTrue(byWorker[w] > 0, "worker " + w + " wrote its share");
        }
    }

    private String stderr(int index) {
        try {
            return Files.readString(dir.resolve("child-" + index + ".stderr"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
