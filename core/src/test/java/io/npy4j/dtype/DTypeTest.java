package io.npy4j.dtype;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.literal.PyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dtype model against NumPy. Expected item sizes, offsets and spellings were computed once with NumPy 2.4.6
 * ({@code descr_to_dtype(dtype_to_descr(dt))}, {@code .itemsize}, {@code .fields}, {@code np.dtype(s)}) and are
 * fixed here, so these tests need no Python.
 */
class DTypeTest {

    private static final String PDESCR_LE = "[('x', '<i4', (2,)), ('y', '<f8', (2, 2)), ('z', '|u1')]";
    private static final String NDESCR_LE = "[('x', '<i4', (2,)), ('Info', [('value', '<c16'), ('y2', '<f8'),"
            + " ('Info2', [('name', '|S2'), ('value', '<c16', (2,)), ('y3', '<f8', (2,)), ('z3', '<u4', (2,))]),"
            + " ('name', '|S2'), ('z2', '|b1')]), ('color', '|S2'), ('info', [('Name', '<U8'), ('Value', '<c16')]),"
            + " ('y', '<f8', (2, 2)), ('z', '|u1')]";
    private static final String DT5 = "[('', '|V1'), (('aa', 'a'), '<i4'), ('', '|V1'), (('bb', 'b'), '<i4')]";

    /** Fields as {@code path@offset:itemsize}, nested struct fields as {@code outer.inner}, absolute offsets. */
    private static final String NDESCR_FIELDS = "x@0:8 Info@8:85 Info.value@8:16 Info.y2@24:8 Info.Info2@32:58"
            + " Info.Info2.name@32:2 Info.Info2.value@34:32 Info.Info2.y3@66:16 Info.Info2.z3@82:8 Info.name@90:2"
            + " Info.z2@92:1 color@93:2 info@95:48 info.Name@95:32 info.Value@127:16 y@143:32 z@175:1";

    /** test_format.py's record arrays, test_load_padded_dtype's dt1-dt6 and test_descr_to_dtype's cases. */
    static Stream<Arguments> numpyTestDtypes() {
        return Stream.of(
                Arguments.of("Pdescr <", PDESCR_LE, 41, "x@0:8 y@8:32 z@40:1"),
                Arguments.of("Pdescr >", PDESCR_LE.replace('<', '>'), 41, "x@0:8 y@8:32 z@40:1"),
                Arguments.of("Ndescr <", NDESCR_LE, 176, NDESCR_FIELDS),
                Arguments.of("Ndescr >", NDESCR_LE.replace('<', '>'), 176, NDESCR_FIELDS),
                Arguments.of("subarray of subarray", "[('c', ('<f8', (5,)), (2,))]", 80, "c@0:80"),
                Arguments.of("dt1 aligned", "[('f0', '|i1'), ('', '|V3'), ('f1', '<i4'), ('f2', '|i1'), ('', '|V3')]",
                        12, "f0@0:1 f1@4:4 f2@8:1"),
                Arguments.of("dt2 offsets", "[('', '|V1'), ('a', '<i4'), ('', '|V1'), ('b', '<i4')]", 10,
                        "a@1:4 b@6:4"),
                Arguments.of("dt3 nested padded", "[('c', '<i4'), ('d', [('', '|V1'), ('a', '<i4'), ('', '|V1'),"
                        + " ('b', '<i4')])]", 14, "c@0:4 d@4:10 d.a@5:4 d.b@10:4"),
                Arguments.of("dt4 empty name kept", "[('a', '<i4'), ('', '<i4'), ('b', '<i4')]", 12,
                        "a@0:4 @4:4 b@8:4"),
                Arguments.of("dt5 titles", DT5, 10, "a@1:4 b@6:4"),
                Arguments.of("dt6 no fields", "[('', '|V8')]", 8, ""),
                Arguments.of("descr_to_dtype 1", "[('a', '|i1'), ('', '|V1'), ('b', '<i2'), ('c', '<i4')]", 8,
                        "a@0:1 b@2:2 c@4:4"),
                Arguments.of("descr_to_dtype 2", "[('x', ([('a', '|i1'), ('', '|V3'), ('b', '|i1'), ('', '|V3')],"
                        + " (3,)), (4,))]", 96, "x@0:96"),
                Arguments.of("descr_to_dtype 3", "[('x', ('<f8', (5,)), (2,))]", 80, "x@0:80"),
                Arguments.of("descr_to_dtype 5", "[('a', (([('a', '<i8'), ('b', [('a', '|i1'), ('', '|V3'),"
                        + " ('b', '|i1'), ('', '|V3')])], (3,)), (4,)), (5,))]", 960, "a@0:960"));
    }

