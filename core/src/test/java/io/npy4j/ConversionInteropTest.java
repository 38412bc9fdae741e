package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.npy4j.dtype.Casting;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.TypeCode;
import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conversions of {@link NpyArray} against NumPy on the same values (NaN, ±inf, -0.0, min/max integers, values that
 * round differently when rounded twice): the casting table is {@code np.can_cast}, converted values are
 * {@code astype}'s where NumPy defines them, and float-to-int of NaN, infinities or out-of-range values raises
 * {@link ArithmeticException} (by design: NumPy gives an undefined value).
 */
@EnabledIfNumPy
class ConversionInteropTest {
    static final List<String> NUMERIC = List.of("|b1", "|i1", "<i2", "<i4", "<i8", "|u1", "<u2", "<u4", "<u8",
            "<f2", "<f4", "<f8", "<c8", "<c16");
    /** Sources: every numeric type, and the multi-byte ones big-endian too. */
    static final List<String> SOURCES;

    static {
        List<String> s = new ArrayList<>(NUMERIC);
        for (String t : NUMERIC) {
            if (t.startsWith("<")) {
                s.add(">" + t.substring(1));
            }
        }
        SOURCES = List.copyOf(s);
    }

    static final Casting[] CASTINGS = Casting.values();

    @TempDir
    Path tmp;

    @Test
    void castingAllowsIsNumPysCanCastForEveryPairAndRule() {
        String script = InteropSupport.PRELUDE + String.join("\n",
                "ts = sys.argv[1].split(',')",
                "for a in ts:",
                "    for b in ts:",
                "        print('\\t'.join([a, b] + [str(np.can_cast(np.dtype(a), np.dtype(b), c))"
                        + " for c in ('safe', 'same_kind', 'unsafe')]))");
        List<String[]> out = InteropSupport.outputLines(NumPy.run(script, String.join(",", SOURCES)));
        assertEquals(SOURCES.size() * SOURCES.size(), out.size());
        List<String> bad = new ArrayList<>();
        for (String[] r : out) {
            ScalarType a = ScalarType.parse(r[0]);
            ScalarType b = ScalarType.parse(r[1]);
            for (int c = 0; c < 3; c++) {
                boolean np = Boolean.parseBoolean(r[2 + c]);
                if (CASTINGS[c].allows(a, b) != np) {
                    bad.add(r[0] + " -> " + r[1] + " " + CASTINGS[c] + ": numpy " + np);
                }
            }
        }
        InteropSupport.assertNoMismatches(out.size(), bad);
    }

    // --- values ----------------------------------------------------------------------------------------------

