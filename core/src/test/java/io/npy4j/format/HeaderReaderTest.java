package io.npy4j.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.FormatVersion;
import io.npy4j.Npy;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyFormatException.Kind;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.Shape;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed headers as data, in the spirit of NumPy's malformed_magic / bad_version_magic tables. */
class HeaderReaderTest {

    /** magic + version + HEADER_LEN + text (latin-1 for 1.0/2.0, UTF-8 for 3.0), no padding. */
    static byte[] npy(int major, int minor, String text) {
        byte[] t = text.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int lf = major == 1 ? 2 : 4;
        ByteBuffer b = ByteBuffer.allocate(8 + lf + t.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
        if (lf == 2) {
            b.putShort((short) t.length);
        } else {
            b.putInt(t.length);
        }
        return b.put(t).array();
    }

    static byte[] v1(String text) {
        return npy(1, 0, text);
    }

    static Stream<Arguments> malformed() {
        String ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
        return Stream.of(
                Arguments.of("empty", new byte[0], Kind.TRUNCATED, 0),
                Arguments.of("magic \\x92", bytes("\u0092NUMPY\u0001\u0000"), Kind.BAD_MAGIC, 0),
                Arguments.of("magic \\x00", bytes("\u0000NUMPY\u0001\u0000"), Kind.BAD_MAGIC, 0),
                Arguments.of("lower-case magic", bytes("\u0093numpy\u0001\u0000"), Kind.BAD_MAGIC, 1),
                Arguments.of("MATLB", bytes("\u0093MATLB\u0001\u0000"), Kind.BAD_MAGIC, 1),
                Arguments.of("magic then version major only", bytes("\u0093NUMPY\u0001"), Kind.TRUNCATED, 7),
                Arguments.of("magic only", bytes("\u0093NUMPY"), Kind.TRUNCATED, 6),
                Arguments.of("one byte", bytes("\u0093"), Kind.TRUNCATED, 1),
                Arguments.of("pickle", bytes("\u0080\u0004\u0095"), Kind.BAD_MAGIC, 0),
                Arguments.of("version 1.1", bytes("\u0093NUMPY\u0001\u0001"), Kind.UNSUPPORTED_VERSION, 6),
                Arguments.of("version 0.0", bytes("\u0093NUMPY\u0000\u0000"), Kind.UNSUPPORTED_VERSION, 6),
                Arguments.of("version 255.255", bytes("\u0093NUMPY\u00ff\u00ff"), Kind.UNSUPPORTED_VERSION, 6),
                Arguments.of("version 4.0", bytes("\u0093NUMPY\u0004\u0000"), Kind.UNSUPPORTED_VERSION, 6),
                Arguments.of("half length field", bytes("\u0093NUMPY\u0001\u0000\u0010"), Kind.TRUNCATED, 9),
                Arguments.of("v2 length only", bytes("\u0093NUMPY\u0002\u0000"), Kind.TRUNCATED, 8),
                Arguments.of("v2 HEADER_LEN 0xFFFFFFF0", bytes("\u0093NUMPY\u0002\u0000\u00f0\u00ff\u00ff\u00ff"),
                        Kind.TRUNCATED, 12),
                Arguments.of("header past eof", bytes("\u0093NUMPY\u0001\u0000\u0076\u0000{'descr'"),
                        Kind.TRUNCATED, 10),
                Arguments.of("HEADER_LEN 0", v1(""), Kind.HEADER_SYNTAX, 10),
                Arguments.of("spaces only", v1("     \n"), Kind.HEADER_SYNTAX, 16),
                Arguments.of("NUL padding", v1(ok + "\u0000\u0000\n"), Kind.HEADER_SYNTAX, 10 + ok.length()),
                Arguments.of("unbalanced", v1("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), "),
                        Kind.HEADER_SYNTAX, 10),
                Arguments.of("trailing dict", v1(ok + " {}"), Kind.HEADER_SYNTAX, 10 + ok.length() + 1),
                Arguments.of("leading zero", v1(ok.replace("(2,)", "(02,)")), Kind.HEADER_SYNTAX, 61),
                Arguments.of("lower l", v1(ok.replace("(2,)", "(2l,)")), Kind.HEADER_SYNTAX, 61),
                Arguments.of("L suffix in v3", npy(3, 0, ok.replace("(2,)", "(2L,)")), Kind.HEADER_SYNTAX, 63),
                Arguments.of("bad utf-8 in v3", concat(npy(3, 0, "{'descr': '"), new byte[] {(byte) 0xff}),
                        Kind.HEADER_ENCODING, 23),
                Arguments.of("latin-1 outside a string", v1("{\u00e9: 1}"), Kind.HEADER_SYNTAX, 11),
                Arguments.of("a list", v1("[('descr', '<f8')]"), Kind.HEADER_NOT_DICT, 10),
                Arguments.of("missing key", v1("{'descr': '<f8', 'fortran_order': False}"), Kind.HEADER_KEYS, 10),
                Arguments.of("extra key", v1(ok.replace("}", "'extra': 1}")), Kind.HEADER_KEYS, 10),
                Arguments.of("bytes key", v1(ok.replace("'descr'", "b'descr'")), Kind.HEADER_KEYS, 10),
                Arguments.of("empty dict", v1("{}"), Kind.HEADER_KEYS, 10),
                Arguments.of("shape list", v1(ok.replace("(2,)", "[2]")), Kind.BAD_SHAPE, 10),
                Arguments.of("shape int", v1(ok.replace("(2,)", "(2)")), Kind.BAD_SHAPE, 10),
                Arguments.of("shape float", v1(ok.replace("(2,)", "(2.0,)")), Kind.BAD_SHAPE, 10),
                Arguments.of("shape negative", v1(ok.replace("(2,)", "(-2,)")), Kind.BAD_SHAPE, 10),
                Arguments.of("shape bool", v1(ok.replace("(2,)", "(True,)")), Kind.BAD_SHAPE, 10),
                Arguments.of("shape 2**63", v1(ok.replace("(2,)", "(9223372036854775808,)")), Kind.BAD_SHAPE, 10),
                Arguments.of("shape nested", v1(ok.replace("(2,)", "((2,),)")), Kind.BAD_SHAPE, 10),
                Arguments.of("count wraps to 0", v1(ok.replace("(2,)", "(4294967296, 4294967296)")),
                        Kind.SIZE_OVERFLOW, 10),
                Arguments.of("bytes overflow", v1(ok.replace("(2,)", "(2305843009213693952,)")),
                        Kind.SIZE_OVERFLOW, 10),
                Arguments.of("fortran 0", v1(ok.replace("False", "0")), Kind.BAD_FORTRAN_ORDER, 10),
                Arguments.of("fortran str", v1(ok.replace("False", "'False'")), Kind.BAD_FORTRAN_ORDER, 10),
                Arguments.of("fortran None", v1(ok.replace("False", "None")), Kind.BAD_FORTRAN_ORDER, 10),
                Arguments.of("fortran false", v1(ok.replace("False", "false")), Kind.HEADER_SYNTAX, 44),
                Arguments.of("descr i3", v1(ok.replace("<f8", "<i3")), Kind.BAD_DESCR, 10),
                Arguments.of("descr space", v1(ok.replace("<f8", "<f8 ")), Kind.BAD_DESCR, 10),
                Arguments.of("descr bytes", v1(ok.replace("'<f8'", "b'<f8'")), Kind.BAD_DESCR, 10),
                Arguments.of("descr None", v1(ok.replace("'<f8'", "None")), Kind.BAD_DESCR, 10),
                Arguments.of("descr unit", v1(ok.replace("<f8", "<M8[xx]")), Kind.BAD_DESCR, 10),
                Arguments.of("dup field", v1(ok.replace("'<f8'", "[('a', '<i2'), ('a', '<i2')]")),
                        Kind.BAD_DESCR, 10),
                Arguments.of("bytes field name", v1(ok.replace("'<f8'", "[(b'a', '<i4')]")), Kind.BAD_DESCR, 10),
                Arguments.of("field of one", v1(ok.replace("'<f8'", "[('a',)]")), Kind.BAD_DESCR, 10),
                Arguments.of("field of four", v1(ok.replace("'<f8'", "[('a', '<i4', (2,), 5)]")),
                        Kind.BAD_DESCR, 10),
                Arguments.of("dict descr", v1(ok.replace("'<f8'", "{'names': ['a'], 'formats': ['<i4']}")),
                        Kind.BAD_DESCR, 10),
                Arguments.of("legacy metadata", v1(ok.replace("'<f8'", "[('b', ('|S3', {'some': 'stuff'}))]")),
                        Kind.BAD_DESCR, 10),
                Arguments.of("top-level subarray", v1(ok.replace("'<f8'", "('<i4', (2,))")), Kind.BAD_DESCR, 10),
                Arguments.of("top-level subarray string", v1(ok.replace("'<f8'", "'(2,)<i4'")), Kind.BAD_DESCR,
                        10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedHeaderWithKindAndOffset(String name, byte[] bytes, Kind kind, long offset) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.readHeader(bytes));
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(offset, e.byteOffset(), e.getMessage());
        assertTrue(e.getMessage().startsWith("at byte " + offset + ": "), e.getMessage());
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("{'descr': '<f8',\n 'fortran_order': False,\n 'shape': (2,)}", "<f8", "(2,)"),
                Arguments.of("{'shape': (2,), 'descr': '<f8', 'fortran_order': False}", "<f8", "(2,)"),
                Arguments.of("{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (2,)}", "<f8", "(2,)"),
                Arguments.of(" \t{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3,), }\r\n", "<f8", "(2, 3)"),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (2L,), }", "<f8", "(2,)"),
                Arguments.of("{'descr': '|O8', 'fortran_order': False, 'shape': (4,), }", "|O", "(4,)"),
                Arguments.of("{'descr': [['a', '<i4']], 'fortran_order': False, 'shape': (2,), }", "[('a', '<i4')]",
                        "(2,)"),
                Arguments.of("{'descr': [('a', '<i4', 2)], 'fortran_order': False, 'shape': (2,), }",
                        "[('a', '<i4', (2,))]", "(2,)"),
                Arguments.of("{'descr': [('a', '<i4', ())], 'fortran_order': False, 'shape': (2,), }",
                        "[('a', '<i4')]", "(2,)"),
                Arguments.of("{'descr': 'float64', 'fortran_order': False, 'shape': (2,), }", "<f8", "(2,)"),
                Arguments.of("{'descr': 'i4,f8', 'fortran_order': False, 'shape': (2,), }",
                        "[('f0', '<i4'), ('f1', '<f8')]", "(2,)"),
                Arguments.of("{'descr': '|f8', 'fortran_order': False, 'shape': (2,), }", "<f8", "(2,)"),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (0x2,), } # c", "<f8", "(2,)"),
                Arguments.of("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), 'descr': '<f8'}", "<f8",
                        "(2,)"),
                Arguments.of("{'descr': [('', '|V1'), (('aa', 'a'), '<i4')], 'fortran_order': False, 'shape': (3,), }",
                        "[('', '|V1'), (('aa', 'a'), '<i4')]", "(3,)"),
                Arguments.of("{'descr': [('', '<i4', (2,)), ('a', '<i4')], 'fortran_order': False, 'shape': (1,), }",
                        "[('', '|V8'), ('a', '<i4')]", "(1,)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptsWhatNumPyAccepts(String text, String descr, String shape) throws Exception {
        NpyHeader h = Npy.readHeader(v1(text));
        assertEquals(descr, h.dtype().toString());
        assertEquals(shape, h.shape().toString());
    }

    @Test
    void readsLatin1FieldNameInVersion1Header() throws Exception {
        NpyHeader h = Npy.readHeader(v1("{'descr': [('\u00e9t\u00e9', '<i8')], 'fortran_order': False, 'shape': (2,), }"));
        assertEquals("[('\u00e9t\u00e9', '<i8')]", h.dtype().descr());
    }

    @Test
    void headerLimitIsConfigurableAndCheckedBeforeAllocation() throws Exception {
        String ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";
        byte[] big = v1(ok + " ".repeat(20_000) + "\n");
        assertEquals(Shape.of(2), HeaderReader.read(big, 1 << 20).shape());
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> HeaderReader.read(big, 10_000));
        assertEquals(Kind.HEADER_TOO_LARGE, e.kind());
    }

