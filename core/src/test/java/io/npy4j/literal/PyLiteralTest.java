package io.npy4j.literal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PyLiteralTest {

    private static PyValue parse(String s) throws LiteralSyntaxException {
        return PyLiteral.parse(s, true);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'a': 1, }|{'a': 1}",
        "{\"a\": 1}|{'a': 1}",
        "(2,)|(2,)",
        "(2)|2",
        "()|()",
        "( 2 , 3 , )|(2, 3)",
        "[('x', '<i4', (2,))]|[('x', '<i4', (2,))]",
        "0x2|2", "0o17|15", "0b10|2", "1_000|1000", "+2|2", "-2|-2", "00|0",
        "2L|2", "(2L, 3L)|(2, 3)",
        "u'<f8'|'<f8'", "r'a\\b'|'a\\\\b'", "'<' 'f8'|'<f8'", "\"it's\"|\"it's\"",
        "'\\x41\\u00e9\\N{GREEK SMALL LETTER ALPHA}\\101'|'AéαA'",
        "({'a': (False)})|{'a': False}",
        "{'a': 1, 'a': 2}|{'a': 2}",
        "{'a': 1, 'b': 2, 'a': 3}|{'a': 3, 'b': 2}",
        "{(1, 'x'): 1, 2: 2, (1, 'x'): 3, 2: 4}|{(1, 'x'): 3, 2: 4}",
        "{1, 2, 1, 3}|{1, 2, 3}",
        "{1, 2}|{1, 2}",
        "b'ab'|b'ab'",
        "None|None", "True|True",
        "2.5|2.5", "1e3|1e3", "2j|2j",
        "`  \t{'a': 1}  # comment`|{'a': 1}",
        "`\n{'a':\n 1}\r\n`|{'a': 1}",
    })
    void parsesWhatLiteralEvalAccepts(String text, String repr) throws Exception {
        assertEquals(repr, parse(text).repr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "02", "2l", "1+1", "2**3", "dict(a=1)", "false", "{'a': 1} {}", "{'a': 1}; 1",
        "(1,,)", "'abc", "{'a': 1", "{'a': 1}}", "[1, 2)", "{**{}}", "1 if True else 2", "'a\u0000'", "é",
        "--2", "{[1]: 2}", "'a' b'b'", "x", "1__0", "1_", "0x", "4x", "(", ")", ":", "{1: 2, 3}", "{1, 2: 3}"})
    void rejectsWhatLiteralEvalRejects(String text) {
        assertThrows(LiteralSyntaxException.class, () -> parse(text));
    }

    @org.junit.jupiter.api.Test
    void longSuffixOnlyWhenAllowed() throws Exception {
        assertEquals("(2,)", PyLiteral.parse("(2L,)", true).repr());
        assertThrows(LiteralSyntaxException.class, () -> PyLiteral.parse("(2L,)", false));
    }

    @org.junit.jupiter.api.Test
    void hugeIntegersKeepTheirValue() throws Exception {
        assertEquals(new PyValue.Int(new BigInteger("99999999999999999999")), parse("99999999999999999999"));
        assertThrows(LiteralSyntaxException.class, () -> parse("1".repeat(4301)));
    }

    @org.junit.jupiter.api.Test
    void deepNestingIsRejectedNotOverflowed() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        LiteralSyntaxException e = assertThrows(LiteralSyntaxException.class, () -> parse(deep));
        assertEquals(PyLiteral.MAX_DEPTH, e.index());
    }

    @org.junit.jupiter.api.Test
    void largeInputParsesInLinearTime() {
        // 200,000 fields: a quadratic or recursive parser would take minutes or overflow the stack
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 200_000; i++) {
            sb.append("('f").append(i).append("', '<i4'), ");
        }
        String text = sb.append(']').toString();
        PyValue v = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parse(text));
        assertEquals(200_000, ((PyValue.PyList) v).items().size());
    }

    @Property(tries = 300)
    void reprThenParseIsIdentity(@ForAll("values") PyValue v) throws Exception {
        assertEquals(v, PyLiteral.parse(v.repr(), false));
    }

    @Property(tries = 500)
    void stringReprRoundTrips(@ForAll String s) throws Exception {
        assertEquals(new PyValue.Str(s), PyLiteral.parse(PyRepr.str(s), false));
    }

    @Provide
    Arbitrary<PyValue> values() {
        return values(3);
    }

    private Arbitrary<PyValue> values(int depth) {
        Arbitrary<PyValue> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(8).map(PyValue.Str::new),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30))
                        .map(PyValue.Int::new),
                Arbitraries.of(true, false).map(PyValue.Bool::new),
                Arbitraries.just(new PyValue.None()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<PyValue> inner = values(depth - 1);
        return Arbitraries.oneOf(
                leaf,
                inner.list().ofMaxSize(4).map(PyValue.Tuple::new),
                inner.list().ofMaxSize(4).map(PyValue.PyList::new),
                Arbitraries.maps(leaf.filter(k -> !(k instanceof PyValue.Bool)
                                && !(k instanceof PyValue.Int)), inner).ofMaxSize(3)
                        .map(PyValue.Dict::new));
    }

    @org.junit.jupiter.api.Test
    void reprMatchesPython() {
        assertEquals("'\\x7f\\x80\\xa0\u00ff'", PyRepr.str("\u007f\u0080\u00a0\u00ff"));
        assertEquals("\"a'b\"", PyRepr.str("a'b"));
        assertEquals("'e\\'f\"g'", PyRepr.str("e'f\"g"));
        assertEquals("'t\\tn\\n\\x00\\u200b'", PyRepr.str("t\tn\n\u0000\u200b"));
        assertEquals("'\\U000f0000'", PyRepr.str(new String(Character.toChars(0xF0000))));
        assertEquals(List.of(), ((PyValue.Tuple) new PyValue.Tuple(List.of())).items());
    }

    /** Dict keys / set members whose JDK hash codes are all equal: each family once made parsing quadratic. */
    static Stream<Arguments> collidingKeys() {
        int n = 40_000;
        return Stream.of(
                // BigInteger.hashCode of k * 2^32 + c is 31k + c
                Arguments.of("ints", n, keys(n, k -> BigInteger.valueOf(k).shiftLeft(32)
                        .add(BigInteger.valueOf(31L * (n - k))) + ": 0"), "{", "}"),
                // List.hashCode of (k, c) is 961 + 31k + c
                Arguments.of("tuples", n, keys(n, k -> "(" + k + ", " + (10_000_000 - 31L * k) + "): 0"), "{", "}"),
                // "Aa" and "BB" have the same String.hashCode, and so do all strings of 16 such blocks
                Arguments.of("strings", n, keys(n, k -> {
                    StringBuilder sb = new StringBuilder("'");
                    for (int b = 0; b < 16; b++) {
                        sb.append((k >> b & 1) == 0 ? "Aa" : "BB");
                    }
                    return sb.append("': 0").toString();
                }), "{", "}"),
                Arguments.of("set members", 2 * n, keys(2 * n, k -> BigInteger.valueOf(k).shiftLeft(32)
                        .add(BigInteger.valueOf(31L * (2 * n - k))).toString()), "{", "}"),
                Arguments.of("mixed types", n, keys(n, k -> k % 2 == 0 ? BigInteger.valueOf(k).shiftLeft(32)
                        .add(BigInteger.valueOf(31L * (n - k))) + ": 0" : "(" + k + ", " + (10_000_000 - 31L * k)
                        + "): 0"), "{", "}"));
    }

    private static String keys(int n, java.util.function.IntFunction<String> key) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
            sb.append(key.apply(k)).append(", ");
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("collidingKeys")
    void collidingKeysParseInLinearTime(String family, int n, String items, String open, String close) {
        // before keyed hashing these took from 20 s to minutes; now well under a second
        String text = open + items + close;
        PyValue v = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> parse(text));
        int size = v instanceof PyValue.Dict ? ((PyValue.Dict) v).entries().size() : ((PyValue.PySet) v).items().size();
        assertEquals(n, size);
        // the keys really collide under the JDK's hashes: the test exercises the worst case
        if (v instanceof PyValue.Dict && !family.equals("mixed types")) {
            java.util.Set<Integer> jdkHashes = new java.util.HashSet<>();
            for (PyValue k : ((PyValue.Dict) v).entries().keySet()) {
                jdkHashes.add(k instanceof PyValue.Int ? ((PyValue.Int) k).value().hashCode()
                        : k instanceof PyValue.Str ? ((PyValue.Str) k).value().hashCode()
                        : ((PyValue.Tuple) k).items().stream().mapToInt(i -> ((PyValue.Int) i).value().hashCode())
                                .reduce(1, (h, x) -> 31 * h + x));
            }
            assertEquals(1, jdkHashes.size(), family);
        }
    }

    @org.junit.jupiter.api.Test
    void equalValuesHashAlike() throws Exception {
        assertEquals(parse("(1, 'a', [2.5, None], {'k': b'x'})").hashCode(),
                parse("( 1 , \"a\" , [2.5, None,], {'k': b'x'})").hashCode());
        assertEquals(parse("{'a': 1, 'b': 2}").hashCode(), parse("{'b': 2, 'a': 1}").hashCode());
        BigInteger big = BigInteger.TWO.pow(200).negate();
        assertEquals(new PyValue.Int(big).hashCode(), parse(big.toString()).hashCode());
        assertEquals(PyValue.Int.of(-5).hashCode(), parse("-5").hashCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "unicode name", "number", "prefixed number", "int", "junk after"})
    void messagesQuoteAtMostAnExcerptOfTheInput(String what) {
        String big = "x".repeat(1_000_000);
        String text = switch (what) {
            case "name" -> "{'a': " + big + "}";
            case "unicode name" -> "'\\N{" + big + "}'";
            case "number" -> "1" + "_1".repeat(500_000) + "x";
            case "prefixed number" -> "0x" + "f_".repeat(500_000) + "g";
            case "int" -> "1".repeat(1_000_000);
            default -> "{} " + big;
        };
        LiteralSyntaxException e = assertThrows(LiteralSyntaxException.class, () -> parse(text));
        assertTrue(e.getMessage().length() < 500, () -> e.getMessage().length() + " characters: " + e.getMessage()
                .substring(0, 300));
        assertTrue(e.reason().length() < 500);
    }

    @org.junit.jupiter.api.Test
    void floatsHaveNoDigitCap() throws Exception {
        // Python caps int literals only; a long float was reported as an integer literal with too many digits
        String f = "1." + "1".repeat(100_000);
        assertEquals(new PyValue.Num(f, "float"), parse(f));
        assertEquals("float", parse("(" + "2".repeat(100_000) + "e5,)") instanceof PyValue.Tuple t
                ? t.items().get(0).typeName() : "?");
        LiteralSyntaxException e = assertThrows(LiteralSyntaxException.class, () -> parse("1".repeat(4301)));
        assertEquals("integer literal has more than 4300 digits (4301)", e.reason());
    }
}
