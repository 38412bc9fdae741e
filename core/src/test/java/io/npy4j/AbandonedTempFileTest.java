package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.dtype.ScalarType;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 11: a save killed with SIGKILL leaves its temporary file; the next save to the same target removes
 * it, and removes nothing a live writer, another target or another program could still need.
 */
class AbandonedTempFileTest {
    @TempDir
    Path dir;

    /** Child JVM: saves 8 MiB of zeros to {@code args[0]}, slowly (one 1 MiB buffer every 500 ms), to be killed. */
    public static final class SlowSave {
        public static void main(String[] args) throws IOException {
            NpyArray zeros = Npy.zeros(ScalarType.UINT8, 8 << 20);
            Npy.save(Path.of(args[0]), zeros, SaveOptions.defaults().withBufferSize(1 << 20).withProgress(n -> {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
    }

    private TreeSet<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static byte[] npyBytes(NpyArray a) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Npy.save(b, a);
        return b.toByteArray();
    }

    /** The PID of a process that has exited (and was reaped). */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.pid();
    }

    @Test
    void aSaveKilledWithSigkillLeavesATempFileTheNextSaveRemoves() throws Exception {
        Path target = dir.resolve("t.npy");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), SlowSave.class.getName(), target.toString())
                .redirectOutput(new File("/dev/null")).redirectError(new File("/dev/null")).start();
        String tmp = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (tmp == null && System.nanoTime() < deadline && child.isAlive()) {
            tmp = names().stream().filter(n -> n.startsWith(".t.npy.") && n.endsWith(".tmp")).findFirst()
                    .orElse(null);
            Thread.sleep(20);
        }
        assertTrue(tmp != null, "the child never created its temporary file");
        assertTrue(child.isAlive(), "the child finished before it could be killed");
        child.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by signal 9");
        assertEquals(new TreeSet<>(List.of(tmp)), names(), "SIGKILL left the temporary file, and nothing else");
        assertTrue(tmp.matches("\\.t\\.npy\\." + child.pid() + "\\.[0-9a-f]{16}\\.tmp"), tmp);

        NpyArray small = Npy.array(new int[] {1, 2, 3}, 3);
        Npy.save(target, small);
        assertEquals(new TreeSet<>(List.of("t.npy")), names(), "the abandoned temporary file is gone");
        assertArrayEquals(npyBytes(small), Files.readAllBytes(target));
    }

    @Test
    void onlyAbandonedTempFilesOfTheSameTargetAreRemoved() throws Exception {
        long dead = deadPid();
        long self = ProcessHandle.current().pid();
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            long live = sleeper.pid();
            Instant sleeperStart = sleeper.info().startInstant().orElseThrow();
            String hex = "0123456789abcdef";
            List<String> removed = List.of(
                    ".t.npy." + dead + "." + hex + ".tmp",                 // writer gone
                    ".t.npy." + live + ".fedcba9876543210.tmp",            // PID reused: file older than the process
                    ".t.npy.3fa2c1.tmp");                                  // older naming, 2 hours old
            List<String> kept = List.of(
                    ".t.npy." + live + "." + hex + ".tmp",                 // a live writer
                    ".t.npy." + self + "." + hex + ".tmp",                 // this process: another thread's save
                    ".u.npy." + dead + "." + hex + ".tmp",                 // another target
                    ".t.npy.x" + dead + "." + hex + ".tmp",                // not our naming
                    ".t.npy." + dead + ".0123.tmp",
                    "t.npy." + dead + "." + hex + ".tmp",
                    ".t.npy.3fa2c2.tmp",                                   // older naming, fresh
                    ".t.npy.save.tmp");
            for (String n : removed) {
                Files.write(dir.resolve(n), new byte[] {1});
            }
            for (String n : kept) {
                Files.write(dir.resolve(n), new byte[] {1});
            }
            Files.setLastModifiedTime(dir.resolve(removed.get(1)), FileTime.from(sleeperStart
                    .minus(Duration.ofHours(2))));
            Files.setLastModifiedTime(dir.resolve(removed.get(2)), FileTime.from(Instant.now()
                    .minus(Duration.ofHours(2))));
            Path dirLink = Files.createSymbolicLink(dir.resolve(".t.npy." + dead + ".aaaaaaaaaaaaaaaa.tmp"),
                    Path.of("."));                                          // not a regular file: kept
            Npy.save(dir.resolve("t.npy"), Npy.array(new byte[] {7}, 1));
            TreeSet<String> expect = new TreeSet<>(kept);
            expect.add("t.npy");
            expect.add(dirLink.getFileName().toString());
            assertEquals(expect, names());
        } finally {
            sleeper.destroyForcibly();
            sleeper.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theTemporaryFileNameCarriesThePid() throws IOException {
        Path target = dir.resolve("p.npy");
        String[] seen = new String[1];
        Npy.save(target, Npy.zeros(ScalarType.UINT8, 4096), SaveOptions.defaults().withBufferSize(1024)
                .withProgress(n -> {
                    try {
                        seen[0] = names().stream().filter(s -> s.endsWith(".tmp")).findFirst().orElse(null);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
        assertTrue(seen[0] != null && seen[0].matches("\\.p\\.npy\\." + ProcessHandle.current().pid()
                + "\\.[0-9a-f]{16}\\.tmp"), String.valueOf(seen[0]));
    }
}
