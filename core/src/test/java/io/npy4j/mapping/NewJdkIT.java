package io.npy4j.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on the JDK 22+ the build found (system property {@code npy4j.it.jdk22}, from
 * {@code build-support/FindJdk.java}), whatever JDK runs Maven: the jar has the overlay, and on that JDK maps
 * through it without a word on stderr. Skipped, saying so, when the build found no JDK 22+.
 */
class NewJdkIT {
    private static final String OVERLAY = "META-INF/versions/22/io/npy4j/mapping/SegmentChunk.class";

    @TempDir
    Path dir;

    @Test
    void jarHasTheJava22Overlay() throws Exception {
        jdk22();
        try (JarFile jar = new JarFile(jarPath().toFile())) {
            assertEquals("true", jar.getManifest().getMainAttributes().getValue("Multi-Release"));
            assertNotNull(jar.getEntry(OVERLAY), OVERLAY + " in " + jarPath());
            try (InputStream in = jar.getInputStream(jar.getEntry(OVERLAY))) {
                byte[] head = in.readNBytes(8);
                assertEquals(66, ((head[6] & 0xff) << 8) | (head[7] & 0xff), "class file major version (Java 22)");
            }
        }
    }

    @Test
    void segmentsWithoutWarningsOnJdk22Plus() throws Exception {
        Path jdk = jdk22();
        assertEquals("segment", probe(jdk));
    }

    @Test
    void baseWithoutWarningsOnJdk24Plus() throws Exception {
        Path jdk = jdk22();
        assumeTrue(feature(jdk) >= Unmapper.FIRST_WARNING_FEATURE, "the JDK found, " + jdk + ", is older than 24");
        assertEquals("buffer", probe(jdk, "-Dnpy4j.mapping.impl=buffer")); // no sun.misc.Unsafe, so no warning
    }

    @Test
    void withoutWarningsOnThisJvm() throws Exception {
        String expected = Runtime.version().feature() >= 22 ? "segment" : "buffer";
        assertEquals(expected, probe(Path.of(System.getProperty("java.home"))));
    }

    /** Runs {@link MappingProbe} from the packaged jar on {@code jdk}; returns its stdout, asserting empty stderr. */
    private String probe(Path jdk, String... jvmOptions) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.resolve("bin").resolve("java").toString());
        cmd.add("-Xmx64m");
        cmd.addAll(List.of(jvmOptions));
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, jarPath().toString(), codeSource(MappingProbe.class).toString(),
                codeSource(org.apache.commons.compress.archivers.zip.ZipFile.class).toString()));
        cmd.add(MappingProbe.class.getName());
        cmd.add(dir.toString());
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), cmd + "\nstdout: " + stdout + "\nstderr: " + stderr);
        assertEquals("", stderr, "stderr of " + cmd);
        return stdout.trim();
    }

    /** The JDK 22+ the build found; skips the test when there is none. */
    private static Path jdk22() {
        return io.npy4j.fixtures.Jdks.jdk22(", so the jar has no Java 22+ overlay to test");
    }

    private static int feature(Path jdk) throws IOException {
        return io.npy4j.fixtures.Jdks.feature(jdk);
    }

    private static Path jarPath() {
        Path jar = codeSource(WindowFactory.class);
        assumeTrue(jar.toString().endsWith(".jar"), "not running against the packaged jar: " + jar);
        return jar;
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
