package io.npy4j.dtype;

/**
 * The Java primitive arrays that typed reads and writes use, and the one table of which dtype moves into which
 * array as bits and which by conversion.
 *
 * <p>Each Java type stands for its canonical dtype ({@link #dtype()}): {@code double[]} is float64, {@code int[]} is
 * int32, {@code boolean[]} is bool. A dtype's {@link #nativeFor native} Java type receives its bits unchanged (only the
 * byte order is converted): this is how unsigned integers, float16 bits and datetime counts are read. Any other pair
 * converts values, under a {@link Casting} rule between the dtype and the Java type's canonical dtype.
 *
 * <table>
 * <caption>native Java type of each dtype</caption>
 * <tr><th>dtype</th><th>native array</th></tr>
 * <tr><td>f8; c16</td><td>{@code double[]}; two values (real, imaginary) per element</td></tr>
 * <tr><td>f4; c8</td><td>{@code float[]}; two values per element</td></tr>
 * <tr><td>i8 u8 M8 m8</td><td>{@code long[]}</td></tr>
 * <tr><td>i4 u4</td><td>{@code int[]}</td></tr>
 * <tr><td>i2 u2, f2 (raw bits)</td><td>{@code short[]}</td></tr>
 * <tr><td>i1 u1 b1</td><td>{@code byte[]}</td></tr>
 * <tr><td>S U V, long double, structs</td><td>none: raw bytes, strings or fields</td></tr>
 * </table>
 */
public enum JavaType {
    BOOLEAN(ScalarType.BOOL, boolean[].class),
    BYTE(ScalarType.INT8, byte[].class),
    SHORT(ScalarType.INT16, short[].class),
    INT(ScalarType.INT32, int[].class),
    LONG(ScalarType.INT64, long[].class),
    FLOAT(ScalarType.FLOAT32, float[].class),
    DOUBLE(ScalarType.FLOAT64, double[].class);

    private final ScalarType dtype;
    private final Class<?> arrayClass;

    JavaType(ScalarType dtype, Class<?> arrayClass) {
        this.dtype = dtype;
        this.arrayClass = arrayClass;
    }

    /** The dtype this Java type stands for in casting rules (little-endian). */
    public ScalarType dtype() {
        return dtype;
    }

    /** {@code double[].class} and so on. */
    public Class<?> arrayClass() {
        return arrayClass;
    }

    /** The type name as Java spells the array: {@code double[]}. */
    public String arrayName() {
        return arrayClass.getSimpleName();
    }

    /**
     * The Java type of a primitive array.
     *
     * @throws IllegalArgumentException if {@code array} is not a one-dimensional primitive array of a type above
     */
    public static JavaType ofArray(Object array) {
        for (JavaType t : values()) {
            if (t.arrayClass.isInstance(array)) {
                return t;
            }
        }
        throw new IllegalArgumentException("not a boolean[], byte[], short[], int[], long[], float[] or double[]: "
                + (array == null ? "null" : array.getClass().getTypeName()));
    }

    /** The Java type that receives the dtype's bits unchanged, or null when it has none (see the class table). */
    public static JavaType nativeFor(ScalarType t) {
        if (t.isLongDouble()) {
            return null;
        }
        switch (t.code()) {
            case BOOL:
                return BYTE;
            case INT:
            case UINT:
                return t.itemSize() == 1 ? BYTE : t.itemSize() == 2 ? SHORT : t.itemSize() == 4 ? INT : LONG;
            case FLOAT:
                return t.itemSize() == 8 ? DOUBLE : t.itemSize() == 4 ? FLOAT : SHORT;
            case COMPLEX:
                return t.itemSize() == 16 ? DOUBLE : FLOAT;
            case DATETIME:
            case TIMEDELTA:
                return LONG;
            default:
                return null;
        }
    }

    /** Java values per element of {@code t} in its native array: 2 for complex, else 1. */
    public static int valuesPerElement(ScalarType t) {
        return t.code() == TypeCode.COMPLEX ? 2 : 1;
    }

    /**
     * Whether elements of {@code t} may be read into this Java type's array: bits of the native type, or values
     * converted under {@code casting} (complex into {@code float[]}/{@code double[]} as pairs).
     */
    public boolean canRead(ScalarType t, Casting casting) {
        if (this == nativeFor(t)) {
            return true;
        }
        return casting.allows(t, target(t));
    }

    /** Whether this Java type's values may be written into elements of {@code t}. */
    public boolean canWrite(ScalarType t, Casting casting) {
        if (this == nativeFor(t)) {
            return true;
        }
        ScalarType target = target(t);
        return target.code() == TypeCode.COMPLEX ? casting.allows(target, t) : casting.allows(dtype, t);
    }

    /**
     * The dtype a conversion between {@code t} and this Java type goes through: this type's dtype, or for complex
     * {@code t} and a float array the complex type of the array's float width (values move as pairs).
     */
    public ScalarType target(ScalarType t) {
        if (t.code() == TypeCode.COMPLEX && (this == DOUBLE || this == FLOAT)) {
            return ScalarType.of(TypeCode.COMPLEX, Endianness.LITTLE, 2 * dtype.itemSize());
        }
        return dtype;
    }

    /** What to use instead, for an error message: "use double[]", "use readRaw". */
    public static String suggestion(ScalarType t) {
        JavaType n = nativeFor(t);
        switch (t.code()) {
            case BYTES:
            case UNICODE:
                return "use getString/asStrings or readRaw";
            case DATETIME:
                return "use long[] (counts of " + (t.unit() == DateUnit.GENERIC ? "generic units" : t.unit().symbol())
                        + ") or getInstant/asInstants";
            case COMPLEX:
                return n == null ? "use readRaw" : "use " + n.arrayName() + " (pairs) or getComplex";
            case FLOAT:
                return n == null ? "use readRaw" : t.itemSize() == 2 ? "use float[] (converted) or short[] (bits)"
                        : "use " + n.arrayName();
            case BOOL:
                return "use boolean[] or byte[]";
            default:
                return n == null ? "use readRaw" : "use " + n.arrayName();
        }
    }
}
