package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.npy4j.fixtures.Corpus;
import io.npy4j.fixtures.CorpusEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code npyinfo} run in-process on the corpus and the README's example files, as a user would run it. */
class NpyInfoCommandTest {

    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    private static Run npyinfo(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.run(new NpyInfoCommand(), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString().replace(System.lineSeparator(), "\n"),
                err.toString().replace(System.lineSeparator(), "\n"));
    }

    private static Path example(String name) {
        // the corpus lives in <repo>/src-test-fixtures/corpus, the examples in <repo>/examples
        Path p = Corpus.root().getParent().getParent().resolve("examples").resolve(name);
        assertTrue(Files.isRegularFile(p), "missing example " + p);
        return p;
    }

    private static String corpus(String relative) {
        return Corpus.file(relative).toString();
    }

    /** No stack trace and no exception class names: a user sees one readable line per problem. */
    private static void assertNoStackTrace(String text) {
        assertFalse(text.contains("\tat ") || text.contains("Exception") || text.contains("Error:"),
                () -> "stack trace or exception name in:\n" + text);
    }

    @Test
    void zipNamedNpyIsListedAsAnArchive() {
        Path f = Corpus.file("npy/malformed/zip_named_npy.npy");
        Run r = npyinfo(f.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith(f + ":") && r.out().contains("compression"), r.out());
    }

    // --- text output ---------------------------------------------------------------------------------------

    private static final Pattern ROW = Pattern.compile(
            "  (version|descr|dtype|shape|order|itemsize|count|data offset|data bytes) +(.*)");

    /** The text blocks on stdout: path line then {@code key value} rows, blocks separated by a blank line. */
    private static List<Map<String, String>> textBlocks(String out) {
        List<Map<String, String>> blocks = new ArrayList<>();
        for (String block : out.split("\n\n")) {
            String[] lines = block.split("\n");
            Map<String, String> m = new LinkedHashMap<>();
            m.put("path", lines[0]);
            for (int i = 1; i < lines.length; i++) {
                Matcher r = ROW.matcher(lines[i]);
                assertTrue(r.matches(), "unexpected line: " + lines[i]);
                m.put(r.group(1), r.group(2));
            }
            blocks.add(m);
        }
        return blocks;
    }

    @Test
    void textOutputShowsEveryHeaderFieldOfTheFortranExample() {
        String f = example("temperatures.npy").toString();
        Run r = npyinfo(f);
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        Map<String, String> b = textBlocks(r.out()).get(0);
        assertEquals(List.of("path", "version", "descr", "dtype", "shape", "order", "itemsize", "count",
                "data offset", "data bytes"), List.copyOf(b.keySet()));
        assertAll(
                () -> assertEquals(f, b.get("path")),
                () -> assertEquals("1.0", b.get("version")),
                () -> assertEquals("<f8", b.get("descr")),
                () -> assertEquals("float64", b.get("dtype")),
                () -> assertEquals("(365, 3)", b.get("shape")),
                () -> assertTrue(b.get("order").startsWith("F"), b.get("order")),
                () -> assertEquals("8", b.get("itemsize")),
                () -> assertEquals("1095", b.get("count")),
                () -> assertEquals("128", b.get("data offset")),
                () -> assertEquals("8760", b.get("data bytes")));
    }

    @Test
    void textOutputPrintsFilesInOrderSeparatedByBlankLines() {
        String temps = example("temperatures.npy").toString();
        String stations = example("stations.npy").toString();
        String cube = example("cube.npy").toString();
        Run r = npyinfo(temps, stations, cube);
        assertEquals(0, r.status(), r.err());
        List<Map<String, String>> blocks = textBlocks(r.out());
        assertEquals(List.of(temps, stations, cube), blocks.stream().map(b -> b.get("path")).toList());
        Map<String, String> s = blocks.get(1);
        assertEquals("[('station', '|S8'), ('lat', '<f8'), ('lon', '<f8'), ('samples', '<i4', (2,))]", s.get("descr"));
        assertEquals("struct{station: bytes[8], lat: float64, lon: float64, samples: int32[2]}", s.get("dtype"));
        assertEquals("(4,)", s.get("shape"));
        assertTrue(s.get("order").startsWith("C"), s.get("order"));
        assertEquals("192", s.get("data offset"));
        assertEquals("128", s.get("data bytes"));
        Map<String, String> c = blocks.get(2);
        assertEquals("(4, 5, 6)", c.get("shape"));
        assertEquals("int16", c.get("dtype"));
        assertEquals("120", c.get("count"));
    }

