package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Npy#save} to a path: all or nothing, and what it does with permissions, links, devices, missing dirs. */
class SaveAtomicityTest {
    @TempDir
    Path dir;

    private static final byte[] OLD = "old content, not an npy file".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private Path oldTarget() throws IOException {
        Path t = dir.resolve("target.npy");
        Files.write(t, OLD);
        return t;
    }

    private List<String> leftovers() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).collect(Collectors.toList());
        }
    }

    private static NpyArray sample(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.5;
        }
        return Npy.array(v, n);
    }

    @Test
    void aProgressCallbackThatThrowsLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path t = oldTarget();
        RuntimeException boom = new IllegalStateException("boom");
        SaveOptions opts = SaveOptions.defaults().withBufferSize(64).withProgress(n -> {
            if (n > 128) {
                throw boom;
            }
        });
        RuntimeException e = assertThrows(RuntimeException.class, () -> Npy.save(t, sample(1000), opts));
        assertEquals(boom, e);
        assertArrayEquals(OLD, Files.readAllBytes(t));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aMappedSourceTruncatedWhileSavedFailsNamingItAndLeavesTheOldFile() throws IOException {
        Path src = dir.resolve("src.npy");
        Npy.save(src, sample(1 << 17)); // 1 MiB of data
        Path t = oldTarget();
        try (NpyArray m = Npy.map(src, MapMode.READ_ONLY)) {
            try (RandomAccessFile f = new RandomAccessFile(src.toFile(), "rw")) {
                f.setLength(128); // header only: every data page is gone
            }
            Exception e = assertThrows(Exception.class, () -> Npy.save(t, m));
            assertTrue(e instanceof UncheckedIOException || e instanceof IOException, e.toString());
            assertTrue(String.valueOf(e.getMessage()).contains("src.npy"), e.getMessage());
        }
        assertArrayEquals(OLD, Files.readAllBytes(t));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aRaisingReadRawViewLeavesTheOldFile() throws IOException {
        // a view of a closed array fails (IllegalStateException) as soon as the data is read
        Path src = dir.resolve("src.npy");
        Npy.save(src, sample(100));
        NpyArray m = Npy.map(src, MapMode.READ_ONLY);
        NpyArray view = m.select("[10:90]");
        m.close();
        Path t = oldTarget();
        assertThrows(IllegalStateException.class, () -> Npy.save(t, view));
        assertArrayEquals(OLD, Files.readAllBytes(t));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void overwritingKeepsTheTargetsPermissions() throws IOException {
        Path t = oldTarget();
        Set<PosixFilePermission> p600 = PosixFilePermissions.fromString("rw-------");
        Files.setPosixFilePermissions(t, p600);
        Npy.save(t, sample(10));
        assertEquals(p600, Files.getPosixFilePermissions(t));
        assertArrayEquals(sample(10).asDoubleArray(), Npy.read(t).asDoubleArray());
        Set<PosixFilePermission> p640 = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(t, p640);
        Npy.save(t, sample(3));
        assertEquals(p640, Files.getPosixFilePermissions(t));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aSymbolicLinkIsFollowedAndStaysALink() throws IOException {
        Path real = oldTarget();
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path link = Files.createSymbolicLink(sub.resolve("link.npy"), Path.of("..", "target.npy"));
        Npy.save(link, sample(7));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(Path.of("..", "target.npy"), Files.readSymbolicLink(link));
        assertEquals(7, Npy.read(real).size());
        assertTrue(Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS));
        try (var s = Files.list(sub)) {
            assertEquals(List.of("link.npy"), s.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
        assertEquals(List.of(), leftovers());
        // a dangling link: the file it names is created
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.npy"), dir.resolve("new.npy"));
        Npy.save(dangling, sample(2));
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals(2, Npy.read(dir.resolve("new.npy")).size());
    }

    @Test
    void aMissingDirectoryIsAnErrorNamingIt() {
        Path missing = dir.resolve("no").resolve("such");
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> Npy.save(missing.resolve("x.npy"), sample(1)));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(!Files.exists(dir.resolve("no")));
    }

    @Test
    void aDirectoryTargetIsRefused() throws IOException {
        Path d = Files.createDirectory(dir.resolve("d.npy"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> Npy.save(d, sample(1)));
        assertTrue(e.getMessage().contains("d.npy"), e.getMessage());
        assertTrue(Files.isDirectory(d));
    }

    @Test
    void devNullIsWrittenInPlace() throws IOException {
        Path devNull = Path.of("/dev/null");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devNull) && Files.isWritable(devNull));
        Npy.save(devNull, sample(1000));
        BasicFileAttributes a = Files.readAttributes(devNull, BasicFileAttributes.class);
        assertTrue(a.isOther(), "still a device");
        assertEquals("crw-rw-rw-".substring(1), PosixFilePermissions.toString(Files.getPosixFilePermissions(devNull)));
        try (var s = Files.list(Path.of("/dev"))) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".null.") && n.endsWith(".tmp")).collect(Collectors.toList()));
        }
    }

    @Test
    void aNewFileIsNumPysBytesAndLeavesNothingElse() throws IOException {
        Path t = dir.resolve("fresh.npy");
        Npy.save(t, sample(5));
        java.io.ByteArrayOutputStream os = new java.io.ByteArrayOutputStream();
        Npy.save(os, sample(5));
        assertArrayEquals(os.toByteArray(), Files.readAllBytes(t));
        assertEquals(List.of(), leftovers());
    }

    // --- too large for memory -------------------------------------------------------------------------------

    @Test
    void readingDataLargerThanAJavaArrayIsTooLargeAndSaysMapWithoutAllocating() throws IOException {
        NpyHeader h = NpyHeader.of(DType.parse("'<f8'"), Shape.of((1L << 28) + 1), false);
        assertTrue(h.dataLength() > Integer.MAX_VALUE);
        Path big = dir.resolve("big.npy");
        byte[] header = Npy.encodeHeader(h);
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write(header);
            f.setLength(h.dataOffset() + h.dataLength()); // sparse: no disk used
        }
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        List<NpyFormatException> errors = new java.util.ArrayList<>();
        errors.add(assertThrows(NpyFormatException.class, () -> Npy.read(big)));
        errors.add(assertThrows(NpyFormatException.class, () -> Npy.read(header)));
        errors.add(assertThrows(NpyFormatException.class,
                () -> Npy.read(new java.io.ByteArrayInputStream(header))));
        errors.add(assertThrows(NpyFormatException.class,
                () -> Npy.read(java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(header)))));
        long after = rt.totalMemory() - rt.freeMemory();
        assertTrue(after - before < (256L << 20), "allocated " + (after - before) + " bytes");
        for (NpyFormatException e : errors) {
            assertEquals(NpyFormatException.Kind.TOO_LARGE, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("Npy.map"), e.getMessage());
        }
        assertEquals(big, errors.get(0).file().orElseThrow());
        // mapping it works, and sees the (sparse, zero) end
        try (NpyArray m = Npy.map(big, MapMode.READ_ONLY)) {
            assertEquals((1L << 28) + 1, m.size());
            assertEquals(0.0, m.getDouble(-1));
        }
    }
}
