package io.npy4j.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deterministic unmapping through {@code sun.misc.Unsafe} only where it prints no warning (JDK 17-23). */
class UnmapperTest {
    @TempDir
    Path dir;

    @Test
    void unsafeOnlyBeforeJdk24() {
        boolean enabled = Boolean.parseBoolean(System.getProperty("npy4j.mapping.unmap", "true"));
        assertEquals(enabled && Runtime.version().feature() < Unmapper.FIRST_WARNING_FEATURE,
                Unmapper.isDeterministic(), "JDK " + Runtime.version());
    }

    /** Without them, 5000 dead mappings would stay: nothing else here makes the GC run. */
    @Test
    void buffersLeftToTheGcAreCollectedInBatches() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        assumeTrue(Files.isReadable(maps), "needs /proc/self/maps");
        Path f = Files.write(dir.resolve("gc.bin"), new byte[4096]);
        int batch = 64;
        Unmapper.GcUnmapping gc = new Unmapper.GcUnmapping(batch);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            for (int i = 0; i < 5000; i++) {
                gc.leave(ch.map(FileChannel.MapMode.READ_ONLY, 0, 4096));
            }
        }
        long live = Files.readAllLines(maps).stream().filter(l -> l.endsWith(f.toString())).count();
        assertTrue(gc.requests() > 0 && live <= 4 * batch, "requests " + gc.requests() + ", pending "
                + gc.pending() + ", live mappings " + live);
    }
}
