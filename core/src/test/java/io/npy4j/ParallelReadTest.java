package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Npy.read(Path), and of a FileInputStream or FileChannel, of data large enough to be copied by several threads (64 MiB per thread, parts of whole MiBs): every
 * byte lands where it belongs, whatever the split.
 */
class ParallelReadTest {
    /** 130 MiB + 3 longs: two parts of 66 and 64 MiB + 24 bytes, neither a multiple of the 64 MiB mapping step. */
    private static final int N = (130 << 20) / 8 + 3;
    @TempDir
    Path dir;

    private Path write() throws IOException {
        Path f = dir.resolve("big.npy");
        NpyHeader h = NpyHeader.of(io.npy4j.dtype.ScalarType.INT64, io.npy4j.dtype.Shape.of(N), false);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(Npy.encodeHeader(h)));
            ByteBuffer b = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < N; ) {
                b.clear();
                while (b.remaining() >= 8 && i < N) {
                    b.putLong(i * 31 + 7); // each element names its index
                    i++;
                }
                b.flip();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
        }
        return f;
    }

    private static void withThreads(String n, IoRunnable r) throws Exception {
        String old = System.getProperty("npy4j.read.threads");
        System.setProperty("npy4j.read.threads", n);
        try {
            r.run();
        } finally {
            if (old == null) {
                System.clearProperty("npy4j.read.threads");
            } else {
                System.setProperty("npy4j.read.threads", old);
            }
        }
    }

    interface IoRunnable {
        void run() throws Exception;
    }

    @Test
    void everyElementInPlaceWithOneTwoAndMoreThreads() throws Exception {
        Path f = write();
        for (String threads : new String[] {"1", "2", "4"}) {
            withThreads(threads, () -> {
                try (NpyArray a = Npy.read(f)) {
                    check(threads + " threads, path", a);
                }
                try (java.io.FileInputStream in = new java.io.FileInputStream(f.toFile())) {
                    check(threads + " threads, FileInputStream", Npy.read(in));
                    assertEquals(-1, in.read(), "left after the data");
                }
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                    check(threads + " threads, FileChannel", Npy.read(ch));
                    assertEquals(ch.size(), ch.position(), "left after the data");
                }
            });
        }
    }

    private static void check(String what, NpyArray a) {
        long[] got = a.asLongArray();
        assertEquals(N, got.length);
        for (int i = 0; i < N; i++) {
            if (got[i] != i * 31L + 7) {
                throw new AssertionError(what + ": element " + i + " is " + got[i]);
            }
        }
    }
}
