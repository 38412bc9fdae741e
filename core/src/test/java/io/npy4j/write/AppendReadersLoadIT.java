package io.npy4j.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.MapMode;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.Order;
import io.npy4j.dtype.Shape;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18's load test of readers against an appender: 32 reader threads of this JVM read one file while a separate
 * process ({@link WriterProcess} {@code append}, so the readers' channel closes cannot drop its lock) appends to it
 * with {@link AppendingWriter}. Each reader, again and again until the appender has finished, reads the header
 * ({@link AppendingWriter#readHeader}) and then every row it counts (half the readers through a mapping, half with
 * positional reads), and checks each row is whole (checksum), is the row it should be (index, session) and that the
 * count never goes back. At the end the count is what the appender wrote and the file holds nothing past it.
 *
 * <p>The readers share one JVM, and on Linux closing any channel of a file drops all of the process's locks on it,
 * including the shared lock {@link AppendingWriter#readHeader} holds while it reads: a reader closing its mapping or
 * channel meanwhile lets the appender in between the header's row count and the file size (without this guard the
 * test fails within a second: "file is 49504 bytes but the header promises 50240"). So, as {@link AppendingWriter}
 * documents, no channel of the file is closed while a header is read: {@link #GUARD}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AppendReadersLoadIT {
    private static final int READERS = 32;
    private static final int SESSIONS = 150;
    private static final int BLOCK = 23;
    private static final long EXPECTED = (long) SESSIONS * BLOCK;
    /** Header reads exclusive, the readers' opening and closing of channels shared. */
    private static final ReentrantReadWriteLock GUARD = new ReentrantReadWriteLock();

    @TempDir
    Path dir;

    @Test
    void thirtyTwoReadersSeeOnlyWholeRowsAndAGrowingCountWhileAProcessAppends() throws Exception {
        Path file = dir.resolve("log.npy");
        NpyWriter.create(file, Records.DTYPE, Order.C).close(); // shape (0,)
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), WriterProcess.class.getName(),
                "append", file.toString(), "0", Integer.toString(SESSIONS), Integer.toString(BLOCK), "2");
        Path err = dir.resolve("appender.stderr");
        Process appender = new ProcessBuilder(cmd).redirectError(err.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong rowsChecked = new AtomicLong();
        ConcurrentHashMap<Long, Boolean> countsSeen = new ConcurrentHashMap<>();
        List<Thread> readers = new ArrayList<>();
        try {
            for (int t = 0; t < READERS; t++) {
                boolean mapped = t % 2 == 0;
                readers.add(new Thread(() -> {
                    try {
                        long seen = 0;
                        boolean last = false;
                        while (!last) {
                            last = !appender.isAlive(); // one more full read after the appender has finished
                            if (System.nanoTime() > deadline) {
                                throw new AssertionError("readers not done within the time bound");
                            }
                            NpyHeader h = header(file);
                            long n = h.shape().dim(0);
                            if (n < seen) {
                                throw new AssertionError("the row count went back: " + n + " after " + seen);
                            }
                            if (n > EXPECTED) {
                                throw new AssertionError("more rows than appended: " + n);
                            }
                            byte[] rows = mapped ? readMapped(file, h, n) : readPositional(file, h, n);
                            for (int r = 0; r < n; r++) {
                                Records.Row row = Records.row(rows, r);
                                if (!row.isIntact() || row.index() != r || row.writer() != 0
                                        || row.part() != r / BLOCK) {
                                    throw new AssertionError("row " + r + " of " + n + " is not whole or not "
                                            + "the row appended there: " + row);
                                }
                            }
                            seen = n;
                            countsSeen.put(n, true);
                            reads.incrementAndGet();
                            rowsChecked.addAndGet(n);
                            if (last && n != EXPECTED) {
                                throw new AssertionError("final count " + n + ", appended " + EXPECTED);
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "reader-" + t));
            }
            readers.forEach(Thread::start);
            for (Thread r : readers) {
                r.join(TimeUnit.SECONDS.toMillis(75));
                assertTrue(!r.isAlive(), r.getName() + " did not finish");
            }
            assertTrue(appender.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, appender.exitValue(), () -> "appender failed: " + read(err));
        } finally {
            appender.destroyForcibly();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get().getMessage(), failure.get());
        }
        NpyHeader h = Npy.readHeader(file);
        assertEquals(Shape.of(EXPECTED), h.shape());
        assertEquals(h.dataOffset() + h.dataLength(), Files.size(file), "no bytes past the data");
        assertTrue(reads.get() >= READERS, "every reader read: " + reads);
        assertTrue(countsSeen.size() > 2, "the readers saw the file grow: " + countsSeen.keySet());
        System.out.printf("AppendReadersLoadIT: %d reads, %d rows checked, %d distinct counts%n", reads.get(),
                rowsChecked.get(), countsSeen.size());
    }

    private static NpyHeader header(Path file) throws IOException {
        GUARD.writeLock().lock();
        try {
            return AppendingWriter.readHeader(file);
        } finally {
            GUARD.writeLock().unlock();
        }
    }

    private static byte[] readMapped(Path file, NpyHeader h, long n) throws IOException {
        byte[] rows = new byte[(int) (n * Records.SIZE)];
        if (n > 0) {
            GUARD.readLock().lock();
            try (NpyArray a = Npy.map(file, h, Selection.all(), MapMode.READ_ONLY)) {
                a.readRaw(0, rows, 0, (int) n);
            } finally {
                GUARD.readLock().unlock();
            }
        }
        return rows;
    }

    private static byte[] readPositional(Path file, NpyHeader h, long n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) (n * Records.SIZE));
        GUARD.readLock().lock();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long at = h.dataOffset();
            while (b.hasRemaining()) {
                int k = ch.read(b, at + b.position());
                if (k < 0) {
                    throw new AssertionError("the file ends before the rows its header counts");
                }
            }
        } finally {
            GUARD.readLock().unlock();
        }
        return b.array();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
