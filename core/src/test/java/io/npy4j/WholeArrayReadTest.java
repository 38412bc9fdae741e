package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Npy.read of data longer than one read step (8 MiB) from every source returns every byte. */
class WholeArrayReadTest {
    /** 10 MiB + 3 doubles: more than one 8 MiB read step, not a multiple of it. */
    private static final int N = (10 << 20) / 8 + 3;
    @TempDir
    static Path dir;
    private static Path file;
    private static double[] values;

    @BeforeAll
    static void write() throws Exception {
        values = new double[N];
        for (int i = 0; i < N; i++) {
            values[i] = i * 0.5 - 7;
        }
        file = dir.resolve("big.npy");
        Npy.save(file, Npy.array(values, N));
        assertEquals(Npy.readHeader(file).dataOffset() + 8L * N, Files.size(file));
    }

    private static void check(NpyArray a) {
        assertArrayEquals(new long[] {N}, a.shape().toArray());
        double[] got = new double[N];
        a.read(0, got, 0, N);
        assertArrayEquals(values, got);
    }

    @Test
    void path() throws Exception {
        check(Npy.read(file));
    }

    @Test
    void channel() throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            check(Npy.read(ch));
        }
    }

    @Test
    void fileInputStream() throws Exception {
        try (InputStream in = new FileInputStream(file.toFile())) {
            check(Npy.read(in));
            assertEquals(-1, in.read(), "the stream is left after the data");
        }
    }

    @Test
    void arraysOneAfterAnotherInOneFileStreamAndChannel() throws Exception {
        Path two = dir.resolve("two.npy"); // np.save twice to one open file: np.load reads them in turn
        try (var out = Files.newOutputStream(two)) {
            Npy.save(out, Npy.array(new int[] {1, 2, 3}, 3));
            out.write(Files.readAllBytes(file));
        }
        try (InputStream in = new FileInputStream(two.toFile())) {
            assertArrayEquals(new int[] {1, 2, 3}, Npy.read(in).asIntArray());
            check(Npy.read(in));
            assertEquals(-1, in.read());
        }
        try (FileChannel ch = FileChannel.open(two, StandardOpenOption.READ)) {
            assertArrayEquals(new int[] {1, 2, 3}, Npy.read(ch).asIntArray());
            check(Npy.read(ch));
            assertEquals(ch.size(), ch.position());
        }
    }

    @Test
    void truncatedFileThroughAStreamIsRefusedBeforeAllocating() throws Exception {
        Path cut = dir.resolve("cut.npy");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 9));
        try (InputStream in = new FileInputStream(cut.toFile())) {
            NpyFormatException e = org.junit.jupiter.api.Assertions.assertThrows(NpyFormatException.class,
                    () -> Npy.read(in));
            assertEquals(NpyFormatException.Kind.DATA_TRUNCATED, e.kind());
        }
        try (FileChannel ch = FileChannel.open(cut, StandardOpenOption.READ)) {
            NpyFormatException e = org.junit.jupiter.api.Assertions.assertThrows(NpyFormatException.class,
                    () -> Npy.read(ch));
            assertEquals(NpyFormatException.Kind.DATA_TRUNCATED, e.kind());
        }
    }

    @Test
    void aFifoIsReadAsAStream() throws Exception {
        Path fifo = dir.resolve("fifo");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        Thread writer = new Thread(() -> {
            try (var out = Files.newOutputStream(fifo)) {
                Files.copy(file, out);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        try (InputStream in = new FileInputStream(fifo.toFile())) {
            check(Npy.read(in));
        }
        writer.join();
    }

    @Test
    void bufferedStreamAndBytes() throws Exception {
        try (InputStream in = new BufferedInputStream(new FileInputStream(file.toFile()))) {
            check(Npy.read(in));
        }
        byte[] bytes = Files.readAllBytes(file);
        check(Npy.read(bytes));
        check(Npy.read(new ByteArrayInputStream(bytes)));
    }
}
