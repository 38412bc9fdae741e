package io.npy4j.dtype;

import io.npy4j.literal.Excerpt;
import io.npy4j.literal.PyValue;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scalar (non-structured) dtype: kind, byte order, item size and, for datetime kinds, the unit.
 *
 * <p>The constructor normalises the byte order as NumPy does: order-less kinds and byte-sized numbers get
 * {@link Endianness#NOT_APPLICABLE}, so equal types compare equal whatever order character they were spelled with.
 *
 * @param code the kind
 * @param endianness byte order of the data
 * @param itemSize bytes per element (for {@code U<n>} this is {@code 4n})
 * @param unit datetime unit; {@link DateUnit#GENERIC} for other kinds
 * @param unitMultiplier the {@code 25} in {@code [25s]}; 1 otherwise
 */
public record ScalarType(TypeCode code, Endianness endianness, long itemSize, DateUnit unit, long unitMultiplier)
        implements DType {

    public ScalarType {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(endianness, "endianness");
        Objects.requireNonNull(unit, "unit");
        if (!code.isValidSize(itemSize)) {
            throw new IllegalArgumentException("invalid item size " + itemSize + " for " + code.numpyName());
        }
        boolean dated = code == TypeCode.DATETIME || code == TypeCode.TIMEDELTA;
        if (!dated && (unit != DateUnit.GENERIC || unitMultiplier != 1)) {
            throw new IllegalArgumentException("only datetime64/timedelta64 have a unit");
        }
        if (unitMultiplier < 1 || (unit == DateUnit.GENERIC && unitMultiplier != 1)) {
            throw new IllegalArgumentException("invalid unit multiplier " + unitMultiplier);
        }
        if (!code.hasByteOrder(itemSize)) {
            endianness = Endianness.NOT_APPLICABLE;
        } else if (endianness == Endianness.NOT_APPLICABLE) {
            endianness = Endianness.nativeOrder(); // as np.dtype('|f8') == dtype('<f8') on little-endian hosts
        }
    }

    /** A non-datetime scalar. */
    public static ScalarType of(TypeCode code, Endianness endianness, long itemSize) {
        return new ScalarType(code, endianness, itemSize, DateUnit.GENERIC, 1);
    }

    /** {@code <b1}... convenience constants, little-endian where order applies. */
    public static final ScalarType BOOL = of(TypeCode.BOOL, Endianness.NOT_APPLICABLE, 1);
    public static final ScalarType INT8 = of(TypeCode.INT, Endianness.NOT_APPLICABLE, 1);
    public static final ScalarType UINT8 = of(TypeCode.UINT, Endianness.NOT_APPLICABLE, 1);
    public static final ScalarType INT16 = of(TypeCode.INT, Endianness.LITTLE, 2);
    public static final ScalarType INT32 = of(TypeCode.INT, Endianness.LITTLE, 4);
    public static final ScalarType INT64 = of(TypeCode.INT, Endianness.LITTLE, 8);
    public static final ScalarType FLOAT32 = of(TypeCode.FLOAT, Endianness.LITTLE, 4);
    public static final ScalarType FLOAT64 = of(TypeCode.FLOAT, Endianness.LITTLE, 8);

    /** This type with another byte order (no-op for order-less types). */
    public ScalarType withEndianness(Endianness e) {
        return new ScalarType(code, e, itemSize, unit, unitMultiplier);
    }

    /** The type string as {@code dtype.str} prints it: {@code <f8}, {@code |S5}, {@code >U3}, {@code <M8[25s]}. */
    public String typeString() {
        StringBuilder sb = new StringBuilder().append(endianness.symbol()).append(code.letter());
        if (code == TypeCode.OBJECT) {
            return sb.toString();
        }
        sb.append(code == TypeCode.UNICODE ? itemSize / 4 : itemSize);
        if (unit != DateUnit.GENERIC) {
            sb.append('[');
            if (unitMultiplier != 1) {
                sb.append(unitMultiplier);
            }
            sb.append(unit.symbol()).append(']');
        }
        return sb.toString();
    }

    @Override
    public PyValue descrValue() {
        return new PyValue.Str(typeString());
    }

    @Override
    public boolean hasObjects() {
        return code == TypeCode.OBJECT;
    }

    /** Whether the data is a platform long double (x87 80-bit in 12/16 bytes, or binary128): raw bytes only. */
    public boolean isLongDouble() {
        return (code == TypeCode.FLOAT && itemSize > 8) || (code == TypeCode.COMPLEX && itemSize > 16);
    }

    @Override
    public String readable() {
        String order = endianness == Endianness.BIG ? " (big-endian)" : "";
        switch (code) {
            case BOOL:
                return "bool";
            case OBJECT:
                return "object";
            case BYTES:
                return "bytes[" + itemSize + "]";
            case VOID:
                return "void[" + itemSize + "]";
            case UNICODE:
                return "str[" + itemSize / 4 + "]" + order;
            case DATETIME:
            case TIMEDELTA:
                String u = unit == DateUnit.GENERIC ? "" : "[" + (unitMultiplier != 1 ? unitMultiplier : "")
                        + unit.symbol() + "]";
                return code.numpyName() + u + order;
            default:
                String name = isLongDouble()
                        ? (code == TypeCode.FLOAT ? "longdouble" : "clongdouble") + " (" + itemSize + "-byte, raw)"
                        : code.numpyName() + itemSize * 8;
                return name + order;
        }
    }

    // --- parsing of NumPy type strings -------------------------------------------------------------------------

    private static final Pattern SIZED = Pattern.compile(
            "([<>=|]?)([a-zA-Z?])([0-9]*)(?:\\[\\s*([0-9]*)([a-zA-Z\u03bc]+)\\])?");

    /** One-letter character codes (as np.dtype('d')), with their kind and size on LP64 platforms. */
    private static final Map<Character, ScalarType> CHAR_CODES = Map.ofEntries(
            Map.entry('?', BOOL), Map.entry('b', INT8), Map.entry('B', UINT8),
            Map.entry('h', INT16), Map.entry('H', of(TypeCode.UINT, Endianness.LITTLE, 2)),
            Map.entry('i', INT32), Map.entry('I', of(TypeCode.UINT, Endianness.LITTLE, 4)),
            Map.entry('l', INT64), Map.entry('L', of(TypeCode.UINT, Endianness.LITTLE, 8)),
            Map.entry('q', INT64), Map.entry('Q', of(TypeCode.UINT, Endianness.LITTLE, 8)),
            Map.entry('p', INT64), Map.entry('P', of(TypeCode.UINT, Endianness.LITTLE, 8)),
            Map.entry('e', of(TypeCode.FLOAT, Endianness.LITTLE, 2)), Map.entry('f', FLOAT32),
            Map.entry('d', FLOAT64), Map.entry('g', of(TypeCode.FLOAT, Endianness.LITTLE, 16)),
            Map.entry('F', of(TypeCode.COMPLEX, Endianness.LITTLE, 8)),
            Map.entry('D', of(TypeCode.COMPLEX, Endianness.LITTLE, 16)),
            Map.entry('G', of(TypeCode.COMPLEX, Endianness.LITTLE, 32)),
            Map.entry('S', of(TypeCode.BYTES, Endianness.NOT_APPLICABLE, 0)),
            Map.entry('a', of(TypeCode.BYTES, Endianness.NOT_APPLICABLE, 0)),
            Map.entry('c', of(TypeCode.BYTES, Endianness.NOT_APPLICABLE, 1)),
            Map.entry('U', of(TypeCode.UNICODE, Endianness.LITTLE, 0)),
            Map.entry('V', of(TypeCode.VOID, Endianness.NOT_APPLICABLE, 0)),
            Map.entry('O', of(TypeCode.OBJECT, Endianness.NOT_APPLICABLE, 8)),
            Map.entry('M', new ScalarType(TypeCode.DATETIME, Endianness.LITTLE, 8, DateUnit.GENERIC, 1)),
            Map.entry('m', new ScalarType(TypeCode.TIMEDELTA, Endianness.LITTLE, 8, DateUnit.GENERIC, 1)));

    /** NumPy's type names (np.dtype('float64')), LP64 sizes. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("bool", "|b1"), Map.entry("bool_", "|b1"),
            Map.entry("int8", "|i1"), Map.entry("int16", "<i2"), Map.entry("int32", "<i4"),
            Map.entry("int64", "<i8"), Map.entry("uint8", "|u1"), Map.entry("uint16", "<u2"),
            Map.entry("uint32", "<u4"), Map.entry("uint64", "<u8"), Map.entry("float16", "<f2"),
            Map.entry("float32", "<f4"), Map.entry("float64", "<f8"), Map.entry("float128", "<f16"),
            Map.entry("longdouble", "<f16"), Map.entry("complex64", "<c8"), Map.entry("complex128", "<c16"),
            Map.entry("complex256", "<c32"), Map.entry("clongdouble", "<c32"), Map.entry("int", "<i8"),
            Map.entry("float", "<f8"), Map.entry("complex", "<c16"), Map.entry("half", "<f2"),
            Map.entry("single", "<f4"), Map.entry("double", "<f8"), Map.entry("byte", "|i1"),
            Map.entry("ubyte", "|u1"), Map.entry("short", "<i2"), Map.entry("ushort", "<u2"),
            Map.entry("intc", "<i4"), Map.entry("uintc", "<u4"), Map.entry("intp", "<i8"),
            Map.entry("uintp", "<u8"), Map.entry("long", "<i8"), Map.entry("ulong", "<u8"),
            Map.entry("longlong", "<i8"), Map.entry("ulonglong", "<u8"), Map.entry("csingle", "<c8"),
            Map.entry("cdouble", "<c16"), Map.entry("str", "<U0"), Map.entry("str_", "<U0"),
            Map.entry("unicode", "<U0"), Map.entry("bytes", "|S0"), Map.entry("bytes_", "|S0"),
            Map.entry("void", "|V0"), Map.entry("object", "|O"), Map.entry("object_", "|O"),
            Map.entry("datetime64", "<M8"), Map.entry("timedelta64", "<m8"));

    /**
     * Parses a NumPy type string: the canonical {@code dtype.str} spelling ({@code <f8}, {@code |S5},
     * {@code >M8[10ms]}), character codes ({@code d}, {@code =i}), and type names ({@code float64},
     * {@code datetime64[ns]}). Sizes without a byte-order character take this platform's order.
     *
     * @throws IllegalArgumentException with NumPy's wording if the string is not a scalar type
     */
    public static ScalarType parse(String s) {
        String name = s;
        String unitSuffix = "";
        int bracket = s.indexOf('[');
        if (bracket > 0 && (s.startsWith("datetime64") || s.startsWith("timedelta64"))) {
            name = s.substring(0, bracket);
            unitSuffix = s.substring(bracket);
        }
        String canonical = NAMES.get(name);
        if (canonical != null) {
            return parse(canonical + unitSuffix);
        }
        Matcher m = SIZED.matcher(s);
        if (!m.matches()) {
            throw invalid(s);
        }
        char order = m.group(1).isEmpty() ? '=' : m.group(1).charAt(0);
        char letter = m.group(2).charAt(0);
        String digits = m.group(3);
        boolean hasUnit = m.group(5) != null;
        ScalarType base;
        if (digits.isEmpty()) {
            base = CHAR_CODES.get(letter);
            if (base == null) {
                throw invalid(s);
            }
        } else {
            TypeCode code = letter == 'a' ? TypeCode.BYTES : TypeCode.byLetter(letter);
            if (code == null || digits.length() > 10) {
                throw invalid(s);
            }
            long n = Long.parseLong(digits);
            long size = code == TypeCode.UNICODE ? n * 4 : n;
            if (code == TypeCode.OBJECT && (n == 4 || n == 8)) {
                size = 8; // Python 2 NumPy wrote '|O4' / '|O8'
            }
            if (!code.isValidSize(size)) {
                throw invalid(s);
            }
            base = of(code, Endianness.LITTLE, size);
        }
        DateUnit unit = DateUnit.GENERIC;
        long mult = 1;
        if (hasUnit) {
            // NumPy wants the size spelled out before a unit: 'M8[s]', never 'M[s]'
            if ((base.code != TypeCode.DATETIME && base.code != TypeCode.TIMEDELTA) || !digits.equals("8")) {
                throw invalid(s);
            }
            unit = DateUnit.bySymbol(m.group(5));
            if (unit == null && m.group(5).equals("generic")) {
                unit = DateUnit.GENERIC;
            } else if (unit == null) {
                throw invalid(s);
            }
            if (!m.group(4).isEmpty()) {
                if (m.group(4).length() > 9 || unit == DateUnit.GENERIC) {
                    throw invalid(s);
                }
                mult = Long.parseLong(m.group(4));
                if (mult < 1) {
                    throw invalid(s);
                }
            }
        }
        Endianness e = order == '<' ? Endianness.LITTLE : order == '>' ? Endianness.BIG : Endianness.nativeOrder();
        return new ScalarType(base.code, e, base.itemSize, unit, mult);
    }

    /**
     * A descr string as {@code np.dtype(str)} reads it in a header: scalar type strings, plus NumPy's comma
     * strings ({@code 'i4,f8'} is a struct with fields f0, f1) and shape prefixes ({@code '(2,)i4'}).
     */
    static DType parseDescrString(String s, DescrReader.FieldBudget budget) {
        return CommaString.applies(s) ? CommaString.parse(s, budget) : parse(s);
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("data type " + Excerpt.of(new PyValue.Str(s).repr())
                + " not understood");
    }

    /** The descr text. */
    @Override
    public String toString() {
        return typeString();
    }
}
