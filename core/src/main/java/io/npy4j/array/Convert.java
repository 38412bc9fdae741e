package io.npy4j.array;

import io.npy4j.dtype.Casting;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.TypeCode;

/**
 * Element-wise value conversion between two numeric dtypes, each held in its native Java array (the table of
 * {@link io.npy4j.dtype.JavaType}; {@code boolean[]} also holds bool). Values go through one of three domains: a
 * {@code long} (bool, integers; uint64 as unsigned bits), a {@code double} (floats) or a pair (complex).
 */
final class Convert {
    private Convert() {
    }

    /**
     * Converts {@code n} elements of {@code from} at {@code src[srcOff..]} into elements of {@code to} at
     * {@code dst[dstOff..]} (complex: two values per element on either side).
     *
     * @param firstIndex flat index of the first element, for error messages
     * @throws ArithmeticException under {@link Casting#UNSAFE} for a NaN, infinite or out-of-range float that
     *     goes to an integer
     */
    static void convert(ScalarType from, Object src, int srcOff, ScalarType to, Object dst, int dstOff, int n,
            long firstIndex) {
        boolean fromComplex = from.code() == TypeCode.COMPLEX;
        boolean toComplex = to.code() == TypeCode.COMPLEX;
        if (fromComplex || from.code() == TypeCode.FLOAT) {
            int per = fromComplex ? 2 : 1;
            for (int i = 0; i < n; i++) {
                double re = real(src, srcOff + i * per);
                if (toComplex) {
                    putDouble(dst, dstOff + 2 * i, re);
                    putDouble(dst, dstOff + 2 * i + 1, fromComplex ? real(src, srcOff + 2 * i + 1) : 0);
                } else if (fromComplex && to.code() == TypeCode.BOOL) { // non-zero if either part is, as NumPy
                    putLong(to, dst, dstOff + i, re != 0 || real(src, srcOff + 2 * i + 1) != 0 ? 1 : 0);
                } else {
                    putFromDouble(to, dst, dstOff + i, re, firstIndex + i);
                }
            }
            return;
        }
        boolean unsigned64 = from.code() == TypeCode.UINT && from.itemSize() == 8;
        for (int i = 0; i < n; i++) {
            long v = integer(from, src, srcOff + i);
            if (toComplex) {
                putIntegerAsFloat(dst, dstOff + 2 * i, v, unsigned64);
                putDouble(dst, dstOff + 2 * i + 1, 0);
            } else if (to.code() == TypeCode.FLOAT) {
                putIntegerAsFloat(dst, dstOff + i, v, unsigned64);
            } else {
                putLong(to, dst, dstOff + i, v);
            }
        }
    }

    /** The value of a float element held as double, float or float16 bits. */
    private static double real(Object a, int i) {
        if (a instanceof double[] d) {
            return d[i];
        }
        if (a instanceof float[] f) {
            return f[i];
        }
        return Half.toFloat(((short[]) a)[i]);
    }

    /** The value of a bool or integer element; uint64 comes back as its bits. */
    private static long integer(ScalarType t, Object a, int i) {
        boolean unsigned = t.code() == TypeCode.UINT;
        if (a instanceof boolean[] z) {
            return z[i] ? 1 : 0;
        }
        if (a instanceof byte[] b) {
            return t.code() == TypeCode.BOOL ? (b[i] != 0 ? 1 : 0) : unsigned ? b[i] & 0xffL : b[i];
        }
        if (a instanceof short[] s) {
            return unsigned ? s[i] & 0xffffL : s[i];
        }
        if (a instanceof int[] x) {
            return unsigned ? x[i] & 0xffffffffL : x[i];
        }
        return ((long[]) a)[i];
    }

    /** uint64 bits to the nearest double (round half to even, as a C cast). */
    static double unsignedToDouble(long v) {
        if (v >= 0) {
            return v;
        }
        return ((v >>> 1) | (v & 1)) * 2.0;
    }

    /** An integer rounded once to the float type of {@code a} (via double, an int64 into float32 rounds twice). */
    private static void putIntegerAsFloat(Object a, int i, long v, boolean unsigned64) {
        if (a instanceof float[] f) {
            f[i] = !unsigned64 || v >= 0 ? (float) v : ((v >>> 1) | (v & 1)) * 2.0f;
        } else {
            putDouble(a, i, unsigned64 ? unsignedToDouble(v) : v);
        }
    }

    private static void putDouble(Object a, int i, double v) {
        if (a instanceof double[] d) {
            d[i] = v;
        } else if (a instanceof float[] f) {
            f[i] = (float) v;
        } else {
            ((short[]) a)[i] = Half.fromDouble(v);
        }
    }

    /** Stores a bool or integer value, wrapping to the width of {@code to} as C does. */
    private static void putLong(ScalarType to, Object a, int i, long v) {
        if (a instanceof boolean[] z) {
            z[i] = v != 0;
        } else if (a instanceof byte[] b) {
            b[i] = to.code() == TypeCode.BOOL ? (byte) (v != 0 ? 1 : 0) : (byte) v;
        } else if (a instanceof short[] s) {
            s[i] = (short) v;
        } else if (a instanceof int[] x) {
            x[i] = (int) v;
        } else {
            ((long[]) a)[i] = v;
        }
    }

    private static void putFromDouble(ScalarType to, Object a, int i, double v, long index) {
        switch (to.code()) {
            case FLOAT:
                putDouble(a, i, v);
                return;
            case BOOL:
                putLong(to, a, i, v != 0 ? 1 : 0); // NaN is true, as NumPy
                return;
            default:
                putLong(to, a, i, toInteger(to, v, index));
        }
    }

    /** Truncates toward zero; refuses values the integer type cannot hold. */
    private static long toInteger(ScalarType to, double v, long index) {
        int bits = (int) to.itemSize() * 8;
        boolean unsigned = to.code() == TypeCode.UINT;
        double t = v < 0 ? Math.ceil(v) : Math.floor(v);
        double lo = unsigned ? 0 : -Math.scalb(1.0, bits - 1);
        double hi = unsigned ? Math.scalb(1.0, bits) : Math.scalb(1.0, bits - 1); // exclusive
        if (!(t >= lo && t < hi)) {
            throw new ArithmeticException("element " + index + " is " + v + ", which " + to.typeString()
                    + " cannot hold: NumPy's unsafe cast gives an undefined value here");
        }
        if (unsigned && bits == 64 && t >= 0x1p63) {
            return (long) (t - 0x1p63) ^ Long.MIN_VALUE;
        }
        return (long) t;
    }
}
