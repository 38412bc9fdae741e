package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.fixtures.Corpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command lines {@link PlainArgs} takes without picocli give what picocli gives (status, stdout, stderr, output
 * bytes), and the ones it leaves go to picocli: help, {@code @files}, repeated or unknown options, {@code --}.
 */
class PlainArgsTest {
    @TempDir
    Path dir;

    private String cube;
    private String stations;

    @BeforeEach
    void locate() {
        Path examples = Corpus.root().getParent().getParent().resolve("examples");
        cube = examples.resolve("cube.npy").toString();
        stations = examples.resolve("stations.npy").toString();
        assertTrue(Files.isRegularFile(Path.of(cube)), cube);
    }

    @Test
    void npyinfoTakesFilesAndJsonAsPicocliReadsThem() throws IOException {
        String missing = dir.resolve("missing.npy").toString();
        String notNpy = Files.writeString(dir.resolve("text.npy"), "not an npy file").toString();
        for (String[] args : List.of(new String[] {cube}, new String[] {cube, stations}, new String[] {"--json", cube},
                new String[] {cube, "--json", stations}, new String[] {missing}, new String[] {cube, notNpy, cube},
                new String[] {"--json", notNpy}, new String[] {""})) {
            assertSame(NpyInfoCommand::new, args, null);
        }
    }

    @Test
    void npyinfoLeavesTheRestToPicocli() {
        for (String[] args : List.of(new String[] {}, new String[] {"--json"}, new String[] {"--json", "--json", cube},
                new String[] {"--help"}, new String[] {"-V"}, new String[] {"--", cube}, new String[] {"@" + cube},
                new String[] {cube, "-x"}, new String[] {"--json=true", cube}, new String[] {"a\0b"})) {
            assertFalse(new NpyInfoCommand().take(args), String.join(" ", args));
        }
    }

    @Test
    void npysliceTakesSourceSliceOutputAndQuietAsPicocliReadsThem() throws IOException {
        String missing = dir.resolve("missing.npy").toString();
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {cube, "[1:3, ::-2]", "-o", "OUT"});
        lines.add(new String[] {"-o", "OUT", cube, "[1]"});
        lines.add(new String[] {cube, "-q", "[..., 0]", "--output", "OUT"});
        lines.add(new String[] {"--quiet", cube, "[2, 3, 4]", "-o", "OUT"});
        lines.add(new String[] {cube, "[7]", "-o", "OUT"}); // out of bounds
        lines.add(new String[] {cube, "[1:", "-o", "OUT"}); // syntax error
        lines.add(new String[] {missing, "[0]", "-o", "OUT"});
        lines.add(new String[] {cube, "[0]", "-o", ""});
        lines.add(new String[] {cube, "[0]", "-o", cube}); // OUT is SOURCE: refused
        for (String[] args : lines) {
            assertSame(NpySliceCommand::new, args, "OUT");
        }
    }

    @Test
    void npysliceLeavesTheRestToPicocli() {
        for (String[] args : List.of(new String[] {cube, "[0]"}, new String[] {cube, "-o", "x"},
                new String[] {cube, "[0]", "-o"}, new String[] {cube, "[0]", "-o", "a", "-o", "b"},
                new String[] {cube, "[0]", "-o", "x", "-q", "-q"}, new String[] {cube, "[0]", "-o", "-q"},
                new String[] {cube, "[0]", "-o", "x", "extra"}, new String[] {cube, "-1:", "-o", "x"},
                new String[] {cube, "[0]", "-o", "x", "--format", "csv"}, new String[] {cube, "[0]", "-ox"},
                new String[] {"@args", "[0]", "-o", "x"}, new String[] {cube, "[0]", "-o", "@x"},
                new String[] {cube, "[0]", "--output=x"}, new String[] {"--help"})) {
            assertFalse(new NpySliceCommand().take(args), String.join(" ", args));
        }
        NpySliceCommand stdout = new NpySliceCommand();
        assertTrue(stdout.take(new String[] {cube, "[0]", "-o", "-"}));
        assertEquals("-", stdout.output);
    }

    @Test
    void npyUmbrellaTakesInfoAndSlice() {
        for (String[] args : List.of(new String[] {"info", "--json", cube}, new String[] {"info", cube, stations},
                new String[] {"slice", cube, "[1:3]", "-o", dir.resolve("u.npy").toString()})) {
            StringWriter plainOut = new StringWriter();
            StringWriter plainErr = new StringWriter();
            int plain = NpyMain.run(new PrintWriter(plainOut), new PrintWriter(plainErr), args);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int picocli = NpyMain.run(NpyCommand.commandLine(), new PrintWriter(out), new PrintWriter(err), args);
            String what = String.join(" ", args);
            assertEquals(picocli, plain, what);
            assertEquals(out.toString(), plainOut.toString(), what);
            assertEquals(err.toString(), plainErr.toString(), what);
        }
    }

    /**
     * Runs {@code args} through {@link Cli#run} (which must take them plainly) and through picocli; {@code out}, when
     * given, is replaced in each run by a file of its own, whose bytes must agree.
     */
    private void assertSame(Supplier<Object> command, String[] args, String out) throws IOException {
        String what = String.join(" ", args);
        assertTrue(((PlainArgs) command.get()).take(args), what);
        Path plainOut = dir.resolve("plain.out");
        Path picocliOut = dir.resolve("picocli.out");
        Files.deleteIfExists(plainOut);
        Files.deleteIfExists(picocliOut);
        StringWriter o1 = new StringWriter();
        StringWriter e1 = new StringWriter();
        int s1 = Cli.run(command.get(), new PrintWriter(o1), new PrintWriter(e1), with(args, out, plainOut));
        StringWriter o2 = new StringWriter();
        StringWriter e2 = new StringWriter();
        int s2;
        try (PrintWriter pw = new PrintWriter(o2); PrintWriter pe = new PrintWriter(e2)) {
            s2 = Cli.execute(Cli.commandLine(command.get(), pw, pe), with(args, out, picocliOut));
        }
        assertEquals(s2, s1, what + "\n" + e1 + e2);
        assertEquals(o2.toString(), o1.toString(), what);
        assertEquals(e2.toString().replace(picocliOut.toString(), "OUT"),
                e1.toString().replace(plainOut.toString(), "OUT"), what);
        assertEquals(Files.exists(picocliOut), Files.exists(plainOut), what);
        if (Files.exists(plainOut)) {
            assertArrayEquals(Files.readAllBytes(picocliOut), Files.readAllBytes(plainOut), what);
        }
    }

    private static String[] with(String[] args, String placeholder, Path file) {
        String[] copy = args.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i].equals(placeholder)) {
                copy[i] = file.toString();
            }
        }
        return copy;
    }
}
