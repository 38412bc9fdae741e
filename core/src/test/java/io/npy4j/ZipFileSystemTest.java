package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.npy4j.select.Selection;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file system that cannot map (zipfs): reading headers and windows still works, through positional reads. */
class ZipFileSystemTest {
    @TempDir
    Path dir;

    @Test
    void windowsOfAFileInsideAZipFileSystemAreRead() throws Exception {
        Path zip = dir.resolve("a.zip");
        Path cube = io.npy4j.fixtures.Corpus.root().getParent().getParent().resolve("examples/cube.npy");
        try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of("create", "true"))) {
            Files.copy(cube, fs.getPath("cube.npy"));
        }
        try (FileSystem fs = FileSystems.newFileSystem(zip)) {
            Path p = fs.getPath("cube.npy");
            NpyHeader h = Npy.readHeader(p);
            assertEquals("(4, 5, 6)", h.shape().toString());
            try (NpyArray m = Npy.map(p, h, Selection.parse("[1:3, ::-2, 4]"), MapMode.READ_ONLY)) {
                short[] got = new short[(int) m.size()];
                m.read(0, got, 0, got.length);
                assertArrayEquals(new short[] {58, 46, 34, 88, 76, 64}, got);
            }
        }
    }
}
