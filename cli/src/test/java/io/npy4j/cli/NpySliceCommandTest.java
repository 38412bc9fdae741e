package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.MapMode;
import io.npy4j.NpyArray;
import io.npy4j.Npy;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.fixtures.Corpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code npyslice} in-process ({@link Cli#run}): known results on {@code examples/cube.npy} (a 4x5x6 {@code <i2}
 * arange, so element [i, j, k] is 30i + 6j + k) and corpus files, the output formats, and the error and
 * atomic-output conventions. No NumPy needed.
 */
class NpySliceCommandTest {
    @TempDir
    Path dir;

    private Path cube;

    record Run(int status, String out, String err) {
        /** Error output must be exactly one line "npyslice: ..." without a stack trace. */
        void assertOneErrorLine() {
            assertTrue(err.startsWith("npyslice: "), err);
            assertFalse(err.contains("\tat "), err);
            assertFalse(err.contains("Exception"), err);
        }
    }

    @BeforeEach
    void locate() {
        // the corpus root is src-test-fixtures/corpus; the examples sit two levels above it
        cube = Corpus.root().getParent().getParent().resolve("examples").resolve("cube.npy");
        assertTrue(Files.isRegularFile(cube), cube.toString());
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.run(new NpySliceCommand(), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString(), err.toString());
    }

    private static int cube(long i, long j, long k) {
        return (int) (30 * i + 6 * j + k);
    }

    /** The whole OUT file a C-order {@code <i2} result of this shape and these values must be. */
    private static byte[] int16File(Shape shape, boolean fortran, int... values) {
        byte[] header = Npy.encodeHeader(NpyHeader.of(ScalarType.INT16, shape, fortran));
        ByteBuffer b = ByteBuffer.allocate(header.length + 2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    private static short[] readShorts(Path npy) throws IOException {
        try (NpyArray m = Npy.map(npy, MapMode.READ_ONLY)) {
            short[] s = new short[Math.toIntExact(m.size())];
            m.read(0, s, 0, s.length);
            return s;
        }
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    // --- known results ----------------------------------------------------------------------------------------

    @Test
    void rowsColumnsAndNegativeIndex() throws IOException {
        Path out = dir.resolve("a.npy");
        Run r = run(cube.toString(), "[1:3, ::2, -1]", "-o", out.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        NpyHeader h = Npy.readHeader(out);
        assertEquals(Shape.of(2, 3), h.shape());
        assertEquals("'<i2'", h.dtype().descr());
        assertFalse(h.fortranOrder());
        int[] expect = {cube(1, 0, 5), cube(1, 2, 5), cube(1, 4, 5), cube(2, 0, 5), cube(2, 2, 5), cube(2, 4, 5)};
        assertArrayEquals(int16File(Shape.of(2, 3), false, expect), Files.readAllBytes(out));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void reversedStepsEllipsisAndNewAxis() throws IOException {
        Path out = dir.resolve("b.npy");
        assertEquals(0, run(cube.toString(), "[::-1, 4, ::-3]", "-o", out.toString()).status());
        assertEquals(Shape.of(4, 2), Npy.readHeader(out).shape());
        short[] got = readShorts(out);
        for (int i = 0; i < 4; i++) {
            assertEquals(cube(3 - i, 4, 5), got[2 * i]);
            assertEquals(cube(3 - i, 4, 2), got[2 * i + 1]);
        }
        Path out2 = dir.resolve("c.npy");
        assertEquals(0, run(cube.toString(), "[..., None, 0]", "-o", out2.toString()).status());
        assertEquals(Shape.of(4, 5, 1), Npy.readHeader(out2).shape());
        short[] got2 = readShorts(out2);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(cube(i, j, 0), got2[5 * i + j]);
            }
        }
        // the whole array: [...] and [] copy the source file exactly (it was written by np.save)
        Path all = dir.resolve("all.npy");
        assertEquals(0, run(cube.toString(), "[...]", "-o", all.toString()).status());
        assertArrayEquals(Files.readAllBytes(cube), Files.readAllBytes(all));
        assertEquals(0, run(cube.toString(), "[]", "-o", all.toString()).status());
        assertArrayEquals(Files.readAllBytes(cube), Files.readAllBytes(all));
    }

    @Test
    void emptyResult() throws IOException {
        Path out = dir.resolve("e.npy");
        assertEquals(0, run(cube.toString(), "[2:2, :, 7:]", "-o", out.toString()).status());
        assertArrayEquals(int16File(Shape.of(0, 5, 0), false), Files.readAllBytes(out));
    }

    @Test
    void integerIndicesGiveZeroDimResult() throws IOException {
        Path out = dir.resolve("s.npy");
        Run r = run(cube.toString(), "[1, 2, 3]", "-o", out.toString());
        assertEquals(0, r.status(), r.err());
        NpyHeader h = Npy.readHeader(out);
        assertEquals(Shape.scalar(), h.shape());
        assertEquals("()", h.shape().toString());
        assertArrayEquals(int16File(Shape.scalar(), false, cube(1, 2, 3)), Files.readAllBytes(out));
    }

    @Test
    void zeroDimOfBigEndianCorpusFileKeepsByteOrder() throws IOException {
        Path src = Corpus.file("npy/valid/scalar/i4_be.npy");
        Path out = dir.resolve("be.npy");
        assertEquals(0, run(src.toString(), "[-2]", "-o", out.toString()).status());
        NpyHeader h = Npy.readHeader(out);
        assertEquals("'>i4'", h.dtype().descr());
        assertEquals(Shape.scalar(), h.shape());
        NpyHeader sh = Npy.readHeader(src);
        byte[] s = Files.readAllBytes(src);
        byte[] o = Files.readAllBytes(out);
        assertArrayEquals(Arrays.copyOfRange(s, (int) sh.dataOffset() + 12, (int) sh.dataOffset() + 16),
                Arrays.copyOfRange(o, (int) h.dataOffset(), o.length));
    }

    @Test
    void stringAndStructCorpusFiles() throws IOException {
        // U3 big-endian, reversed: each element's 12 raw bytes move as a block
        Path src = Corpus.file("npy/valid/scalar/U3_be.npy");
        Path out = dir.resolve("u.npy");
        assertEquals(0, run(src.toString(), "[::-2]", "-o", out.toString()).status());
        NpyHeader sh = Npy.readHeader(src);
        NpyHeader h = Npy.readHeader(out);
        assertEquals("'>U3'", h.dtype().descr());
        assertEquals(Shape.of(3), h.shape());
        byte[] s = Files.readAllBytes(src);
        byte[] o = Files.readAllBytes(out);
        int[] picked = {4, 2, 0};
        for (int k = 0; k < 3; k++) {
            int so = (int) sh.dataOffset() + 12 * picked[k];
            int oo = (int) h.dataOffset() + 12 * k;
            assertArrayEquals(Arrays.copyOfRange(s, so, so + 12), Arrays.copyOfRange(o, oo, oo + 12), "k=" + k);
        }
        // a struct with titles keeps its descr; one record
        Path st = Corpus.file("npy/valid/struct/titles.npy");
        Path out2 = dir.resolve("t.npy");
        assertEquals(0, run(st.toString(), "[1:2]", "-o", out2.toString()).status());
        NpyHeader th = Npy.readHeader(st);
        NpyHeader oh = Npy.readHeader(out2);
        assertEquals(th.dtype().descr(), oh.dtype().descr());
        assertEquals(Shape.of(1), oh.shape());
        byte[] ts = Files.readAllBytes(st);
        byte[] to = Files.readAllBytes(out2);
        assertArrayEquals(Arrays.copyOfRange(ts, (int) th.dataOffset() + 8, (int) th.dataOffset() + 16),
                Arrays.copyOfRange(to, (int) oh.dataOffset(), to.length));
    }

    @Test
    void fortranSourceSliceInCOrder() throws IOException {
        // mm_i2_f: '>i2' (3, 4) Fortran order; a C-order copy of its transpose-free slice [1:, ::-1]
        Path src = Corpus.file("npy/valid/memmap/mm_i2_f.npy");
        Path out = dir.resolve("f.npy");
        assertEquals(0, run(src.toString(), "[1:, ::-1]", "-o", out.toString()).status());
        NpyHeader h = Npy.readHeader(out);
        assertEquals(Shape.of(2, 4), h.shape());
        assertFalse(h.fortranOrder());
        try (NpyArray s = Npy.map(src, MapMode.READ_ONLY); NpyArray o = Npy.map(out, MapMode.READ_ONLY)) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 4; j++) {
                    assertEquals(s.getLong(i + 1, 3 - j), o.getLong(i, j), i + "," + j);
                }
            }
        }
    }

    @Test
    void orderFWritesFortranData() throws IOException {
        Path out = dir.resolve("f.npy");
        Run r = run(cube.toString(), "[1, 1:4, ::2]", "--order", "F", "-o", out.toString());
        assertEquals(0, r.status(), r.err());
        NpyHeader h = Npy.readHeader(out);
        assertTrue(h.fortranOrder());
        assertEquals(Shape.of(3, 3), h.shape());
        // column-major: all rows of column 0, then column 1, ...
        int[] expect = new int[9];
        for (int c = 0; c < 3; c++) {
            for (int row = 0; row < 3; row++) {
                expect[3 * c + row] = cube(1, 1 + row, 2 * c);
            }
        }
        assertArrayEquals(int16File(Shape.of(3, 3), true, expect), Files.readAllBytes(out));
        // Npy.map presents the data in C order of the shape, whatever the file's order
        try (NpyArray m = Npy.map(out, MapMode.READ_ONLY)) {
            assertEquals(cube(1, 3, 2), m.getLong(2, 1));
        }
        // one long axis: C and F order are the same bytes, and NumPy writes fortran_order False
        Path one = dir.resolve("one.npy");
        assertEquals(0, run(cube.toString(), "[1, 1:2, ::2]", "--order", "F", "-o", one.toString()).status());
        assertFalse(Npy.readHeader(one).fortranOrder());
    }

    // --- raw and csv ------------------------------------------------------------------------------------------

    @Test
    void rawIsJustTheDataBytes() throws IOException {
        Path npy = dir.resolve("x.npy");
        Path raw = dir.resolve("x.bin");
        assertEquals(0, run(cube.toString(), "[:, 1:4, ::-2]", "-o", npy.toString()).status());
        assertEquals(0, run(cube.toString(), "[:, 1:4, ::-2]", "--format", "raw", "-o", raw.toString()).status());
        NpyHeader h = Npy.readHeader(npy);
        byte[] n = Files.readAllBytes(npy);
        byte[] b = Files.readAllBytes(raw);
        assertEquals(4 * 3 * 3 * 2, b.length);
        assertEquals(h.elementCount() * h.itemSize(), b.length);
        assertArrayEquals(Arrays.copyOfRange(n, (int) h.dataOffset(), n.length), b);
        // --order F with raw: Fortran-ordered bytes
        Path rawF = dir.resolve("xf.bin");
        assertEquals(0, run(cube.toString(), "[0, :2, :3]", "--format", "raw", "--order", "F", "-o",
                rawF.toString()).status());
        ByteBuffer f = ByteBuffer.wrap(Files.readAllBytes(rawF)).order(ByteOrder.LITTLE_ENDIAN);
        int[] expectF = {cube(0, 0, 0), cube(0, 1, 0), cube(0, 0, 1), cube(0, 1, 1), cube(0, 0, 2), cube(0, 1, 2)};
        for (int v : expectF) {
            assertEquals(v, f.getShort());
        }
        assertFalse(f.hasRemaining());
    }

    @Test
    void csvFor2dAnd1dAnd0d() throws IOException {
        Path csv = dir.resolve("x.csv");
        assertEquals(0, run(cube.toString(), "[2, 1:3, -3:]", "--format", "csv", "-o", csv.toString()).status());
        assertEquals("69,70,71\n75,76,77\n", Files.readString(csv));
        assertEquals(0, run(cube.toString(), "[3, ::2, 5]", "--format", "csv", "-o", csv.toString()).status());
        assertEquals("95\n107\n119\n", Files.readString(csv));
        assertEquals(0, run(cube.toString(), "[0, 0, 1]", "--format", "csv", "-o", csv.toString()).status());
        assertEquals("1\n", Files.readString(csv));
    }

    @Test
    void csvOfFloatsBoolsAndUnsigned() throws IOException {
        Path csv = dir.resolve("y.csv");
        assertEquals(0, run(Corpus.file("npy/valid/memmap/mm_f8_c.npy").toString(), "[:2, :2]", "--format", "csv",
                "-o", csv.toString()).status());
        String[] lines = Files.readString(csv).split("\n");
        assertEquals(2, lines.length);
        try (NpyArray m = Npy.map(Corpus.file("npy/valid/memmap/mm_f8_c.npy"), MapMode.READ_ONLY)) {
            for (int i = 0; i < 2; i++) {
                String[] cells = lines[i].split(",");
                assertEquals(2, cells.length);
                for (int j = 0; j < 2; j++) {
                    assertEquals(m.getDouble(i, j), Double.parseDouble(cells[j]));
                }
            }
        }
        assertEquals(0, run(Corpus.file("npy/valid/scalar/b1.npy").toString(), "[:]", "--format", "csv",
                "-o", csv.toString()).status());
        for (String line : Files.readString(csv).split("\n")) {
            assertTrue(line.equals("True") || line.equals("False"), line);
        }
        // unsigned values print unsigned
        assertEquals(0, run(Corpus.file("npy/valid/scalar/u8_be.npy").toString(), "[:]", "--format", "csv",
                "-o", csv.toString()).status());
        try (NpyArray m = Npy.map(Corpus.file("npy/valid/scalar/u8_be.npy"), MapMode.READ_ONLY)) {
            String[] v = Files.readString(csv).split("\n");
            for (int i = 0; i < v.length; i++) {
                assertEquals(Long.toUnsignedString(m.getLong(i)), v[i]);
                assertFalse(v[i].startsWith("-"));
            }
        }
    }

    @Test
    void csvRefusedFor3dAndForStrings() throws IOException {
        Path csv = dir.resolve("no.csv");
        Run r = run(cube.toString(), "[:2]", "--format", "csv", "-o", csv.toString());
        assertEquals(1, r.status());
        r.assertOneErrorLine();
        assertTrue(r.err().contains("csv"), r.err());
        assertFalse(Files.exists(csv));
        Run s = run(Corpus.file("npy/valid/scalar/S5.npy").toString(), "[:]", "--format", "csv", "-o",
                csv.toString());
        assertEquals(1, s.status());
        s.assertOneErrorLine();
        assertTrue(s.err().contains("csv"), s.err());
        assertFalse(Files.exists(csv));
        Run u = run(Corpus.file("npy/valid/scalar/U3_le.npy").toString(), "[:]", "--format", "csv", "-o",
                csv.toString());
        assertEquals(1, u.status());
        assertFalse(Files.exists(csv));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void csvComplexNegativeZeroImaginaryIsReadable() throws IOException {
        Path src = dir.resolve("cx.npy");
        byte[] header = Npy.encodeHeader(NpyHeader.of(ScalarType.parse("<c16"), Shape.of(1), false));
        ByteBuffer b = ByteBuffer.allocate(header.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put(header).putDouble(1.0).putDouble(-0.0);
        Files.write(src, b.array());
        Path csv = dir.resolve("cx.csv");
        assertEquals(0, run(src.toString(), "[:]", "--format", "csv", "-o", csv.toString()).status());
        String text = Files.readString(csv).strip();
        assertFalse(text.contains("+-"), text);
    }

    // --- errors -----------------------------------------------------------------------------------------------

    @Test
    void invalidSliceSyntaxNamesTheColumn() throws IOException {
        Path out = dir.resolve("o.npy");
        Run r = run(cube.toString(), "[1, 2:x]", "-o", out.toString());
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("npyslice: "), r.err());
        assertTrue(r.err().contains("column 6"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(out));
        Run z = run(cube.toString(), "[::0]", "-o", out.toString());
        assertEquals(1, z.status());
        assertTrue(z.err().contains("column 3"), z.err());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void invalidSliceIsOneLine() {
        Run r = run(cube.toString(), "[1, 2:x]", "-o", dir.resolve("o.npy").toString());
        assertEquals(1, r.status());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void bracketlessSlices() throws IOException {
        Path out = dir.resolve("nb.npy");
        assertEquals(0, run(cube.toString(), "1, ::2", "-o", out.toString()).status());
        assertEquals(Shape.of(3, 6), Npy.readHeader(out).shape());
        assertEquals(0, run(cube.toString(), "-1", "-o", out.toString()).status());
        assertEquals(Shape.of(5, 6), Npy.readHeader(out).shape());
        assertEquals(cube(3, 0, 0), readShorts(out)[0]);
        // '--' ends the options, so a slice may then start with '-'
        assertEquals(0, run(cube.toString(), "-o", out.toString(), "--", "-1:, -2").status());
        assertEquals(Shape.of(1, 6), Npy.readHeader(out).shape());
        assertEquals(cube(3, 3, 0), readShorts(out)[0]);
    }

    @Test
    void bracketlessSliceStartingWithMinus() throws IOException {
        Path out = dir.resolve("nm.npy");
        for (String slice : new String[] {"-1:", "-1, 2", "-2:, 0"}) {
            Run r = run(cube.toString(), slice, "-o", out.toString());
            assertEquals(0, r.status(), slice + ": " + r.err());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[4]", "[-5]", "[0, 5]", "[0, 0, 6]", "[0, 0, 0, 0]", "[..., 0, -7]"})
    void outOfBoundsIsExit1(String slice) {
        Path out = dir.resolve("oob.npy");
        Run r = run(cube.toString(), slice, "-o", out.toString());
        assertEquals(1, r.status(), r.err());
        r.assertOneErrorLine();
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("index") || r.err().contains("indices"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void missingSource() throws IOException {
        Path out = dir.resolve("m.npy");
        Run r = run(dir.resolve("nope.npy").toString(), "[:]", "-o", out.toString());
        assertEquals(1, r.status());
        r.assertOneErrorLine();
        assertEquals(1, r.err().lines().count());
        assertTrue(r.err().contains("nope.npy") && r.err().contains("no such file"), r.err());
        assertFalse(Files.exists(out));
        assertEquals(List.of(), leftovers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"npy/valid/object/object_array.npy", "npy/valid/object/struct_with_object.npy"})
    void objectDtypeRefused(String corpusPath) {
        Path out = dir.resolve("obj.npy");
        Run r = run(Corpus.file(corpusPath).toString(), "[:1]", "-o", out.toString());
        assertEquals(1, r.status(), r.err());
        r.assertOneErrorLine();
        assertEquals(1, r.err().lines().count());
        assertTrue(r.err().contains("pickle") || r.err().contains("object"), r.err());
        assertFalse(Files.exists(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"npy/malformed/data_short_by_one.npy", "npy/malformed/bad_magic_0.npy",
        "npy/malformed/header_extra_key.npy"})
    void malformedSourceIsOneLine(String corpusPath) {
        Run r = run(Corpus.file(corpusPath).toString(), "[:]", "-o", dir.resolve("bad.npy").toString());
        assertEquals(1, r.status(), r.err());
        r.assertOneErrorLine();
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void failedRunLeavesExistingOutUntouched() throws IOException {
        Path out = dir.resolve("keep.npy");
        byte[] before = "precious bytes\n".getBytes(StandardCharsets.UTF_8);
        Files.write(out, before);
        String[][] failing = {
            {cube.toString(), "[1, 2:x]", "-o", out.toString()},                      // bad slice
            {cube.toString(), "[7]", "-o", out.toString()},                           // out of bounds
            {dir.resolve("missing.npy").toString(), "[:]", "-o", out.toString()},   // missing source
            {Corpus.file("npy/malformed/data_short_by_one.npy").toString(), "[:]", "-o", out.toString()},
            {Corpus.file("npy/valid/object/object_2d.npy").toString(), "[:]", "-o", out.toString()},
            {cube.toString(), "[:]", "--format", "csv", "-o", out.toString()},      // csv of 3-D
        };
        for (String[] args : failing) {
            Run r = run(args);
            assertEquals(1, r.status(), String.join(" ", args) + ": " + r.err());
            assertArrayEquals(before, Files.readAllBytes(out), String.join(" ", args));
            assertEquals(List.of(), leftovers(), String.join(" ", args));
        }
        // and a successful run replaces it
        assertEquals(0, run(cube.toString(), "[1, 2, 3]", "-o", out.toString()).status());
        assertArrayEquals(int16File(Shape.scalar(), false, cube(1, 2, 3)), Files.readAllBytes(out));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void outEqualToSourceIsRefused() throws IOException {
        Path copy = dir.resolve("src.npy");
        Files.copy(cube, copy);
        byte[] before = Files.readAllBytes(copy);
        Run r = run(copy.toString(), "[1]", "-o", copy.toString());
        assertEquals(1, r.status());
        r.assertOneErrorLine();
        assertArrayEquals(before, Files.readAllBytes(copy));
        // the same file under another spelling
        Run r2 = run(copy.toString(), "[1]", "-o", dir.resolve(".").resolve("x").resolve("..").resolve("src.npy")
                .toString());
        assertEquals(1, r2.status(), r2.err());
        assertArrayEquals(before, Files.readAllBytes(copy));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void outputIntoMissingDirectoryFails() {
        Path out = dir.resolve("no-such-dir").resolve("o.npy");
        Run r = run(cube.toString(), "[1]", "-o", out.toString());
        assertEquals(1, r.status());
        r.assertOneErrorLine();
        assertEquals(1, r.err().lines().count());
        assertFalse(Files.exists(out));
    }

    @Test
    void outputErrorNamesTheOutput() {
        Path out = dir.resolve("no-such-dir").resolve("o.npy");
        Run r = run(cube.toString(), "[1]", "-o", out.toString());
        assertEquals(1, r.status());
        assertFalse(r.err().contains(cube + ": no such file"), r.err());
        assertTrue(r.err().contains("no-such-dir"), r.err());
    }

    @Test
    void outputHasDefaultPermissions() throws IOException {
        Path plain = Files.createFile(dir.resolve("plain"));
        Set<PosixFilePermission> expect = Files.getPosixFilePermissions(plain);
        Path out = dir.resolve("p.npy");
        assertEquals(0, run(cube.toString(), "[1]", "-o", out.toString()).status());
        assertEquals(expect, Files.getPosixFilePermissions(out));
    }

    @Test
    void usageErrorsExit2() {
        Run none = run();
        assertEquals(2, none.status());
        Run noOut = run(cube.toString(), "[1]");
        assertEquals(2, noOut.status());
        assertTrue(noOut.err().contains("--output"), noOut.err());
        Run badOrder = run(cube.toString(), "[1]", "--order", "X", "-o", dir.resolve("q.npy").toString());
        assertEquals(2, badOrder.status());
        Run badFormat = run(cube.toString(), "[1]", "--format", "json", "-o", dir.resolve("q.npy").toString());
        assertEquals(2, badFormat.status());
        assertFalse(Files.exists(dir.resolve("q.npy")));
        assertFalse(none.err().contains("\tat "));
    }

    @Test
    void helpAndVersionExit0() {
        Run help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("npyslice"), help.out());
        assertEquals(0, run("--version").status());
    }

    @Test
    void zeroWidthAndLongDoubleDtypes() throws IOException {
        // S0: zero-byte items; the header still carries the sliced shape
        Path out = dir.resolve("s0.npy");
        assertEquals(0, run(Corpus.file("npy/valid/scalar/S0.npy").toString(), "[1:3]", "-o", out.toString())
                .status());
        NpyHeader h = Npy.readHeader(out);
        assertEquals(Shape.of(2), h.shape());
        assertEquals(h.dataOffset(), Files.size(out));
        // long double: raw bytes move
        Path src = Corpus.file("npy/valid/scalar/longdouble_2d.npy");
        Path out2 = dir.resolve("g.npy");
        assertEquals(0, run(src.toString(), "[1, ::-1]", "-o", out2.toString()).status());
        NpyHeader sh = Npy.readHeader(src);
        NpyHeader oh = Npy.readHeader(out2);
        byte[] s = Files.readAllBytes(src);
        byte[] o = Files.readAllBytes(out2);
        List<byte[]> expect = new ArrayList<>();
        for (int j = 2; j >= 0; j--) {
            int at = (int) sh.dataOffset() + 16 * (3 + j);
            expect.add(Arrays.copyOfRange(s, at, at + 16));
        }
        for (int k = 0; k < 3; k++) {
            int at = (int) oh.dataOffset() + 16 * k;
            assertArrayEquals(expect.get(k), Arrays.copyOfRange(o, at, at + 16));
        }
    }
}
