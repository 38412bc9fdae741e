package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code npy} launcher in {@code target/bin}, with the completion scripts and man pages installed beside it. */
class NpyLauncherIT {
    private static final Path BASE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Path EXAMPLES = BASE.resolveSibling("examples").normalize();

    private static String[] npy(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BASE.resolve("target/bin/npy").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new String[] {Integer.toString(p.exitValue()), out, err};
    }

    @Test
    void runsEachSubcommand() throws IOException, InterruptedException {
        String cube = EXAMPLES.resolve("cube.npy").toString();
        String[] r = npy("show", cube, "[0, :2]");
        assertEquals("0", r[0], r[2]);
        assertEquals("array([[ 0,  1,  2,  3,  4,  5],\n       [ 6,  7,  8,  9, 10, 11]], dtype=int16)\n", r[1]);
        r = npy("diff", cube, EXAMPLES.resolve("temperatures.npy").toString());
        assertEquals("1", r[0], r[2]);
        r = npy("stats", "--json", cube);
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("\"count\":120"), r[1]);
        assertEquals("", r[2]);
        for (String f : new String[] {"bin/npy_completion.bash", "bin/_npy", "man/man1/npy.1", "man/man1/npy-show.1"}) {
            assertTrue(Files.isRegularFile(BASE.resolve("target").resolve(f)), f);
        }
    }
}