    /** Writes src{i}.npy per source and r{i}_{j}.npy = src.astype(NUMERIC[j]); prints the undefined masks. */
    private static final String ASTYPE = InteropSupport.PRELUDE + String.join("\n",
            "import math",
            "d = sys.argv[1]",
            "srcs = sys.argv[2].split(',')",
            "dsts = sys.argv[3].split(',')",
            "F = [0.0, -0.0, 1.5, -1.5, 2.5, -2.5, 0.999, -0.999, float('nan'), float('inf'), -float('inf'),",
            "     127.9, 128.0, -128.5, -129.0, 255.9, 256.0, 32767.5, 65504.0, 65519.99, 65520.0, 1e-8, 6e-8,",
            "     2.0**31 - 0.5, 2.0**31, -2.0**31, -2.0**31 - 1, 2.0**32, 2.0**53 + 2, 2.0**63, -2.0**63, 2.0**64,",
            "     1 + 2.0**-11 + 2.0**-30, 1 + 2.0**-24 + 2.0**-50, 3.4e38, 3.5e38, 1e300, -1e300, 5e-324]",
            "I = [0, 1, -1, 42, -42, 127, 128, -128, -129, 255, 256, 2049, 32767, 32768, -32768, 65535, 65536,",
            "     2**31 - 1, 2**31, -2**31, 2**32 - 1, 2**53 + 1, 2**60 + 2**36 + 1, -(2**60 + 2**36 + 1),",
            "     2**63 - 1, -2**63, 2**63, 2**63 + 2**39 + 1, 2**64 - 1]",
            "def values(dt):",
            "    if dt.kind == 'b':",
            "        return np.array([False, True, True, False], dt)",
            "    if dt.kind in 'iu':",
            "        info = np.iinfo(dt)",
            "        return np.array([v for v in I if info.min <= v <= info.max] + [info.min, info.max], dt)",
            "    with np.errstate(all='ignore'):",
            "        if dt.kind == 'f':",
            "            return np.array(F + [np.finfo(dt).max, -np.finfo(dt).max, np.finfo(dt).tiny], dt)",
            "        return np.array([complex(x, y) for x in F[:12] + [2.0**63, 1e300] for y in (0.0, -0.0, 2.5, float('nan'))], dt)",
            "def undefined(a, dst):",
            "    if a.dtype.kind not in 'fc' or dst.kind not in 'iu':",
            "        return [False] * a.size",
            "    info = np.iinfo(dst)",
            "    out = []",
            "    for x in a.real.astype(np.float64).ravel():",
            "        out.append(not math.isfinite(x) or not (info.min <= math.trunc(x) <= info.max))",
            "    return out",
            "for i, s in enumerate(srcs):",
            "    a = values(np.dtype(s))",
            "    np.save(os.path.join(d, 'src%d.npy' % i), a)",
            "    for j, t in enumerate(dsts):",
            "        with np.errstate(all='ignore'):",
            "            r = a.astype(np.dtype(t))",
            "        np.save(os.path.join(d, 'r%d_%d.npy' % (i, j)), r)",
            "        print('%d\\t%d\\t%s' % (i, j, ''.join('1' if u else '0' for u in undefined(a, np.dtype(t)))))");

    /** What NumPy gave for one source: astype results per destination, and undefined elements per destination. */
    record Expect(NpyArray src, Map<String, NpyArray> results, Map<String, boolean[]> undefined) {
    }

    private List<Expect> astypeCases() throws IOException {
        List<String[]> out = InteropSupport.outputLines(NumPy.run(ASTYPE, tmp.toString(), String.join(",", SOURCES),
                String.join(",", NUMERIC)));
        assertEquals(SOURCES.size() * NUMERIC.size(), out.size());
        List<Expect> cases = new ArrayList<>();
        for (int i = 0; i < SOURCES.size(); i++) {
            cases.add(new Expect(Npy.read(tmp.resolve("src" + i + ".npy")), new HashMap<>(), new HashMap<>()));
        }
        for (String[] r : out) {
            int i = Integer.parseInt(r[0]);
            int j = Integer.parseInt(r[1]);
            boolean[] u = new boolean[r[2].length()];
            for (int k = 0; k < u.length; k++) {
                u[k] = r[2].charAt(k) == '1';
            }
            cases.get(i).results().put(NUMERIC.get(j), Npy.read(tmp.resolve("r" + i + "_" + j + ".npy")));
            cases.get(i).undefined().put(NUMERIC.get(j), u);
        }
        return cases;
    }

    /** Same element bytes, except that any NaN equals any NaN (NumPy and Java may pick different payloads). */
    private static boolean sameElement(ScalarType t, byte[] a, byte[] b) {
        if (Arrays.equals(a, b)) {
            return true;
        }
        if (t.code() != TypeCode.FLOAT && t.code() != TypeCode.COMPLEX) {
            return false;
        }
        int w = t.code() == TypeCode.COMPLEX ? (int) t.itemSize() / 2 : (int) t.itemSize();
        for (int p = 0; p < a.length; p += w) {
            double x = floatAt(a, p, w);
            double y = floatAt(b, p, w);
            if (!(Double.isNaN(x) && Double.isNaN(y)) && Double.doubleToRawLongBits(x) != Double.doubleToRawLongBits(y)) {
                return false;
            }
        }
        return true;
    }

