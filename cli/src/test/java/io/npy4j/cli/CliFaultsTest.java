package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.fixtures.Corpus;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both tools under hostile arguments and faults (issue 18, items 3, 4, 6, 9, 10): unwritable stdout, megabyte
 * arguments, out of memory, an OUT that is a full device or an alias of SOURCE. Some run the tool's {@code main} in a
 * forked JVM, as a user's shell would, to redirect its stdout or limit its heap.
 */
class CliFaultsTest {
    @TempDir
    Path dir;

    private Path cube;

    record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }

        /** Exactly one line on stderr, starting with the tool's name, without a stack trace. */
        void assertOneLine(String tool) {
            assertEquals(1, errLines().size(), err);
            assertTrue(err.startsWith(tool + ": "), err);
            assertFalse(err.contains("\tat "), err);
        }
    }

    @BeforeEach
    void locate() throws IOException {
        cube = Files.copy(Corpus.root().getParent().getParent().resolve("examples").resolve("cube.npy"),
                dir.resolve("cube.npy"));
    }

    static Run run(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.run(command, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString(), err.toString());
    }

    /** Runs {@code main} in a new JVM with these JVM options, stdout to {@code stdout}. */
    static Run fork(Class<?> main, List<String> jvm, File stdout, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(stdout).redirectInput(ProcessBuilder.Redirect
                .from(new File("/dev/null")));
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the forked tool did not finish");
        return new Run(p.exitValue(), "", err);
    }

    /** A version 2.0 .npy of {@code header} text (padded and newline-terminated here) and {@code data} bytes. */
    static byte[] npy(String header, int dataBytes) {
        StringBuilder t = new StringBuilder(header);
        while ((12 + t.length() + 1) % 64 != 0) {
            t.append(' ');
        }
        t.append('\n');
        byte[] text = t.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(12 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(text.length).put(text);
        return b.array();
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    // --- item 6: stdout that cannot be written --------------------------------------------------------------

    @Test
    void npyinfoToAFullDeviceFailsNamingStdout() throws Exception {
        File full = new File("/dev/full");
        Assumptions.assumeTrue(full.exists(), "no /dev/full here");
        Run r = fork(NpyInfoCommand.class, List.of(), full, cube.toString());
        assertEquals(1, r.status(), r.err());
        r.assertOneLine("npyinfo");
        assertTrue(r.err().startsWith("npyinfo: <stdout>: cannot write: "), r.err());
        assertTrue(r.err().contains("No space left on device"), r.err());
        // --json too, and every file's output is refused, not only the first
        Run j = fork(NpyInfoCommand.class, List.of(), full, "--json", cube.toString(), cube.toString());
        assertEquals(1, j.status(), j.err());
        j.assertOneLine("npyinfo");
        assertTrue(j.err().startsWith("npyinfo: <stdout>: cannot write"), j.err());
    }

    @Test
    void writerErrorsInProcessAreReportedToo() {
        PrintWriter broken = new PrintWriter(new Writer() {
            @Override
            public void write(char[] c, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void flush() throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void close() {
            }
        });
        StringWriter err = new StringWriter();
        int status = Cli.run(new NpyInfoCommand(), broken, new PrintWriter(err), cube.toString());
        assertEquals(1, status, err.toString());
        assertEquals("npyinfo: <stdout>: cannot write" + System.lineSeparator(), err.toString());
    }

    @Test
    void npysliceToStdoutOnAFullDeviceFailsNamingStdout() throws Exception {
        File full = new File("/dev/full");
        Assumptions.assumeTrue(full.exists(), "no /dev/full here");
        Run r = fork(NpySliceCommand.class, List.of(), full, cube.toString(), "[1]", "-o", "-");
        assertEquals(1, r.status(), r.err());
        r.assertOneLine("npyslice");
        assertTrue(r.err().startsWith("npyslice: <stdout>: "), r.err());
    }

    // --- item 9: bounded report lines ---------------------------------------------------------------------

    @Test
    void aMegabyteFileNameGivesABoundedLine() {
        String name = dir.resolve("x".repeat(1 << 20) + ".npy").toString();
        Run r = run(new NpyInfoCommand(), name, cube.toString());
        assertEquals(1, r.status());
        r.assertOneLine("npyinfo");
        String line = r.errLines().get(0);
        assertTrue(line.length() <= Problems.MAX_LINE + 20, () -> "line of " + line.length() + " characters");
        assertTrue(line.startsWith("npyinfo: " + dir + "/xxx"), line);
        assertTrue(line.contains("characters left out"), line);
        assertTrue(line.contains("xxx.npy: "), "the end of the name and the reason are kept: " + line);
        assertTrue(r.out().contains("cube.npy"), "the good file is still printed");
    }

    @Test
    void aMegabyteSliceGivesABoundedLine() {
        String slice = "[" + "1".repeat(1 << 20) + "x]";
        Run r = run(new NpySliceCommand(), cube.toString(), slice, "-o", dir.resolve("o.npy").toString());
        assertEquals(1, r.status());
        r.assertOneLine("npyslice");
        String line = r.errLines().get(0);
        assertTrue(line.length() <= Problems.MAX_LINE + 20, () -> "line of " + line.length() + " characters");
        assertTrue(line.startsWith("npyslice: invalid slice '[111"), line);
        assertTrue(line.matches(".* at column \\d+"), "the column is kept: " + line.substring(line.length() - 80));
        Run many = run(new NpySliceCommand(), cube.toString(), "[" + ":,".repeat(1 << 19) + "]", "-o",
                dir.resolve("o.npy").toString());
        assertEquals(1, many.status());
        many.assertOneLine("npyslice");
        assertTrue(many.err().length() <= Problems.MAX_LINE + 20, many.err().length() + " characters");
    }

    @Test
    void capKeepsSurrogatePairsWhole() {
        String face = "\uD83D\uDE00";
        for (int pad = 0; pad < 2; pad++) {
            String capped = Problems.cap("a".repeat(pad) + face.repeat(3000));
            assertTrue(capped.length() <= Problems.MAX_LINE, capped.length() + "");
            for (int i = 0; i < capped.length(); i++) {
                char c = capped.charAt(i);
                if (Character.isHighSurrogate(c)) {
                    assertTrue(Character.isLowSurrogate(capped.charAt(i + 1)), "split pair at " + i);
                    i++;
                } else {
                    assertFalse(Character.isLowSurrogate(c), "lone low surrogate at " + i);
                }
            }
        }
        assertEquals("short", Problems.cap("short"));
        assertEquals("y".repeat(Problems.MAX_LINE), Problems.cap("y".repeat(Problems.MAX_LINE)));
    }

    // --- item 10: exit codes and blame ----------------------------------------------------------------------

    /** A legitimate 1 MiB header (78k one-byte fields) needs more than 12 MiB to parse: OutOfMemoryError there. */
    @Test
    void outOfMemoryIsAnInternalErrorWithExit3() throws Exception {
        StringBuilder h = new StringBuilder("{'descr': [");
        for (int i = 0; h.length() < (1 << 20) - 300 && i < 100_000; i++) {
            h.append("('").append(Integer.toString(i, 36)).append("', 'u1'), ");
        }
        h.append("], 'fortran_order': False, 'shape': (), }");
        Path big = Files.write(dir.resolve("wide.npy"), npy(h.toString(), 0));
        Run r = fork(NpyInfoCommand.class, List.of("-Xmx12m", "-XX:+UseSerialGC"), new File("/dev/null"),
                big.toString());
        assertEquals(Problems.INTERNAL, r.status(), r.err());
        r.assertOneLine("npyinfo");
        assertTrue(r.err().startsWith("npyinfo: " + big + ": internal error: out of memory"), r.err());
        Run s = fork(NpySliceCommand.class, List.of("-Xmx12m", "-XX:+UseSerialGC"), new File("/dev/null"),
                big.toString(), "[...]", "-o", dir.resolve("o.npy").toString());
        assertEquals(Problems.INTERNAL, s.status(), s.err());
        s.assertOneLine("npyslice");
        assertEquals(List.of(), leftovers());
    }

    /**
     * The same for an .npz member's header (it had exit 1); a manifest with more blocks than the heap holds is
     * refused before it is built: a typed error saying to raise -Xmx, exit 1 (it was an out-of-memory exit).
     */
    @Test
    void outOfMemoryInAnNpzOrManifestIsAnInternalErrorWithExit3() throws Exception {
        StringBuilder h = new StringBuilder("{'descr': [");
        for (int i = 0; h.length() < (1 << 20) - 300 && i < 100_000; i++) {
            h.append("('").append(Integer.toString(i, 36)).append("', 'u1'), ");
        }
        h.append("], 'fortran_order': False, 'shape': (), }");
        Path npz = dir.resolve("wide.npz");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(npz))) {
            z.putNextEntry(new java.util.zip.ZipEntry("wide.npy"));
            z.write(npy(h.toString(), 0));
            z.closeEntry();
        }
        StringBuilder m = new StringBuilder("{\"npy4j_virtual\": 1, \"dtype\": \"<i8\", \"shape\": [200000],"
                + " \"blocks\": [");
        for (int i = 0; i < 200_000; i++) {
            m.append(i == 0 ? "" : ", ").append("{\"origin\": [").append(i).append("], \"shape\": [1], \"path\": "
                    + "\"cube.npy\", \"format\": \"raw\", \"offset\": 0, \"dtype\": \"<i8\", \"raw_shape\": [1]}");
        }
        Path manifest = Files.writeString(dir.resolve("m.json"), m.append("]}"));
        Run r = fork(NpyInfoCommand.class, List.of("-Xmx12m", "-XX:+UseSerialGC"), new File("/dev/null"),
                npz.toString());
        assertEquals(Problems.INTERNAL, r.status(), r.err());
        r.assertOneLine("npyinfo");
        assertTrue(r.err().contains("internal error: out of memory"), r.err());
        Run m12 = fork(NpyInfoCommand.class, List.of("-Xmx12m", "-XX:+UseSerialGC"), new File("/dev/null"),
                manifest.toString());
        assertEquals(Problems.FAILED, m12.status(), m12.err());
        m12.assertOneLine("npyinfo");
        assertTrue(m12.err().contains("more than this JVM's heap holds") && m12.err().contains("raise -Xmx"),
                m12.err());
    }

    /** Member names, block paths and descrs with newlines or terminal escapes are printed escaped, one line each. */
    @Test
    void npyinfoTextOutputEscapesControlCharacters() throws Exception {
        String evil = "a\nb\u001b]0;title\u0007\u001b[2J\u009b31m";
        Path npz = dir.resolve("names.npz");
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(npz))) {
            z.putNextEntry(new java.util.zip.ZipEntry(evil + ".npy"));
            z.write(npy("{'descr': [('" + evil.replace("\n", "\\n") + "', 'u1')], 'fortran_order': False,"
                    + " 'shape': (1,), }", 1));
            z.closeEntry();
        }
        Path manifest = Files.writeString(dir.resolve("m.json"), "{\"npy4j_virtual\": 1, \"dtype\": \"<i8\", "
                + "\"shape\": [1], \"blocks\": [{\"origin\": [0], \"shape\": [1], \"path\": \"x\\n\\u001b[2J.npy\"}]}");
        for (Path f : List.of(npz, manifest)) {
            Run r = run(new NpyInfoCommand(), f.toString());
            assertEquals(0, r.status(), r.err());
            for (char c : r.out().toCharArray()) {
                assertTrue(c == '\n' || (c >= 0x20 && (c < 0x7f || c > 0x9f)), () -> "raw control character "
                        + (int) c + " in " + r.out());
            }
            assertTrue(r.out().contains("\\x1b[2J"), r.out());
        }
    }

    @Test
    void errorsAndUnexpectedRuntimeExceptionsAreInternal() {
        assertEquals(Problems.INTERNAL, Problems.status(new OutOfMemoryError("Java heap space")));
        assertEquals(Problems.INTERNAL, Problems.status(new InternalError("a fault occurred in an unsafe access")));
        assertEquals(Problems.INTERNAL, Problems.status(new StackOverflowError()));
        assertEquals(Problems.INTERNAL, Problems.status(new NullPointerException()));
        assertEquals(Problems.INTERNAL, Problems.status(new IllegalStateException("closed")));
        assertEquals(Problems.FAILED, Problems.status(new IOException("disk")));
        assertEquals(Problems.FAILED, Problems.status(new java.io.UncheckedIOException(new IOException("map"))));
        assertEquals(Problems.FAILED, Problems.status(new IllegalArgumentException("bad")));
        assertEquals(Problems.FAILED, Problems.status(new IndexOutOfBoundsException("index 7")));
        assertEquals("f.npy: internal error: java.lang.InternalError: a fault", Problems.describe(Path.of("f.npy"),
                new InternalError("a fault")));
        // an Error escaping a command (here from its stdout) is status 3 and one line too
        PrintWriter failing = new PrintWriter(new Writer() {
            @Override
            public void write(char[] c, int off, int len) {
                throw new InternalError("a fault occurred in an unsafe memory access");
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        StringWriter err = new StringWriter();
        assertEquals(Problems.INTERNAL, Cli.run(new NpyInfoCommand(), failing, new PrintWriter(err),
                cube.toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("npyinfo: internal error: "), err.toString());
    }

    @Test
    void fullDiskOnOutIsReportedAgainstOut() throws IOException {
        Assumptions.assumeTrue(new File("/dev/full").exists(), "no /dev/full here");
        for (String format : List.of("npy", "raw", "csv")) {
            Run r = run(new NpySliceCommand(), cube.toString(), "[1]", "--format", format, "-o", "/dev/full");
            assertEquals(1, r.status(), r.err());
            r.assertOneLine("npyslice");
            assertTrue(r.err().startsWith("npyslice: /dev/full: "), format + ": " + r.err());
            assertTrue(r.err().contains("No space left on device"), r.err());
            assertFalse(r.err().contains(cube.toString()), r.err());
        }
        assertFalse(Files.isRegularFile(Path.of("/dev/full")), "/dev/full is still a device");
    }

    /** A regular OUT on a full file system (a 64 KiB tmpfs, where the test may mount one): blamed on OUT, OUT kept. */
    @Test
    void fullFileSystemUnderOutIsReportedAgainstOutAndKeepsIt() throws Exception {
        Path big = dir.resolve("big.npy");
        io.npy4j.Npy.save(big, io.npy4j.Npy.zeros(io.npy4j.dtype.ScalarType.UINT8, 1 << 20));
        Path small = Files.createDirectory(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0,
                "cannot mount a small tmpfs here: " + why);
        try {
            Path out = small.resolve("out.npy");
            byte[] before = "precious bytes\n".getBytes(StandardCharsets.UTF_8);
            Files.write(out, before);
            Run r = run(new NpySliceCommand(), big.toString(), "[:]", "-o", out.toString());
            assertEquals(1, r.status(), r.err());
            r.assertOneLine("npyslice");
            assertTrue(r.err().startsWith("npyslice: " + out + ": "), r.err());
            assertTrue(r.err().contains("No space left on device"), r.err());
            assertFalse(r.err().contains(big.toString()), r.err());
            assertArrayEquals(before, Files.readAllBytes(out));
            try (Stream<Path> s = Files.list(small)) {
                assertEquals(List.of("out.npy"), s.map(p -> p.getFileName().toString()).toList());
            }
        } finally {
            new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void emptyOutSaysSoWithoutBlamingTheSource() {
        Run r = run(new NpySliceCommand(), cube.toString(), "[1]", "-o", "");
        assertEquals(1, r.status());
        assertEquals(List.of("npyslice: OUT (-o) is empty; name an output file, or - for stdout"), r.errLines());
    }

    @Test
    void aHundredThousandDigitFloatInAShapeIsReportedAsAFloat() throws IOException {
        String digits = "1" + "0".repeat(100_000) + ".0";
        Path f = Files.write(dir.resolve("float-shape.npy"), npy("{'descr': '<i2', 'fortran_order': False,"
                + " 'shape': (" + digits + ",), }", 0));
        Run r = run(new NpyInfoCommand(), f.toString());
        assertEquals(1, r.status());
        r.assertOneLine("npyinfo");
        assertTrue(r.err().contains("dimension 0 is float"), r.err());
        assertFalse(r.err().contains("4300 digits"), r.err());
        assertTrue(r.err().length() < 1000, r.err().length() + " characters");
    }

    // --- items 3 and 4: OUT is SOURCE under another name; OUT is a device --------------------------------------

    @Test
    void outThatIsTheSourceUnderAnotherNameIsRefused() throws IOException {
        byte[] before = Files.readAllBytes(cube);
        Path link = Files.createSymbolicLink(dir.resolve("link.npy"), cube.getFileName());
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(sub.resolve("up"), Path.of(".."));
        List<String[]> aliases = new ArrayList<>();
        aliases.add(new String[] {cube.toString(), link.toString()});        // OUT a symlink to SOURCE
        aliases.add(new String[] {link.toString(), cube.toString()});        // SOURCE a symlink to OUT
        aliases.add(new String[] {cube.toString(), sub.resolve("up").resolve("cube.npy").toString()}); // dir link
        if (Files.isDirectory(Path.of("/proc/self/root"))) {                  // a /proc magic link
            aliases.add(new String[] {cube.toString(), "/proc/self/root" + cube.toAbsolutePath()});
        }
        Path hard = dir.resolve("hard.npy");
        try {
            Files.createLink(hard, cube);
            aliases.add(new String[] {cube.toString(), hard.toString()});    // a hard link: same inode
        } catch (UnsupportedOperationException | IOException e) {
            // no hard links here
        }
        for (String[] a : aliases) {
            Run r = run(new NpySliceCommand(), a[0], "[:2]", "-o", a[1]);
            assertEquals(1, r.status(), String.join(" -o ", a) + ": " + r.err());
            r.assertOneLine("npyslice");
            assertTrue(r.err().contains("is the SOURCE file"), r.err());
            assertArrayEquals(before, Files.readAllBytes(cube), String.join(" -o ", a));
            assertTrue(Files.isSymbolicLink(link));
        }
        assertEquals(List.of(), leftovers());
    }

    /** /proc/self/cwd is the forked tool's own working directory: there the alias is exactly the issue's. */
    @Test
    void procSelfCwdAliasIsRefused() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/cwd")), "no /proc here");
        byte[] before = Files.readAllBytes(cube);
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), NpySliceCommand.class.getName(), "cube.npy", "[:2]", "-o",
                "/proc/self/cwd/cube.npy");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(new File("/dev/null")).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), err);
        assertTrue(err.contains("is the SOURCE file"), err);
        assertArrayEquals(before, Files.readAllBytes(cube));
    }

    /**
     * Item 5: the source replaced by rename (the usual atomic publish) while {@code npyslice} copies from its mapping:
     * the mapping still holds the old file, so the run succeeds (the truncation check asks the open file, not the path,
     * which now names a 129-byte file). The tool writes to a pipe this test does not read until it has renamed the
     * source, so the copy is held mid-way, the source mapped, whatever the machine's speed.
     */
    @Test
    void sourceReplacedByRenameWhileSlicingStillSucceeds() throws Exception {
        Path src = dir.resolve("sparse.npy");
        long n = 64L << 20;
        byte[] header = io.npy4j.Npy.encodeHeader(io.npy4j.NpyHeader.of(io.npy4j.dtype.ScalarType.UINT8,
                io.npy4j.dtype.Shape.of(n), false));
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(src.toFile(), "rw")) {
            f.write(header);
            f.setLength(header.length + n);
        }
        Path replacement = dir.resolve("new.npy");
        io.npy4j.Npy.save(replacement, io.npy4j.Npy.zeros(io.npy4j.dtype.ScalarType.UINT8, 1));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), NpySliceCommand.class.getName(), src.toString(),
                "[:]", "-o", "-", "-q");
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile()).start();
        Path maps = Path.of("/proc", Long.toString(p.pid()), "maps");
        Assumptions.assumeTrue(Files.isDirectory(maps.getParent()), "no /proc here");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(maps).contains(src.toString())) { // stdout unread: it cannot get far
            assertTrue(p.isAlive() && System.nanoTime() < deadline, "the source was never mapped");
            Thread.sleep(2);
        }
        Files.move(replacement, src, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        long copied;
        try (java.io.InputStream out = p.getInputStream()) {
            copied = out.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("err.txt"));
        assertEquals(0, p.exitValue(), err);
        assertEquals("", err);
        assertEquals(header.length + n, copied, "the whole old array");
    }

    @Test
    void devNullAsOutStaysADevice() throws IOException {
        Path devNull = Path.of("/dev/null");
        Assumptions.assumeTrue(Files.exists(devNull) && !Files.isRegularFile(devNull), "no /dev/null device");
        for (String format : List.of("npy", "raw", "csv")) {
            Run r = run(new NpySliceCommand(), cube.toString(), "[1]", "--format", format, "-o", "/dev/null");
            assertEquals(0, r.status(), r.err());
            assertFalse(Files.isRegularFile(devNull), "/dev/null was replaced by a regular file");
            assertTrue(Files.exists(devNull));
        }
        try (Stream<Path> s = Files.list(Path.of("/dev"))) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".null.") && n.endsWith(".tmp")).toList());
        }
    }
}
