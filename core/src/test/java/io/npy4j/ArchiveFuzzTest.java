package io.npy4j;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.npy4j.npz.NpzArchive;
import io.npy4j.npz.NpzEntry;
import io.npy4j.select.Selection;
import io.npy4j.virtual.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz targets (Jazzer) for the readers of archives and manifests, with {@link ParserFuzzTest}'s rules: a result
 * or an {@link NpyFormatException} (with the archive named), within time and allocation bounds linear in the input.
 * The input is written to a file first, as both readers take paths. Regression runs replay
 * {@code src/test/resources/io/npy4j/ArchiveFuzzTestInputs/<method>/}: NumPy archives from the corpus, hostile ones
 * (duplicate names, a member that is not an .npy, a header promising 2 GiB it does not hold), and manifests.
 */
class ArchiveFuzzTest {
    private static Path scratch(String suffix, byte[] data) throws IOException {
        Path f = Files.createTempFile("npy4j-fuzz", suffix);
        f.toFile().deleteOnExit();
        Files.write(f, data);
        return f;
    }

    @FuzzTest(maxDuration = "5m")
    void readNpz(byte[] data) throws Exception {
        Path f = scratch(".npz", data);
        try {
            ParserFuzzTest.bounded(data.length, () -> {
                try (NpzArchive z = NpzArchive.open(f)) {
                    int n = 0;
                    for (NpzEntry e : z.entries()) {
                        if (n++ == 64) {
                            break;
                        }
                        try {
                            z.header(e.name());
                            z.read(e.name());
                            z.read(e.name(), Selection.parse("[::-3]")).size();
                        } catch (NpyFormatException | IndexOutOfBoundsException expected) {
                            // a bad member, or a 0-d member for which the selection has too many indices
                        }
                    }
                } catch (NpyFormatException expected) {
                    // not a readable archive
                }
            });
        } finally {
            Files.deleteIfExists(f);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void readManifest(byte[] data) throws Exception {
        Path f = scratch(".json", data);
        try {
            ParserFuzzTest.bounded(data.length, () -> {
                try {
                    Manifest.read(f);
                } catch (NpyFormatException expected) {
                    // MANIFEST: not JSON, or not the schema
                }
            });
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
