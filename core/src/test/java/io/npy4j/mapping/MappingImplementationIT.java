package io.npy4j.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs against the packaged jar: the multi-release overlay is active exactly on Java 22+. */
class MappingImplementationIT {
    @Test
    void overlayIsUsedOnJava22AndNewerOnly() {
        String expected = Runtime.version().feature() >= 22
                && !"buffer".equals(System.getProperty("npy4j.mapping.impl")) ? "segment" : "buffer";
        assertEquals(expected, WindowFactory.implementation(), "JDK " + Runtime.version() + ", class path "
                + System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]);
    }

    @Test
    void classesComeFromTheJar() throws Exception {
        Path where = Path.of(WindowFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isRegularFile(where) && where.toString().endsWith(".jar"), where.toString());
    }
}