    private static double floatAt(byte[] b, int p, int w) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        return w == 8 ? bb.getDouble(p) : w == 4 ? bb.getFloat(p) : io.npy4j.array.Half.toFloat(bb.getShort(p));
    }

    private static byte[] element(NpyArray a, long k) {
        byte[] b = new byte[(int) a.dtype().itemSize()];
        a.readRaw(k, b, 0, 1);
        return b;
    }

    @Test
    void astypeToEveryNumericDtypeIsNumPysAstype() throws IOException {
        List<String> bad = new ArrayList<>();
        int checked = 0;
        for (Expect e : astypeCases()) {
            ScalarType from = (ScalarType) e.src().dtype();
            for (String d : NUMERIC) {
                ScalarType to = ScalarType.parse(d);
                NpyArray want = e.results().get(d);
                boolean[] undef = e.undefined().get(d);
                for (Casting c : CASTINGS) {
                    String what = from.typeString() + " -> " + d + " " + c;
                    if (!c.allows(from, to)) {
                        assertThrows(IllegalArgumentException.class, () -> e.src().astype(to, c), what);
                        continue;
                    }
                    boolean anyUndefined = false;
                    for (int k = 0; k < e.src().size(); k++) {
                        checked++;
                        NpyArray one = e.src().row(k);
                        if (undef[k]) {
                            anyUndefined = true;
                            try {
                                one.astype(to, c);
                                bad.add(what + " element " + k + ": no ArithmeticException for an undefined cast");
                            } catch (ArithmeticException expected) {
                                // by design
                            }
                            continue;
                        }
                        byte[] got = element(one.astype(to, c), 0);
                        byte[] exp = element(want, k);
                        if (!sameElement(to, exp, got)) {
                            bad.add(what + " element " + k + " (" + hex(element(e.src(), k)) + "): numpy "
                                    + hex(exp) + ", ours " + hex(got));
                        }
                    }
                    if (anyUndefined) {
                        assertThrows(ArithmeticException.class, () -> e.src().astype(to, c), what);
                    } else {
                        NpyArray all = e.src().astype(to, c);
                        assertEquals(to, all.dtype());
                        if (bad.isEmpty()) {
                            for (int k = 0; k < all.size(); k++) {
                                if (!sameElement(to, element(want, k), element(all, k))) {
                                    bad.add(what + " whole-array element " + k);
                                }
                            }
                        }
                    }
                }
            }
        }
        InteropSupport.assertNoMismatches(checked, bad);
    }

    /** The Java arrays, the dtype each stands for, and the dtype whose bits it receives natively. */
    enum J {
        DOUBLE("<f8"), FLOAT("<f4"), LONG("<i8"), INT("<i4"), SHORT("<i2"), BYTE("|i1"), BOOLEAN("|b1");

        final ScalarType canonical;

        J(String t) {
            canonical = ScalarType.parse(t);
        }

        /** Native per the JavaType table, written out again here independently. */
        boolean nativeFor(ScalarType t) {
            long n = t.itemSize();
            switch (t.code()) {
                case BOOL:
                    return this == BYTE;
                case INT:
                case UINT:
                    return this == (n == 1 ? BYTE : n == 2 ? SHORT : n == 4 ? INT : LONG);
                case FLOAT:
                    return this == (n == 8 ? DOUBLE : n == 4 ? FLOAT : SHORT);
                case COMPLEX:
                    return this == (n == 16 ? DOUBLE : FLOAT);
                default:
                    return false;
            }
        }

        /** The dtype a conversion goes through: complex sources into double[]/float[] keep pairs. */
        String target(ScalarType t) {
            if (t.code() == TypeCode.COMPLEX && this == DOUBLE) {
                return "<c16";
            }
            if (t.code() == TypeCode.COMPLEX && this == FLOAT) {
                return "<c8";
            }
            return canonical.typeString().startsWith("|") ? canonical.typeString() : "<" + canonical.typeString()
                    .substring(1);
        }

        Object convert(NpyArray a, Casting c) {
            switch (this) {
                case DOUBLE:
                    return a.asDoubleArray(c);
                case FLOAT:
                    return a.asFloatArray(c);
                case LONG:
                    return a.asLongArray(c);
                case INT:
                    return a.asIntArray(c);
                case SHORT:
                    return a.asShortArray(c);
                case BYTE:
                    return a.asByteArray(c);
                default:
                    return a.asBooleanArray(c);
            }
        }

        /** The Java values as little-endian bytes of {@code target}, to compare with NumPy's bytes. */
        byte[] bytes(Object values) {
            int n = java.lang.reflect.Array.getLength(values);
            ByteBuffer b = ByteBuffer.allocate(n * (this == BOOLEAN ? 1 : (int) canonical.itemSize()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                switch (this) {
                    case DOUBLE -> b.putDouble(((double[]) values)[i]);
                    case FLOAT -> b.putFloat(((float[]) values)[i]);
                    case LONG -> b.putLong(((long[]) values)[i]);
                    case INT -> b.putInt(((int[]) values)[i]);
                    case SHORT -> b.putShort(((short[]) values)[i]);
                    case BYTE -> b.put(((byte[]) values)[i]);
                    default -> b.put((byte) (((boolean[]) values)[i] ? 1 : 0));
                }
            }
            return b.array();
        }
    }

    @Test
    void asJavaArraysRefuseExactlyWhatNumPyRefusesAndGiveAstypesValues() throws IOException {
        List<String> bad = new ArrayList<>();
        int checked = 0;
        for (Expect e : astypeCases()) {
            ScalarType from = (ScalarType) e.src().dtype();
            String le = from.itemSize() == 1 ? from.typeString() : "<" + from.typeString().substring(1);
            for (J j : J.values()) {
                boolean nat = j.nativeFor(from);
                String target = j.target(from);
                ScalarType to = ScalarType.parse(target);
                // native: the bits of the little-endian same type; else NumPy's astype to the target
                NpyArray want = e.results().get(nat ? le : target);
                boolean[] undef = nat ? new boolean[(int) e.src().size()] : e.undefined().get(target);
                for (Casting c : CASTINGS) {
                    String what = from.typeString() + " -> " + j + "[] " + c;
                    boolean allowed = nat || c.allows(from, to);
                    checked++;
                    if (!allowed) {
                        try {
                            j.convert(e.src(), c);
                            bad.add(what + ": converted, numpy's can_cast says no");
                        } catch (IllegalArgumentException expected) {
                            // refused, as np.can_cast
                        }
                        continue;
                    }
                    boolean anyUndefined = false;
                    for (int k = 0; k < e.src().size(); k++) {
                        NpyArray one = e.src().row(k);
                        if (undef[k]) {
                            anyUndefined = true;
                            try {
                                j.convert(one, c);
                                bad.add(what + " element " + k + ": no ArithmeticException for an undefined cast");
                            } catch (ArithmeticException expected) {
                                // by design
                            }
                            continue;
                        }
                        byte[] got;
                        try {
                            got = j.bytes(j.convert(one, c));
                        } catch (RuntimeException x) {
                            bad.add(what + " element " + k + ": " + x);
                            continue;
                        }
                        byte[] exp = element(want, k);
                        if (!sameElement(nat ? ScalarType.parse(le) : to, exp, got)) {
                            bad.add(what + " element " + k + " (" + hex(element(e.src(), k)) + "): numpy " + hex(exp)
                                    + ", ours " + hex(got));
                        }
                    }
                    if (anyUndefined) {
                        try {
                            j.convert(e.src(), c);
                            bad.add(what + ": whole array with undefined elements converted");
                        } catch (ArithmeticException expected) {
                            // by design
                        }
                    } else if (c == Casting.SAFE) { // the default overloads are SAFE
                        Object all = j.convert(e.src(), c);
                        Object dflt = switch (j) {
                            case DOUBLE -> e.src().asDoubleArray();
                            case FLOAT -> e.src().asFloatArray();
                            case LONG -> e.src().asLongArray();
                            case INT -> e.src().asIntArray();
                            case SHORT -> e.src().asShortArray();
                            case BYTE -> e.src().asByteArray();
                            default -> e.src().asBooleanArray();
                        };
                        assertArrayEquals(j.bytes(all), j.bytes(dflt), what);
                    }
                }
            }
        }
        InteropSupport.assertNoMismatches(checked, bad);
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    // --- strings, datetimes, complex, toArray ----------------------------------------------------------------

    @Test
    void stringsInstantsComplexAndToArrayMatchNumPysItems() throws IOException {
        String script = InteropSupport.PRELUDE + String.join("\n",
                "import json",
                "d = sys.argv[1]",
                "out = {}",
                "def put(name, a, items):",
                "    np.save(os.path.join(d, name + '.npy'), a)",
                "    out[name] = items",
                "s = np.array([b'', b'a', b'ab\\x00', b'a\\x00b', b'\\xff\\xe9', b'abcde'], 'S5')",
                "put('s', s, [x.decode('latin-1') for x in s.tolist()])",
                "for o in '<>':",
                "    u = np.array(['', 'a', 'ab', 'a\\x00b', '\\u00e9t\\u00e9', '\\U0001F600x', '\\u6574\\u5f62\\u540d'], o + 'U3')",
                "    put('u' + ('le' if o == '<' else 'be'), u, [str(x) for x in u])",
                "units = ['Y', 'M', 'W', 'D', 'h', 'm', 's', 'ms', 'us', 'ns', '10ms', '3D']",
                "for k, unit in enumerate(units):",
                "    for o in '<>':",
                "        a = np.array([0, 1, -1, 17, -200, 123, 'NaT'], dtype=o + 'M8[' + unit + ']') if False else None",
                "        v = np.array([0, 1, -1, 17, -200, 123, np.iinfo(np.int64).min], o + 'i8').view(o + 'M8[' + unit + ']')",
                "        ns = [None if np.isnat(x) else int(x.astype('M8[ns]').astype('i8')) for x in v]",
                "        put('m%d%s' % (k, o == '<' and 'le' or 'be'), v, ns)",
                "c = np.array([[1.5 + 2j, -0.0 - 1j], [complex('nan+1j'), complex('inf-infj')]], '>c8')",
                "put('c', c, [[x.real, x.imag] for x in c.astype('c16').ravel().tolist()])",
                "print(json.dumps(out, allow_nan=True))");
        String json = NumPy.run(script, tmp.toString()).trim();
        // strings
        assertArrayEquals(new String[] {"", "a", "ab", "a\u0000b", "\u00ff\u00e9", "abcde"},
                Npy.read(tmp.resolve("s.npy")).asStrings());
        String[] u = {"", "a", "ab", "a\u0000b", "\u00e9t\u00e9", "\ud83d\ude00x", "\u6574\u5f62\u540d"};
        for (String name : List.of("ule", "ube")) {
            NpyArray a = Npy.read(tmp.resolve(name + ".npy"));
            assertArrayEquals(u, a.asStrings(), name);
            assertArrayEquals(u, (String[]) a.toArray(), name);
            assertEquals(u[3], a.getString(-4));
        }
        assertStringItemsMatch(json, "s", Npy.read(tmp.resolve("s.npy")).asStrings());
        assertStringItemsMatch(json, "ule", u);
        // datetimes: instants in nanoseconds against NumPy's own conversion to M8[ns]
        for (int k = 0; k < 12; k++) {
            for (String o : List.of("le", "be")) {
                String name = "m" + k + o;
                NpyArray a = Npy.read(tmp.resolve(name + ".npy"));
                Instant[] got = a.asInstants();
                List<String> want = items(json, name);
                assertEquals(want.size(), got.length, name);
                for (int i = 0; i < got.length; i++) {
                    if (want.get(i).equals("null")) {
                        assertNull(got[i], name + " " + i);
                        assertNull(a.getInstant(i));
                    } else {
                        long ns = Math.addExact(Math.multiplyExact(got[i].getEpochSecond(), 1_000_000_000L),
                                got[i].getNano());
                        assertEquals(Long.parseLong(want.get(i)), ns, name + " element " + i);
                        assertEquals(got[i], a.getInstant(i - got.length)); // negative index
                    }
                }
                assertEquals(Long.MIN_VALUE, a.getLong(-1), "NaT is the smallest int64");
            }
        }
        // complex: getComplex, asComplexArray, toArray of Complex[][]
        NpyArray c = Npy.read(tmp.resolve("c.npy"));
        assertEquals(new Complex(1.5, 2), c.getComplex(0, 0));
        assertEquals(new Complex(-0.0, -1), c.getComplex(0, -1));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(c.getComplex(0, 1).re()));
        Complex nan = c.getComplex(1, 0);
        assertEquals(true, Double.isNaN(nan.re()));
        assertEquals(1.0, nan.im());
        assertEquals(new Complex(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), c.getComplex(-1, -1));
        Complex[][] nested = (Complex[][]) c.toArray();
        assertEquals(2, nested.length);
        assertEquals(c.getComplex(1, 1), nested[1][1]);
        assertEquals(c.asComplexArray()[1], nested[0][1]);
        // a real element as complex: imaginary part 0
        assertEquals(new Complex(2.5, 0), Npy.array(new double[] {1, 2.5}, 2).getComplex(-1));
    }

    private static List<String> items(String json, String key) {
        int at = json.indexOf("\"" + key + "\": [");
        int start = json.indexOf('[', at) + 1;
        int end = json.indexOf(']', start);
        List<String> out = new ArrayList<>();
        for (String s : json.substring(start, end).split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static void assertStringItemsMatch(String json, String key, String[] ours) {
        // NumPy's item strings as JSON: compare after the same JSON escaping of ours
        int at = json.indexOf("\"" + key + "\": [");
        int end = json.indexOf(']', at);
        StringBuilder sb = new StringBuilder("\"" + key + "\": [");
        for (int i = 0; i < ours.length; i++) {
            sb.append(i == 0 ? "" : ", ").append('"');
            for (char ch : ours[i].toCharArray()) {
                if (ch == '"' || ch == '\\') {
                    sb.append('\\').append(ch);
                } else if (ch < 0x20 || ch > 0x7e) {
                    sb.append(String.format("\\u%04x", (int) ch));
                } else {
                    sb.append(ch);
                }
            }
            sb.append('"');
        }
        assertEquals(json.substring(at, end), sb.toString());
    }

    @Test
    void toArrayGivesTheNativeNestedJavaTypes() throws IOException {
        String script = "import numpy as np, sys, os\nd = sys.argv[1]\n"
                + "np.save(os.path.join(d, 'f8.npy'), np.arange(6.0).reshape(2, 3))\n"
                + "np.save(os.path.join(d, 'b1.npy'), np.array([True, False, True]))\n"
                + "np.save(os.path.join(d, 'u1.npy'), np.array([0, 200, 255], 'u1'))\n"
                + "np.save(os.path.join(d, 'u2.npy'), np.array([[65535]], '>u2'))\n"
                + "np.save(os.path.join(d, 'i4.npy'), np.array([[[-7]]], '>i4'))\n"
                + "np.save(os.path.join(d, 'c16.npy'), np.array([1 + 2j]))\n"
                + "np.save(os.path.join(d, 'f0.npy'), np.float64(-2.5))\n"
                + "np.save(os.path.join(d, 'b0.npy'), np.bool_(True))\n"
                + "np.save(os.path.join(d, 'i0.npy'), np.array(-3, '>i8'))\n"
                + "np.save(os.path.join(d, 'ff.npy'), np.asfortranarray(np.arange(6.0, dtype='>f4').reshape(2, 3)))\n";
        NumPy.run(script, tmp.toString());
        assertArrayEquals(new double[][] {{0, 1, 2}, {3, 4, 5}}, (double[][]) read("f8").toArray());
        assertArrayEquals(new boolean[] {true, false, true}, (boolean[]) read("b1").toArray());
        assertArrayEquals(new short[] {0, 200, 255}, (short[]) read("u1").toArray());
        assertArrayEquals(new int[][] {{65535}}, (int[][]) read("u2").toArray());
        assertEquals(-7, ((int[][][]) read("i4").toArray())[0][0][0]);
        assertArrayEquals(new Complex[] {new Complex(1, 2)}, (Complex[]) read("c16").toArray());
        assertEquals(-2.5, read("f0").toArray());
        assertEquals(Boolean.TRUE, read("b0").toArray());
        assertEquals(-3L, read("i0").toArray());
        // a Fortran-order file gives the same C-order nesting
        assertArrayEquals(new float[][] {{0, 1, 2}, {3, 4, 5}}, (float[][]) read("ff").toArray());
        assertEquals(Order.F, read("ff").order());
        assertEquals(5f, read("ff").getFloat(-1, -1));
    }

    private NpyArray read(String name) throws IOException {
        return Npy.read(tmp.resolve(name + ".npy"));
    }
}