    @Test
    void textOutputSaysObjectDataBytesAreUnknown() {
        Run r = npyinfo(corpus("npy/valid/object/object_array.npy"));
        assertEquals(0, r.status(), r.err());
        Map<String, String> b = textBlocks(r.out()).get(0);
        assertEquals("|O", b.get("descr"));
        assertEquals("object", b.get("dtype"));
        assertTrue(b.get("data bytes").startsWith("unknown"), b.get("data bytes"));
    }

    // --- JSON output ---------------------------------------------------------------------------------------

    private static final Set<String> JSON_KEYS = Set.of("path", "version", "descr", "shape", "fortran_order",
            "header_len", "data_offset", "itemsize", "count", "nbytes", "dtype");

    /** Parses one line as exactly one JSON value (maps keep key order, numbers are Long). */
    private static Object json(String line) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(line)) {
            Object v = value(p, p.nextToken());
            assertNull(p.nextToken(), () -> "text after the JSON value: " + line);
            return v;
        }
    }

    private static Object value(JsonParser p, JsonToken t) throws IOException {
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    assertFalse(m.containsKey(name), "duplicate key " + name);
                    m.put(name, value(p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(value(p, e));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getLongValue();
            case VALUE_TRUE:
            case VALUE_FALSE:
                return p.getBooleanValue();
            case VALUE_NULL:
                return null;
            default:
                throw new AssertionError("unexpected JSON token " + t);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> jsonLines(String out) throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String line : out.split("\n")) {
            objects.add(assertInstanceOf(Map.class, json(line), line));
        }
        return objects;
    }

    private static List<Object> list(Object... items) {
        return Arrays.asList(items);
    }

    @Test
    void jsonHasExactlyTheDocumentedKeysAndValues() throws IOException {
        String f = example("temperatures.npy").toString();
        Run r = npyinfo("--json", f);
        assertEquals(0, r.status(), r.err());
        List<Map<String, Object>> objects = jsonLines(r.out());
        assertEquals(1, objects.size(), "one line per file");
        Map<String, Object> o = objects.get(0);
        assertEquals(JSON_KEYS, o.keySet());
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("path", f);
        expected.put("version", "1.0");
        expected.put("descr", "<f8");
        expected.put("shape", list(365L, 3L));
        expected.put("fortran_order", true);
        expected.put("header_len", 118L);
        expected.put("data_offset", 128L);
        expected.put("itemsize", 8L);
        expected.put("count", 1095L);
        expected.put("nbytes", 8760L);
        expected.put("dtype", "float64");
        assertEquals(expected, o);
    }

    @Test
    void jsonWritesStructDescrsAsNestedArrays() throws IOException {
        Run r = npyinfo("--json", example("stations.npy").toString(), corpus("npy/valid/struct/titles.npy"),
                corpus("npy/valid/struct/subarray_of_subarray.npy"), corpus("npy/valid/struct/padded_dt1.npy"),
                corpus("npy/valid/struct/unicode_field_names.npy"));
        assertEquals(0, r.status(), r.err());
        List<Map<String, Object>> o = jsonLines(r.out());
        assertEquals(5, o.size());
        assertEquals(list(list("station", "|S8"), list("lat", "<f8"), list("lon", "<f8"), list("samples", "<i4",
                list(2L))), o.get(0).get("descr"));
        assertEquals(list(4L), o.get(0).get("shape"));
        assertEquals(182L, o.get(0).get("header_len"));
        assertEquals(192L, o.get(0).get("data_offset"));
        assertEquals(32L, o.get(0).get("itemsize"));
        // titles: the name slot is a (title, name) pair, as in SPEC's [["title","y"],"<f8"]
        assertEquals(list(list(list("Alpha", "a"), "<i4"), list(list("Beta", "b"), "<f4")), o.get(1).get("descr"));
        // a subarray whose base is a subarray: (name, (descr, shape), shape)
        assertEquals(list(list("c", list("<f8", list(5L)), list(2L))), o.get(2).get("descr"));
        // padding is written as NumPy writes it
        assertEquals(list(list("f0", "|i1"), list("", "|V3"), list("f1", "<i4"), list("f2", "|i1"), list("", "|V3")),
                o.get(3).get("descr"));
        assertEquals("3.0", o.get(4).get("version"));
        assertEquals(list(list("int", "<i8"), list("\u6574\u5f62", "<i8")), o.get(4).get("descr"));
    }

    @Test
    void jsonNbytesIsNullForObjectDtypes() throws IOException {
        Run r = npyinfo("--json", corpus("npy/valid/object/struct_with_object.npy"));
        assertEquals(0, r.status(), r.err());
        Map<String, Object> o = jsonLines(r.out()).get(0);
        assertEquals(JSON_KEYS, o.keySet());
        assertTrue(o.containsKey("nbytes") && o.get("nbytes") == null, "nbytes: " + o.get("nbytes"));
        assertEquals(12L, o.get("itemsize"));
        assertEquals(list(list("a", "<i4"), list("o", "|O")), o.get("descr"));
    }

    /** Every readable corpus file: the JSON numbers agree with what NumPy reported in the manifest. */
    @Test
    void jsonAgreesWithTheCorpusManifest() throws IOException {
        List<CorpusEntry> entries = Corpus.accepted().stream().filter(e -> e.path().startsWith("npy/")).toList();
        Run r = npyinfo(Stream.concat(Stream.of("--json"), entries.stream().map(e -> e.file().toString()))
                .toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        List<Map<String, Object>> objects = jsonLines(r.out());
        assertEquals(entries.size(), objects.size());
        for (int i = 0; i < entries.size(); i++) {
            CorpusEntry e = entries.get(i);
            Map<String, Object> o = objects.get(i);
            assertEquals(JSON_KEYS, o.keySet(), e.path());
            assertEquals(e.file().toString(), o.get("path"));
            assertEquals(e.version(), o.get("version"), e.path());
            if (e.descr().startsWith("'")) { // scalar: the bare type string
                assertEquals(e.descr().substring(1, e.descr().length() - 1), o.get("descr"), e.path());
            } else {
                assertInstanceOf(List.class, o.get("descr"), e.path());
            }
            List<Long> dims = Arrays.stream(e.shapeDims()).boxed().toList();
            assertEquals(dims, o.get("shape"), e.path());
            assertEquals(e.fortranOrder().equals("True"), o.get("fortran_order"), e.path());
            assertEquals(e.headerLen(), o.get("header_len"), e.path());
            assertEquals(e.dataOffset(), o.get("data_offset"), e.path());
            assertEquals(e.itemSize(), o.get("itemsize"), e.path());
            assertEquals(e.nbytes() < 0 ? null : e.nbytes(), o.get("nbytes"), e.path());
        }
    }

    // --- errors --------------------------------------------------------------------------------------------

    /** Every malformed corpus file, between two good ones: one stderr line each, the good ones still printed. */
    @Test
    void badFilesAreOneLineEachOnStderrAndTheOthersAreStillPrinted() {
        // a zip named .npy is not an .npy (readHeader: BAD_MAGIC), but npyinfo lists it as the archive it is, as
        // np.load loads it: see zipNamedNpyIsListedAsAnArchive
        List<CorpusEntry> bad = Corpus.rejected().stream().filter(e -> e.path().startsWith("npy/")
                && !e.path().endsWith("zip_named_npy.npy")).toList();
        String good = example("cube.npy").toString();
        List<String> args = new ArrayList<>();
        args.add(good);
        bad.forEach(e -> args.add(e.file().toString()));
        args.add(good);
        Run r = npyinfo(args.toArray(String[]::new));
        assertEquals(1, r.status(), "exit status when some file failed");
        assertEquals(List.of(good, good), textBlocks(r.out()).stream().map(b -> b.get("path")).toList());
        List<String> lines = r.errLines();
        assertEquals(bad.size(), lines.size(), () -> "one line per bad file:\n" + r.err());
        for (int i = 0; i < bad.size(); i++) {
            String prefix = "npyinfo: " + bad.get(i).file() + " at byte ";
            String line = lines.get(i);
            assertTrue(line.startsWith(prefix) && line.length() > prefix.length(),
                    () -> "expected '" + prefix + "N: ...', got " + line);
        }
        assertNoStackTrace(r.err());
        assertNoStackTrace(r.out());
    }

    @Test
    void badFileInJsonModeKeepsStdoutValidJson() throws IOException {
        String good = example("cube.npy").toString();
        Run r = npyinfo("--json", good, corpus("npy/malformed/bad_magic_0.npy"), good);
        assertEquals(1, r.status());
        assertEquals(2, jsonLines(r.out()).size(), "only valid JSON lines on stdout");
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("npyinfo: " + corpus("npy/malformed/bad_magic_0.npy") + " at byte 0: "),
                r.err());
    }

    @Test
    void missingFileSaysNoSuchFile() {
        String missing = tmp.resolve("nope.npy").toString();
        Run r = npyinfo(missing, example("cube.npy").toString());
        assertEquals(1, r.status());
        assertEquals(List.of("npyinfo: " + missing + ": no such file"), r.errLines());
        assertEquals(1, textBlocks(r.out()).size(), "the existing file is still printed");
    }

    @Test
    void directoryIsReportedOnOneLine() {
        Run r = npyinfo(tmp.toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("npyinfo: " + tmp + ": "), r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void emptyFileIsTruncatedAtByteZero() throws IOException {
        Path empty = Files.createFile(tmp.resolve("empty.npy"));
        Run r = npyinfo(empty.toString());
        assertEquals(1, r.status());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("npyinfo: " + empty + " at byte 0: "), r.err());
    }

    @Test
    void controlCharactersInAFileNameCannotSplitTheErrorLine() throws IOException {
        Path odd;
        try {
            odd = Files.write(tmp.resolve("bad\nname\u001b[31m.npy"), new byte[] {'j', 'u', 'n', 'k'});
        } catch (java.nio.file.InvalidPathException e) {
            Assumptions.abort("this file system does not allow control characters in names");
            return;
        }
        Run r = npyinfo(odd.toString());
        assertEquals(1, r.status());
        assertEquals(1, r.errLines().size(), () -> "one line per bad file:\n" + r.err());
        assertTrue(r.err().startsWith("npyinfo: " + tmp + "/bad\\x0aname\\x1b[31m.npy at byte 0: "), r.err());
    }

    // --- command line --------------------------------------------------------------------------------------

    @Test
    void noArgumentsIsAUsageErrorWithStatus2() {
        Run r = npyinfo();
        assertEquals(2, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().contains("Usage"), r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void unknownOptionIsAUsageErrorWithStatus2() {
        Run r = npyinfo("--frobnicate", example("cube.npy").toString());
        assertEquals(2, r.status());
        assertEquals("", r.out());
        assertTrue(r.err().contains("--frobnicate"), r.err());
        assertNoStackTrace(r.err());
    }

    @Test
    void helpListsTheOptionsAndExitsZero() {
        Run r = npyinfo("--help");
        assertEquals(0, r.status());
        assertEquals("", r.err());
        assertTrue(r.out().contains("Usage: npyinfo") && r.out().contains("--json") && r.out().contains("FILE"),
                r.out());
    }

    @Test
    void versionPrintsTheBuildVersionAndExitsZero() {
        Run r = npyinfo("--version");
        assertEquals(0, r.status());
        assertEquals("", r.err());
        String first = r.out().split("\n")[0];
        assertTrue(first.matches("npyinfo \\(npy4j\\) \\d+\\.\\d+\\.\\d+\\S*"), first);
    }
}