    @Test
    void writerPicksVersionsAsNumPy() {
        assertEquals(FormatVersion.V1_0, NpyHeader.of(io.npy4j.dtype.DType.parse("[('\u00e9', '<i8')]"),
                Shape.of(2), false).version());
        assertEquals(FormatVersion.V3_0, NpyHeader.of(io.npy4j.dtype.DType.parse("[('\u6574', '<i8')]"),
                Shape.of(2), false).version());
        StringBuilder names = new StringBuilder("[");
        for (int i = 0; i < 500; i++) {
            names.append("('").append(String.valueOf(i).repeat(100)).append("', '<f8'), ");
        }
        NpyHeader big = NpyHeader.of(io.npy4j.dtype.DType.parse(names.append("]").toString()), Shape.of(3), false);
        assertEquals(FormatVersion.V2_0, big.version());
        assertEquals(0, big.dataOffset() % 64);
        assertThrows(IllegalArgumentException.class, () -> NpyHeader.of(big.dtype(), big.shape(), false,
                FormatVersion.V1_0));
    }

    @Test
    void commonHeaderIs128Bytes() {
        NpyHeader h = NpyHeader.of(io.npy4j.dtype.ScalarType.FLOAT64, Shape.of(3), false);
        byte[] b = Npy.encodeHeader(h);
        assertEquals(128, b.length);
        assertEquals(118, h.headerLength());
        assertEquals("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }" + " ".repeat(60) + "\n",
                new String(b, 10, 118, StandardCharsets.ISO_8859_1));
        for (int i = 0; i <= 17; i++) { // test_header_growth_axis (10^18 x 2 x 8 bytes would not be addressable)
            assertEquals(128, Npy.encodeHeader(NpyHeader.of(io.npy4j.dtype.ScalarType.FLOAT64,
                    Shape.of((long) Math.pow(10, i), 2), false)).length);
        }
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(a);
        o.writeBytes(b);
        byte[] r = o.toByteArray();
        // fix HEADER_LEN (4 bytes at 8) to cover the appended bytes
        ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN).putInt(8, r.length - 12);
        return r;
    }

    @Test
    void megabyteOfCollidingKeysIsRejectedQuickly() {
        // ~1 MiB of int keys with equal BigInteger hash codes: did not finish in 25 minutes before keyed hashing
        int n = 49_000;
        StringBuilder sb = new StringBuilder("{");
        for (int k = 0; k < n; k++) {
            sb.append(java.math.BigInteger.valueOf(k).shiftLeft(32).add(java.math.BigInteger.valueOf(31L * (n - k))))
                    .append(": 0, ");
        }
        byte[] file = npy(2, 0, sb.append("}").toString());
        NpyFormatException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(10), () -> assertThrows(NpyFormatException.class,
                        () -> Npy.readHeader(file)));
        assertEquals(Kind.HEADER_KEYS, e.kind());
        assertTrue(e.getMessage().length() < 1000, e.getMessage().length() + " characters");
    }

    /** A header whose descr is a 1 MiB comma string ({@code 'i1,i1,...'}, ~349k fields). */
    static byte[] megabyteCommaStringHeader() {
        StringBuilder sb = new StringBuilder("{'descr': '");
        String rest = "i1', 'fortran_order': False, 'shape': (1,), }";
        while (sb.length() + rest.length() + 3 < (1 << 20) - 64) {
            sb.append("i1,");
        }
        return npy(2, 0, sb.append(rest).toString());
    }

    /** Run in a JVM with a 64 MiB heap by {@link #megabyteCommaStringFitsInA64MiBHeap}. */
    public static final class ReadInSmallHeap {
        public static void main(String[] args) throws Exception {
            try {
                NpyHeader h = Npy.readHeader(megabyteCommaStringHeader());
                System.out.println("read " + h.itemSize());
            } catch (NpyFormatException e) {
                System.out.println(e.kind() + " " + e.getMessage().length() + " " + e.getMessage());
            }
        }
    }

    @Test
    void megabyteCommaStringFitsInA64MiBHeap(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path log = dir.resolve("child.log");
        // 349k fields used to allocate ~650 MB and throw OutOfMemoryError at -Xmx64m
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), ReadInSmallHeap.class.getName())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String out = java.nio.file.Files.readString(log);
        assertTrue(exited, out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.startsWith("BAD_DESCR ") && out.contains("a struct of 349,"), out);
        assertTrue(out.length() < 1000, out);
    }

    @Test
    void shapesOfMoreThan64DimensionsAreBadShape() throws Exception {
        String ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + "1, ".repeat(64) + ")}";
        assertEquals(64, Npy.readHeader(v1(ok)).shape().rank());
        for (int n : new int[] {65, 100_000}) {
            String text = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + "1, ".repeat(n) + ")}";
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.readHeader(npy(2, 0, text)));
            assertEquals(Kind.BAD_SHAPE, e.kind());
            assertTrue(e.getMessage().contains("shape has " + n + " dimensions; at most 64"), e.getMessage());
            assertTrue(e.getMessage().length() < 1000, e.getMessage().length() + " characters");
        }
    }

    static Stream<Arguments> hugeBadParts() {
        String big = "x".repeat(1_000_000);
        String digits = "1".repeat(4_000);
        String half = "x".repeat(400_000);
        return Stream.of(
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), " + big + "}",
                        Kind.HEADER_SYNTAX),
                Arguments.of("{'descr': '" + big + "', 'fortran_order': False, 'shape': (2,)}", Kind.BAD_DESCR),
                Arguments.of("{'descr': [('" + half + "', '<f8'), ('" + half + "', '<f8')], 'fortran_order': False,"
                        + " 'shape': (2,)}", Kind.BAD_DESCR),
                Arguments.of("{'descr': [('a', '<f8', (" + digits + ",))], 'fortran_order': False, 'shape': (2,)}",
                        Kind.BAD_DESCR),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (1." + big.replace('x', '1') + ",)}",
                        Kind.BAD_SHAPE),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (" + big.replace('x', '1') + ",)}",
                        Kind.HEADER_SYNTAX),
                Arguments.of("{'descr': '<f8', 'fortran_order': '" + big + "', 'shape': (2,)}",
                        Kind.BAD_FORTRAN_ORDER),
                Arguments.of("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), '" + big + "': 1}",
                        Kind.HEADER_KEYS),
                Arguments.of("['" + big + "']", Kind.HEADER_NOT_DICT),
                Arguments.of("{'descr': [('a', '" + "i1,".repeat(200_000) + "')], 'fortran_order': False,"
                        + " 'shape': (2,)}", Kind.BAD_DESCR));
    }

    @ParameterizedTest
    @MethodSource("hugeBadParts")
    void messagesQuoteAtMostAnExcerptOfTheHeader(String text, Kind kind) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.readHeader(npy(3, 0, text)));
        assertEquals(kind, e.kind(), e.getMessage().substring(0, Math.min(300, e.getMessage().length())));
        assertTrue(e.getMessage().length() < 1000, () -> e.getMessage().length() + " characters: "
                + e.getMessage().substring(0, 300));
    }

    @Test
    void aLongFloatInTheShapeIsReportedAsAFloat() {
        String text = "{'descr': '<f8', 'fortran_order': False, 'shape': (1." + "1".repeat(100_000) + ",)}";
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.readHeader(npy(2, 0, text)));
        assertEquals(Kind.BAD_SHAPE, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("(dimension 0 is float 1.111"), e.getMessage());
        assertTrue(e.getMessage().contains("(100002 characters)"), e.getMessage());
    }
}