    private static void flatten(StructType s, String prefix, long base, List<String> out) {
        for (Field f : s.fields()) {
            out.add(prefix + f.name() + "@" + (base + f.offset()) + ":" + f.type().itemSize());
            if (f.type() instanceof StructType inner) {
                flatten(inner, prefix + f.name() + ".", base + f.offset(), out);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numpyTestDtypes")
    void itemSizeAndFieldOffsetsEqualNumPys(String name, String descr, long itemSize, String fields) {
        StructType s = assertInstanceOf(StructType.class, DType.parse(descr));
        assertEquals(itemSize, s.itemSize(), "itemsize");
        List<String> actual = new ArrayList<>();
        flatten(s, "", 0, actual);
        assertEquals(fields, String.join(" ", actual), "fields as path@offset:itemsize");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numpyTestDtypes")
    void numpysDescrIsWrittenBackUnchanged(String name, String descr, long itemSize, String fields) {
        // dtype_to_descr(descr_to_dtype(d)) == d for all of them: padding, titles and nesting survive
        assertEquals(descr, DType.parse(descr).descr());
        assertEquals(DType.parse(descr), DType.parse(DType.parse(descr).descr()));
    }

    @Test
    void subarrayOfSubarrayKeepsItsNesting() {
        StructType s = (StructType) DType.parse("[('c', ('<f8', (5,)), (2,))]");
        SubarrayType outer = assertInstanceOf(SubarrayType.class, s.fields().get(0).type());
        assertEquals(Shape.of(2), outer.shape());
        SubarrayType inner = assertInstanceOf(SubarrayType.class, outer.base());
        assertEquals(Shape.of(5), inner.shape());
        assertEquals(ScalarType.FLOAT64, inner.base());
    }

    @Test
    void unnamedVoidFieldIsPaddingButUnnamedNumberIsAField() {
        // descr_to_dtype drops ('', '|Vn') and ('', subarray); ('', '<i4') stays (dt4)
        assertEquals(List.of(), ((StructType) DType.parse("[('', '|V4')]")).fields());
        assertEquals(List.of(), ((StructType) DType.parse("[('', '<i4', (2,))]")).fields());
        assertEquals(8, DType.parse("[('', '<i4', (2,))]").itemSize());
        assertEquals(1, ((StructType) DType.parse("[('', '<i4')]")).fields().size());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
        // character codes (LP64)
        "d ; '<f8' ; 8", "=i ; '<i4' ; 4", "? ; '|b1' ; 1", "g ; '<f16' ; 16", "G ; '<c32' ; 32", "e ; '<f2' ; 2",
        "f ; '<f4' ; 4", "F ; '<c8' ; 8", "D ; '<c16' ; 16", "b ; '|i1' ; 1", "B ; '|u1' ; 1", "h ; '<i2' ; 2",
        "H ; '<u2' ; 2", "i ; '<i4' ; 4", "I ; '<u4' ; 4", "l ; '<i8' ; 8", "L ; '<u8' ; 8", "q ; '<i8' ; 8",
        "Q ; '<u8' ; 8", "p ; '<i8' ; 8", "P ; '<u8' ; 8", "c ; '|S1' ; 1", "S ; '|S0' ; 0", "U ; '<U0' ; 0",
        "V ; '|V0' ; 0", "O ; '|O' ; 8", "M ; '<M8' ; 8", "m ; '<m8' ; 8",
        // type names
        "float64 ; '<f8' ; 8", "float32 ; '<f4' ; 4", "float16 ; '<f2' ; 2", "int ; '<i8' ; 8", "float ; '<f8' ; 8",
        "complex ; '<c16' ; 16", "bool ; '|b1' ; 1", "bool_ ; '|b1' ; 1", "int8 ; '|i1' ; 1", "uint8 ; '|u1' ; 1",
        "int16 ; '<i2' ; 2", "uint16 ; '<u2' ; 2", "int32 ; '<i4' ; 4", "uint32 ; '<u4' ; 4", "int64 ; '<i8' ; 8",
        "uint64 ; '<u8' ; 8", "complex64 ; '<c8' ; 8", "complex128 ; '<c16' ; 16", "longdouble ; '<f16' ; 16",
        "clongdouble ; '<c32' ; 32", "half ; '<f2' ; 2", "single ; '<f4' ; 4", "double ; '<f8' ; 8",
        "byte ; '|i1' ; 1", "ubyte ; '|u1' ; 1", "short ; '<i2' ; 2", "ushort ; '<u2' ; 2", "intc ; '<i4' ; 4",
        "uintc ; '<u4' ; 4", "intp ; '<i8' ; 8", "uintp ; '<u8' ; 8", "longlong ; '<i8' ; 8", "ulonglong ; '<u8' ; 8",
        "csingle ; '<c8' ; 8", "cdouble ; '<c16' ; 16", "str ; '<U0' ; 0", "bytes ; '|S0' ; 0", "void ; '|V0' ; 0",
        "object ; '|O' ; 8", "datetime64 ; '<M8' ; 8", "timedelta64 ; '<m8' ; 8", "datetime64[ns] ; '<M8[ns]' ; 8",
        "timedelta64[25s] ; '<m8[25s]' ; 8",
        // byte orders normalised as NumPy: '=' and '|' mean native, byte-sized kinds are '|'
        "<f8 ; '<f8' ; 8", ">f8 ; '>f8' ; 8", "=f8 ; '<f8' ; 8", "|f8 ; '<f8' ; 8", "<i1 ; '|i1' ; 1",
        ">u1 ; '|u1' ; 1", "<b1 ; '|b1' ; 1", ">S3 ; '|S3' ; 3", "S5 ; '|S5' ; 5", "U3 ; '<U3' ; 12",
        ">U3 ; '>U3' ; 12", "V4 ; '|V4' ; 4",
        // Python 2 object spellings
        "|O8 ; '|O' ; 8", "|O4 ; '|O' ; 8", "|O ; '|O' ; 8", "O8 ; '|O' ; 8",
        // datetime units, multipliers and NumPy's micro sign
        "<M8[ns] ; '<M8[ns]' ; 8", ">M8[25s] ; '>M8[25s]' ; 8", "M8[D] ; '<M8[D]' ; 8",
        "<m8[\u03bcs] ; '<m8[us]' ; 8", "<M8[generic] ; '<M8' ; 8", "m8 ; '<m8' ; 8",
        // comma strings: structs with fields f0, f1...; shape prefixes are subarrays
        "i4,f8 ; [('f0', '<i4'), ('f1', '<f8')] ; 12", "i4, ; [('f0', '<i4')] ; 4",
        "(2,)i4,f8 ; [('f0', '<i4', (2,)), ('f1', '<f8')] ; 16", "i4, f8 ; [('f0', '<i4'), ('f1', '<f8')] ; 12",
        "2i4,f8 ; [('f0', '<i4', (2,)), ('f1', '<f8')] ; 16",
        "(2,3)f8,u1 ; [('f0', '<f8', (2, 3)), ('f1', '|u1')] ; 49",
        "f8,(2,)i4 ; [('f0', '<f8'), ('f1', '<i4', (2,))] ; 16", "(2,)i4, ; [('f0', '<i4', (2,))] ; 8",
        "i4,f8, ; [('f0', '<i4'), ('f1', '<f8')] ; 12",
    })
    void parseAcceptsNumPysSpellingsAndPrintsNumPysDescr(String spelling, String numpyDescr, long itemSize) {
        DType t = DType.parse(new PyValue.Str(spelling).repr());
        assertEquals(numpyDescr, t.descr(), "np.dtype(" + spelling + ") is saved as " + numpyDescr);
        assertEquals(itemSize, t.itemSize());
        assertEquals(DType.parse(numpyDescr), t, "equal to the type parsed from its canonical spelling");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // np.dtype(...) raises TypeError for all of these
        "'<i3'", "'<f3'", "'x4'", "''", "' <f8'", "'<f8 '", "'<M8[xs]'", "'<M8[ns'", "'<f8[ns]'", "'i4,,f8'",
        "'<c4'", "'<b2'", "'<O16'", "'float63'", "'int128'", "'<M16'", "'<i0'", "'<f8,<i3'", "'< f8'", "'<<f8'",
        "'f8i4'", "'<U-1'", "'<S-1'", "'<M8[]'", "'bool8'", "'Float64'", "'M[25s]'", "'<M[s]'", "'>m[us]'",
        // descr_to_dtype rejects these values
        "3", "None", "True", "b'<f8'", "{'names': ['a'], 'formats': ['<i4']}", "['<f8']", "[('a',)]",
        "[('a', '<i4', (2,), 1)]", "[(1, '<i4')]", "[('a', '<i4'), ('a', '<f8')]",
        "[(('a', 'b'), '<i4'), ('a', '<f8')]", "[('a', '<i4', (-1,))]", "[('a', '<i4', (2.0,))]",
        "[('a', '|S0', (2,))]", "('b', ('|S3', {'some': 'stuff'}))", "[('a', '<i4')", "'<f8' '",
    })
    void parseRejectsWhatNumPyRejectsWithIllegalArgumentException(String descr) {
        assertThrows(IllegalArgumentException.class, () -> DType.parse(descr), descr);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'(,)i4,f8'", "'(2,,)i4,f8'", "'(02,)i4,f8'", "' i4,f8'"})
    void parseRejectsCommaStringsNumPyRejects(String descr) {
        assertThrows(IllegalArgumentException.class, () -> DType.parse(descr), descr);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
        "()i4,f8 ; [('f0', '<i4'), ('f1', '<f8')]", "( )i4,f8 ; [('f0', '<i4'), ('f1', '<f8')]",
        "2 i4,f8 ; [('f0', '<i4', (2,)), ('f1', '<f8')]", "<M8[ 1s] ; '<M8[s]'",
        "3,f4 ; ('<f4', (3,))", "2,3,f4 ; ('<f4', (2, 3))",
    })
    void parseAcceptsLooserSpellingsNumPyAccepts(String spelling, String numpyDescr) {
        assertEquals(numpyDescr, DType.parse(new PyValue.Str(spelling).repr()).descr());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
        "'<f8' ; float64", "'>f8' ; float64 (big-endian)", "'|b1' ; bool", "'|i1' ; int8", "'|u1' ; uint8",
        "'<u2' ; uint16", "'<f2' ; float16", "'<c16' ; complex128", "'>c8' ; complex64 (big-endian)",
        "'<f16' ; longdouble (16-byte, raw)", "'<c32' ; clongdouble (32-byte, raw)", "'|S5' ; bytes[5]",
        "'|V7' ; void[7]", "'<U3' ; str[3]", "'>U3' ; str[3] (big-endian)", "'|O' ; object", "'<M8' ; datetime64",
        "'<M8[ns]' ; datetime64[ns]", "'>m8[25s]' ; timedelta64[25s] (big-endian)",
        "`[('x', '<i4', (2,)), ('y', '<f8')]` ; `struct{x: int32[2], y: float64}`",
        "`[(('title', 'a'), '|u1'), ('', '|V3'), ('n', [('b', '<i2')])]` ; `struct{a: uint8, n: struct{b: int16}}`",
    })
    void readableNamesTheType(String descr, String readable) {
        assertEquals(readable, DType.parse(descr).readable());
    }

    @Test
    void fieldIsFoundByNameAndByTitle() {
        StructType dt5 = (StructType) DType.parse(DT5);
        Field a = dt5.field("a").orElseThrow();
        assertEquals(1, a.offset());
        assertEquals(new PyValue.Str("aa"), a.title());
        assertEquals(a, dt5.field("aa").orElseThrow(), "a title finds its field");
        assertEquals("b", dt5.field("bb").orElseThrow().name());
        assertEquals(6, dt5.field("b").orElseThrow().offset());
        assertFalse(dt5.field("").isPresent(), "padding is not a field");
        assertFalse(dt5.field("c").isPresent());
    }

    @Test
    void nestedFieldsAreFoundLevelByLevel() {
        StructType n = (StructType) DType.parse(NDESCR_LE);
        StructType info = assertInstanceOf(StructType.class, n.field("Info").orElseThrow().type());
        StructType info2 = assertInstanceOf(StructType.class, info.field("Info2").orElseThrow().type());
        Field value = info2.field("value").orElseThrow();
        assertEquals(2, value.offset(), "offsets are relative to the enclosing struct");
        assertEquals(DType.parse("('<c16', (2,))"), value.type());
        assertFalse(n.field("Info2").isPresent(), "lookup does not descend into nested structs");
        assertNull(n.field("x").orElseThrow().title());
    }

    @Test
    void nonStringTitleKeepsItsValueButIsNotALookupKey() {
        // NumPy round-trips ((1, 'a'), '<i4'): the title may be any literal
        StructType s = (StructType) DType.parse("[((1, 'a'), '<i4')]");
        assertEquals("[((1, 'a'), '<i4')]", s.descr());
        assertEquals(PyValue.Int.of(1), s.field("a").orElseThrow().title());
        assertFalse(s.field("1").isPresent());
    }

    @Test
    void emptyNamedFieldIsFoundByTheEmptyString() {
        StructType dt4 = (StructType) DType.parse("[('a', '<i4'), ('', '<i4'), ('b', '<i4')]");
        assertEquals(4, dt4.field("").orElseThrow().offset());
    }

    @Test
    void objectsAnywhereInTheTypeAreReported() {
        assertTrue(DType.parse("'|O'").hasObjects());
        assertTrue(DType.parse("[('a', '<i4'), ('b', [('c', '|O', (2,))])]").hasObjects());
        assertFalse(DType.parse(NDESCR_LE).hasObjects());
    }

    @Test
    void fieldCountIsCapped() {
        int max = DescrReader.MAX_FIELDS;
        DType ok = DType.parse("'" + "i1,".repeat(max) + "'"); // a trailing comma adds no field
        assertEquals(max, ((StructType) ok).fields().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DType.parse("'" + "i1,".repeat(max) + "i1'"));
        assertTrue(e.getMessage().contains(String.format(java.util.Locale.ROOT, "a struct of %,d fields", max + 1)),
                e.getMessage());
        // counted over nesting: two halves plus the outer fields
        String half = "'" + "i1,".repeat(max / 2) + "'";
        e = assertThrows(IllegalArgumentException.class, () -> DType.parse("[('a', " + half + "), ('b', " + half
                + ")]"));
        assertTrue(e.getMessage().contains("more than the"), e.getMessage());
        // the list form too
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i <= max; i++) {
            list.append("('f").append(i).append("', 'i1'), ");
        }
        e = assertThrows(IllegalArgumentException.class, () -> DType.parse(list.append(']').toString()));
        assertTrue(e.getMessage().contains(String.format(java.util.Locale.ROOT, "a struct of %,d fields", max + 1)),
                e.getMessage());
        // repeat prefixes hold commas but are one field each
        assertEquals(2, ((StructType) DType.parse("'(2,3)i4, (4,)f8'")).fields().size());
    }

