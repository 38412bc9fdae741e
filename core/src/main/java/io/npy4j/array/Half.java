package io.npy4j.array;

/** IEEE 754 binary16 conversions (Java 17 has no {@code Float.float16ToFloat}). */
public final class Half {
    private Half() {
    }

    public static float toFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) { // inf or NaN, keeping the payload
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float f = mant * 0x1p-24f; // subnormal: exact in float
            return sign != 0 ? -f : f;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /**
     * Round to nearest even in one rounding, as NumPy's {@code npy_double_to_half} (rounding to float first would
     * round twice: 1 + 2^-11 + 2^-30 would become 1). The float step rounds to odd, which the second rounding
     * cannot mistake for a tie.
     */
    public static short fromDouble(double d) {
        float f = (float) d;
        if (Float.isFinite(f) && f != d) {
            int bits = Float.floatToRawIntBits(f);
            if (Math.abs((double) f) > Math.abs(d)) {
                bits--; // the neighbour toward zero
            }
            f = Float.intBitsToFloat(bits | 1);
        }
        return fromFloat(f);
    }

    /** Round to nearest even, as NumPy's {@code npy_float_to_half}. */
    public static short fromFloat(float f) {
        int x = Float.floatToRawIntBits(f);
        int sign = (x >>> 16) & 0x8000;
        int exp = (x >>> 23) & 0xff;
        int mant = x & 0x7fffff;
        if (exp == 0xff) {
            if (mant == 0) {
                return (short) (sign | 0x7c00);
            }
            int m = mant >>> 13;
            return (short) (sign | 0x7c00 | (m == 0 ? 0x200 : m)); // keep NaN a NaN
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00); // overflow to infinity
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign; // underflow to signed zero
            }
            int m = mant | 0x800000; // subnormal half: shift the implicit bit in
            int shift = 14 - e;
            int half = m >>> shift;
            int rem = m & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into the exponent, and up to infinity: both correct
        }
        return (short) (sign | half);
    }
}
