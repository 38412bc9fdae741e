package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code npy} umbrella: subcommands, every kind of source, slices starting with '-', errors, generated docs. */
class NpyCommandTest {
    @TempDir
    Path dir;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = NpyMain.run(NpyCommand.commandLine(), new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(status), out.toString(), err.toString()};
    }

    @Test
    void everySourceKind() throws IOException {
        Path a = dir.resolve("part-0.npy");
        Path b = dir.resolve("part-1.npy");
        Npy.save(a, new double[][] {{1, 2}, {3, 4}});
        Npy.save(b, new double[][] {{5, 6}});
        Path npz = dir.resolve("z.npz");
        Npy.savez(npz, Map.of("m", Npy.read(a)));
        Path zc = dir.resolve("zc.npz");
        Npy.savezCompressed(zc, Map.of("m", Npy.read(a)));
        Path manifest = dir.resolve("all.json");
        String[] r = run("manifest", manifest.toString(), "--concat", "0", dir.resolve("part-*.npy").toString());
        assertEquals("0", r[0], r[2]);

        assertEquals("array([[1., 2.],\n       [3., 4.]])\n", run("show", a.toString())[1]);
        assertEquals("array([3., 4.])\n", run("show", npz + ":m", "[-1]")[1]);
        assertEquals("array([[3., 4.]])\n", run("show", zc + ":m", "-1:")[1]);
        assertEquals("array([2., 4., 6.])\n", run("show", manifest.toString(), "[:, 1]")[1]);
        assertTrue(run("stats", manifest.toString())[1].contains("mean     3.5\n"));
        assertEquals("0", run("diff", npz + ":m", zc + ":m")[0]);
        assertEquals("1", run("diff", manifest.toString(), a.toString())[0]);
        assertTrue(run("info", a.toString())[1].contains("(2, 2)"));
        Path part = dir.resolve("p.npy");
        assertEquals("0", run("slice", manifest.toString(), "[1:]", "-o", part.toString())[0]);
        assertEquals("array([[3., 4.],\n       [5., 6.]])\n", run("show", part.toString())[1]);
    }

    @Test
    void errorsAreOneLine() {
        String[] r = run("show", dir.resolve("nope.npy").toString());
        assertEquals("1", r[0]);
        assertEquals("npy show: " + dir.resolve("nope.npy") + ": no such file\n", r[2]);
        r = run("show", Path.of("..", "examples", "cube.npy").toString(), "[9]");
        assertEquals("1", r[0]);
        assertTrue(r[2].startsWith("npy show: ") && r[2].split("\n").length == 1, r[2]);
        r = run("show", Path.of("..", "examples", "cube.npy").toString(), "[1:");
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("invalid slice"), r[2]);
        assertEquals("2", run()[0]);
        assertEquals("2", run("bogus")[0]);
        assertEquals("2", run("show", "a", "b", "c")[0]);
        assertEquals("0", run("--help")[0]);
        assertEquals("0", run("show", "--help")[0]);
    }

    @Test
    void docsAreGenerated() throws IOException {
        NpyDocs.main(new String[] {dir.resolve("bin").toString(), dir.resolve("man").toString()});
        String bash = Files.readString(dir.resolve("bin/npy_completion.bash"));
        assertTrue(bash.contains("show") && bash.contains("--edgeitems") && bash.contains("complete"), bash);
        assertTrue(Files.readString(dir.resolve("bin/_npy")).contains("bashcompinit"));
        for (String page : new String[] {"npy", "npy-show", "npy-stats", "npy-diff", "npy-png", "npy-info",
            "npy-slice", "npy-manifest", "npyinfo", "npyslice", "npymanifest"}) {
            String text = Files.readString(dir.resolve("man/" + page + ".1"));
            assertTrue(text.startsWith(".TH \"" + page.toUpperCase() + "\" 1"), page);
            assertTrue(text.contains(".SH SYNOPSIS") && text.contains(".SH OPTIONS"), page);
        }
    }
}
