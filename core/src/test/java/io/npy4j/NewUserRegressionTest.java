package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ReadOnlyBufferException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user hit with the first API, each pinned so it cannot come back. */
class NewUserRegressionTest {
    @TempDir
    Path dir;

    private Path file(String descr, long... shape) throws Exception {
        Path f = dir.resolve("a.npy");
        try (NpyArray a = Npy.create(f, NpyHeader.of(DType.parse(descr), Shape.of(shape), false))) {
            a.force();
        }
        return f;
    }

    @Test
    void writingAReadOnlyMapNamesTheFileAndMode() throws Exception {
        Path f = file("'<f8'", 4);
        try (NpyArray a = Npy.map(f, MapMode.READ_ONLY)) {
            ReadOnlyBufferException e = assertThrows(ReadOnlyBufferException.class, () -> a.setDouble(1, 0));
            assertNotNull(e.getMessage());
            assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("'r'"), e.getMessage());
            assertThrows(ReadOnlyBufferException.class, () -> a.select("[1:]").write(0, new double[1], 0, 1));
        }
    }

    @Test
    void readHeaderOfADirectoryNamesIt() {
        FileSystemException e = assertThrows(FileSystemException.class, () -> Npy.readHeader(dir));
        assertEquals(dir.toString(), e.getFile());
        assertThrows(FileSystemException.class, () -> Npy.read(dir));
        assertThrows(FileSystemException.class, () -> Npy.map(dir, MapMode.READ_ONLY));
    }

    @Test
    void savingIntoAMissingDirectoryNamesTheDirectoryNotATempFile() throws Exception {
        NpyArray a = Npy.array(new double[] {1, 2, 3});
        Path out = dir.resolve("missing/x.npy");
        FileSystemException e = assertThrows(FileSystemException.class, () -> Npy.save(out, a));
        assertTrue(e.getFile().endsWith("missing"), e.getFile());
        assertTrue(!e.getMessage().contains(".tmp"), e.getMessage());
    }

    @Test
    void complexCopyErrorsCountElementsAndSayValues() throws Exception {
        try (NpyArray a = Npy.map(file("'<c16'", 3), MapMode.READ_WRITE)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> a.read(0, new double[4], 0, 3));
            assertTrue(e.getMessage().startsWith("3 elements (6 values"), e.getMessage());
        }
    }

    @Test
    void rawCopyErrorsSayBytesPerElement() throws Exception {
        try (NpyArray a = Npy.map(file("'<i4'", 3), MapMode.READ_ONLY)) {
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                    () -> a.readRaw(0, new byte[8], 0, 3));
            assertTrue(e.getMessage().startsWith("3 elements of 4 bytes"), e.getMessage());
        }
    }

    /** Small reads and single-element getters: JDK 17 reports the fault late, as a raw InternalError, if unguarded. */
    @Test
    void truncatedWhileMappedIsAnIoErrorForSmallReadsAndGetters() throws Exception {
        Path f = file("'<f8'", 1 << 16);
        try (NpyArray a = Npy.map(f, MapMode.READ_ONLY)) {
            assertEquals(0.0, a.getDouble(60000));
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(4096);
            }
            for (int i = 0; i < 200; i++) {
                UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> a.getDouble(60000));
                assertTrue(e.getMessage().contains("truncated"), e.getMessage());
                assertThrows(UncheckedIOException.class, () -> a.read(60000, new double[4], 0, 4));
            }
        }
    }

    /** A mapping stays valid when its file is replaced by rename (the usual atomic publish): reads keep working. */
    @Test
    void mappedFileReplacedByRenameStillReads() throws Exception {
        Path f = file("'<f8'", 1 << 12);
        try (NpyArray a = Npy.map(f, MapMode.READ_WRITE)) {
            a.setDouble(7, 100);
        }
        try (NpyArray a = Npy.map(f, MapMode.READ_ONLY)) {
            Path other = dir.resolve("b.npy");
            Npy.save(other, Npy.array(new double[] {1}));
            Files.move(other, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            double[] all = new double[1 << 12];
            a.read(0, all, 0, all.length); // >= 4 KiB: goes through the length check
            assertEquals(7, all[100]);
        }
    }

    /** Per-call options: tiny chunks, one live chunk, read-ahead, positional reads: the same values every way. */
    @Test
    void mapOptionsPerCallReadTheSameValues() throws Exception {
        Path f = dir.resolve("opts.npy");
        double[] v = new double[10_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5;
        }
        Npy.save(f, Npy.array(v, 100, 100));
        for (MapOptions o : new MapOptions[] {MapOptions.defaults(), MapOptions.defaults().withReadAhead(true),
                new MapOptions(4096, 1, false, true), new MapOptions(1 << 12, 2, true)}) {
            try (NpyArray a = Npy.map(f, io.npy4j.select.Selection.parse("[10:90, ::-3]"), MapMode.READ_ONLY, o)) {
                assertEquals((10 * 100 + 99) * 0.5, a.getDouble(0, 0), o.toString());
                assertEquals(89 * 100 * 0.5, a.getDouble(-1, -1), o.toString());
            }
        }
    }
}
