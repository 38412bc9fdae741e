package io.npy4j.dtype;

/**
 * Which value conversions a typed read, write or {@code astype} may make, with NumPy's meaning of the names
 * ({@code np.can_cast(from, to, casting)}): the rule depends on the two types only, never on the values.
 *
 * <p>Only numeric scalars (bool, int, uint, float, complex; not the platform long double) convert. Any other type
 * converts only to itself, in either byte order.
 */
public enum Casting {
    /** Only conversions that keep every value: {@code int16 -> float32}, {@code uint8 -> int16}, {@code bool -> *}. */
    SAFE,
    /** Safe conversions, or conversions within a kind and towards a wider kind (bool, uint, int, float, complex). */
    SAME_KIND,
    /**
     * Any numeric conversion: integers wrap as in C (and NumPy), floats truncate toward zero, complex drops the
     * imaginary part, non-zero is true. A NaN, infinite or out-of-range float cast to an integer is refused with an
     * {@link ArithmeticException} naming the element (NumPy returns an undefined value there, with a warning).
     */
    UNSAFE;

    /** Whether {@code from} may be converted to {@code to} under this rule (byte order never matters). */
    public boolean allows(ScalarType from, ScalarType to) {
        if (from.withEndianness(Endianness.LITTLE).equals(to.withEndianness(Endianness.LITTLE))) {
            return !from.hasObjects();
        }
        int a = rank(from);
        int b = rank(to);
        if (a < 0 || b < 0) {
            return false;
        }
        switch (this) {
            case UNSAFE:
                return true;
            case SAME_KIND:
                return b >= a || safe(from, to);
            default:
                return safe(from, to);
        }
    }

    /** NumPy's {@code can_cast(from, to, 'safe')} for numeric scalars. */
    private static boolean safe(ScalarType from, ScalarType to) {
        long n = from.itemSize();
        long m = to.itemSize();
        TypeCode f = from.code();
        TypeCode t = to.code();
        if (f == TypeCode.BOOL) {
            return true;
        }
        switch (t) {
            case BOOL:
                return false;
            case UINT:
                return f == TypeCode.UINT && m >= n;
            case INT:
                return (f == TypeCode.INT && m >= n) || (f == TypeCode.UINT && m > n);
            case FLOAT:
                return f == TypeCode.FLOAT ? m >= n : f != TypeCode.COMPLEX && m >= floatFor(n);
            case COMPLEX:
                return f == TypeCode.COMPLEX ? m >= n : f == TypeCode.FLOAT ? m >= 2 * n : m >= 2 * floatFor(n);
            default:
                return false;
        }
    }

    /** The smallest float that holds every integer of {@code n} bytes as NumPy counts it (int64 -> float64). */
    private static long floatFor(long n) {
        return n == 1 ? 2 : n == 2 ? 4 : 8;
    }

    /** Kind order for same-kind casting; -1 for types that never convert. */
    private static int rank(ScalarType t) {
        if (t.isLongDouble()) {
            return -1;
        }
        switch (t.code()) {
            case BOOL:
                return 0;
            case UINT:
                return 1;
            case INT:
                return 2;
            case FLOAT:
                return 3;
            case COMPLEX:
                return 4;
            default:
                return -1;
        }
    }
}
