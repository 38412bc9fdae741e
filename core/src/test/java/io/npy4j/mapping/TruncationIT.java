package io.npy4j.mapping;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel.MapMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file truncated under a live window, through the implementation this JVM picks from the jar (segments on Java
 * 22+): a typed I/O error naming the file, never a JVM crash.
 */
class TruncationIT {
    @TempDir
    Path dir;

    @Test
    void truncatedFileUnderALiveWindowIsATypedIoError() throws Exception {
        Path f = dir.resolve("t.bin");
        Files.write(f, new byte[1 << 20]);
        try (ByteWindow w = WindowFactory.open(f, 0, 1 << 20, MapMode.READ_ONLY)) {
            double[] dst = new double[1 << 17];
            w.copy(0, ElementKind.DOUBLE, ByteOrder.LITTLE_ENDIAN, dst, 0, dst.length, false);
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(4096);
            }
            UncheckedIOException e = assertThrows(UncheckedIOException.class,
                    () -> w.copy(0, ElementKind.DOUBLE, ByteOrder.LITTLE_ENDIAN, dst, 0, dst.length, false));
            assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(f.toString()),
                    e.getMessage());
        }
    }
}
