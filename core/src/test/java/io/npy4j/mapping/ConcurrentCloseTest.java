package io.npy4j.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a window while other threads copy from it never crashes the JVM: readers finish their copy or get
 * {@link IllegalStateException}, and nothing else (Lucene's testAceWithThreads, for our pinned chunks).
 */
class ConcurrentCloseTest {
    @TempDir
    Path dir;

    @RepeatedTest(5)
    void closingUnderConcurrentReadersIsSafe() throws Exception {
        Path f = dir.resolve("c.bin");
        byte[] content = new byte[1 << 20];
        java.util.Arrays.fill(content, (byte) 1);
        Files.write(f, content);
        System.setProperty("npy4j.mapping.chunkSize", Long.toString(1 << 14));
        System.setProperty("npy4j.mapping.maxLiveChunks", "8");
        ByteWindow w;
        try {
            w = WindowFactory.open(f, 0, content.length, MapMode.READ_ONLY);
        } finally {
            System.clearProperty("npy4j.mapping.chunkSize");
            System.clearProperty("npy4j.mapping.maxLiveChunks");
        }
        CountDownLatch started = new CountDownLatch(4);
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        AtomicLong copies = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int seed = t;
            Thread r = new Thread(() -> {
                long[] dst = new long[4096];
                java.util.Random rnd = new java.util.Random(seed);
                started.countDown();
                try {
                    for (;;) {
                        long pos = rnd.nextInt(content.length - dst.length * 8);
                        w.copy(pos, ElementKind.LONG, ByteOrder.LITTLE_ENDIAN, dst, 0, dst.length, false);
                        if (dst[0] != 0x0101010101010101L) {
                            throw new AssertionError("wrong data " + Long.toHexString(dst[0]));
                        }
                        copies.incrementAndGet();
                    }
                } catch (IllegalStateException expected) {
                    // closed: the only acceptable way out
                } catch (Throwable e) {
                    unexpected.set(e);
                }
            });
            readers.add(r);
            r.start();
        }
        started.await();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (copies.get() < 8 && System.nanoTime() < deadline && unexpected.get() == null) {
            Thread.onSpinWait(); // close only once the readers are busy copying
        }
        w.close();
        for (Thread r : readers) {
            r.join(10_000);
            assertTrue(!r.isAlive(), "a reader hangs after close");
        }
        assertEquals(null, unexpected.get());
        assertTrue(copies.get() > 0);
    }
}