    @Test
    void shapesHaveAtMost64Dimensions() {
        assertEquals(64, Shape.of(new long[64]).rank());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shape.of(new long[65]));
        assertTrue(e.getMessage().contains("at most 64 dimensions"), e.getMessage());
        String dims65 = "(" + "1, ".repeat(65) + ")";
        assertThrows(IllegalArgumentException.class, () -> DType.parse("[('x', '<f8', " + dims65 + ")]"));
        assertThrows(IllegalArgumentException.class, () -> DType.parse("'" + dims65 + "f8, i1'"));
        assertEquals(64, ((SubarrayType) ((StructType) DType.parse("[('x', '<f8', (" + "1, ".repeat(64) + "))]"))
                .fields().get(0).type()).shape().rank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"('<f8',(2147483647,2147483647,2147483647))", "'(2147483647,2147483647,2147483647)f8'",
        "[('a', '<f8', (2147483647, 2147483647, 2147483647))]",
        "[('a', 'V9223372036854775807'), ('b', '<f8')]", "'(2147483647,2147483647)V2147483647,i1'"})
    void sizeOverflowsAreInvalidDescrsNotArithmeticExceptions(String descr) {
        // these leaked ArithmeticException from Shape.of / Math.*Exact
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.parse(descr));
        assertTrue(e.getMessage().contains("overflow") || e.getMessage().contains("too large")
                || e.getMessage().contains("not understood"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {"<f8|'<f8'", "float64|'float64'", "i4,f8|'i4,f8'",
        " >u2 |'>u2'"})
    void unquotedTypeStringsGetAHint(String bare, String quoted) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DType.parse(bare));
        assertTrue(e.getMessage().contains("quoted as in a header, " + quoted + ", or given to ScalarType.parse(\""
                + bare.strip() + "\")"), e.getMessage());
        assertEquals(DType.parse(quoted), ScalarType.parseDescrString(bare.strip(), new DescrReader.FieldBudget()));
        // no hint for what is no type string either
        e = assertThrows(IllegalArgumentException.class, () -> DType.parse("<x9"));
        assertFalse(e.getMessage().contains("quoted"), e.getMessage());
    }
}
