package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers in {@code target/bin} with {@code JAVA_HOME} set to the JDK 22+ the build found (system property
 * {@code npy4j.it.jdk22}, from {@code build-support/FindJdk.java}), whatever JDK built the jar: they map through the
 * Java 22+ overlay and print nothing on stderr (no {@code sun.misc.Unsafe} warnings on JDK 24+). Skipped, saying
 * so, when the build found no JDK 22+.
 */
class LaunchersOnNewJdkIT {
    private static final Path BASE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path EXAMPLES = BASE.resolveSibling("examples").normalize();

    @TempDir
    Path dir;

    @Test
    void versionSaysSegmentMapping() throws Exception {
        String out = run(jdk22(), "npyinfo", "", "--version");
        assertTrue(out.contains("mapping segment"), out);
    }

    @Test
    void npyinfoIsSilentOnStderr() throws Exception {
        String out = run(jdk22(), "npyinfo", "", EXAMPLES.resolve("stations.npy").toString());
        assertTrue(out.contains("shape"), out);
    }

    @Test
    void npysliceWritesWhatThisJvmWritesAndIsSilentOnStderr() throws Exception {
        Path jdk = jdk22();
        Path mine = dir.resolve("mine.npy");
        Path theirs = dir.resolve("theirs.npy");
        String cube = EXAMPLES.resolve("cube.npy").toString();
        run(Path.of(System.getProperty("java.home")), "npyslice", "", cube, "[1:3, ::-2, 4]", "-o", mine.toString());
        run(jdk, "npyslice", "", cube, "[1:3, ::-2, 4]", "-o", theirs.toString());
        assertArrayEquals(Files.readAllBytes(mine), Files.readAllBytes(theirs));
    }

    @Test
    void baseMappingIsSilentOnJdk24Plus() throws Exception {
        Path jdk = jdk22();
        assumeTrue(feature(jdk) >= 24, "the JDK found, " + jdk + ", is older than 24");
        String opts = "-Dnpy4j.mapping.impl=buffer";
        assertTrue(run(jdk, "npyinfo", opts, "--version").contains("mapping buffer"));
        run(jdk, "npyslice", opts, EXAMPLES.resolve("cube.npy").toString(), "[1:3]", "-o",
                dir.resolve("b.npy").toString());
    }

    /** Runs a launcher with JAVA_HOME={@code jdk}; asserts exit status 0 and empty stderr, returns stdout. */
    private String run(Path jdk, String tool, String javaOpts, String... args) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(BASE.resolve("target").resolve("bin").resolve(tool).toString());
        cmd.addAll(List.of(args));
        Path out = dir.resolve(tool + ".out");
        Path err = dir.resolve(tool + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("JAVA_OPTS", javaOpts);
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        String what = "JAVA_HOME=" + jdk + " JAVA_OPTS=" + javaOpts + " " + cmd;
        assertEquals(0, p.exitValue(), what + "\nstderr: " + stderr);
        assertEquals("", stderr, "stderr of " + what);
        return stdout;
    }

    /** The JDK 22+ the build found; skips the test when there is none. */
    private static Path jdk22() {
        return io.npy4j.fixtures.Jdks.jdk22("");
    }

    private static int feature(Path jdk) throws IOException {
        return io.npy4j.fixtures.Jdks.feature(jdk);
    }
}
