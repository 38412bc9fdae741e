package io.npy4j.cli;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * NumPy's float-to-text in {@code unique} mode ({@code np.format_float_positional/scientific}): the shortest decimal
 * that reads back as the same value of its own width (binary16, 32 or 64), the closest such, then, when a
 * precision is given and the shortest form has more digits, the exact value rounded half-to-even at that digit.
 */
final class Dragon4 {
    private Dragon4() {
    }

    /** Mantissa bits and minimum exponent of binary16/32/64. */
    private static int mantBits(int bytes) {
        return bytes == 2 ? 10 : bytes == 4 ? 23 : 52;
    }

    private static int minExp(int bytes) {
        return bytes == 2 ? -14 : bytes == 4 ? -126 : -1022;
    }

    /** The shortest round-trip decimal of |v| (finite), v exactly a value of the given width. */
    static BigDecimal shortest(double v, int bytes) {
        v = Math.abs(v);
        if (v == 0) {
            return BigDecimal.ZERO;
        }
        int p = mantBits(bytes);
        int e = Math.max(Math.getExponent(v), minExp(bytes));
        BigDecimal exact = new BigDecimal(v);
        double ulp = Math.scalb(1.0, e - p);
        boolean pow2 = v == Math.scalb(1.0, Math.getExponent(v)) && e > minExp(bytes);
        BigDecimal half = new BigDecimal(ulp).divide(BigDecimal.valueOf(2));
        BigDecimal hi = exact.add(half);
        BigDecimal lo = exact.subtract(pow2 ? half.divide(BigDecimal.valueOf(2)) : half);
        boolean even = ((long) Math.scalb(v, p - e) & 1) == 0;
        for (int n = 1; n <= 40; n++) {
            BigDecimal c = exact.round(new MathContext(n, RoundingMode.HALF_EVEN));
            if (inside(c, lo, hi, even)) {
                return c.stripTrailingZeros();
            }
            BigDecimal step = BigDecimal.ONE.scaleByPowerOfTen(-c.scale());
            BigDecimal best = null;
            for (BigDecimal d : new BigDecimal[] {c.subtract(step), c.add(step)}) {
                if (d.signum() > 0 && inside(d, lo, hi, even) && (best == null
                        || d.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                    best = d;
                }
            }
            if (best != null) {
                return best.stripTrailingZeros();
            }
        }
        return exact.stripTrailingZeros();
    }

    private static boolean inside(BigDecimal c, BigDecimal lo, BigDecimal hi, boolean inclusive) {
        int a = c.compareTo(lo);
        int b = c.compareTo(hi);
        return inclusive ? a >= 0 && b <= 0 : a > 0 && b < 0;
    }

    /** |v| in unique mode with at most {@code precision} fraction digits (negative: no limit). */
    static BigDecimal positional(double v, int bytes, int precision) {
        BigDecimal s = shortest(v, bytes);
        if (precision >= 0 && s.scale() > precision) {
            s = new BigDecimal(Math.abs(v)).setScale(precision, RoundingMode.HALF_EVEN).stripTrailingZeros();
        }
        return s;
    }

    /** |v| in unique mode with at most {@code precision} digits after the first (negative: no limit). */
    static BigDecimal scientific(double v, int bytes, int precision) {
        BigDecimal s = shortest(v, bytes);
        if (precision >= 0 && s.signum() != 0 && s.precision() > precision + 1) {
            s = new BigDecimal(Math.abs(v)).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN))
                    .stripTrailingZeros();
        }
        return s;
    }

    /** Integer and fraction digits of a non-negative decimal ("0" and "" for zero). */
    static String[] split(BigDecimal d) {
        if (d.signum() == 0) {
            return new String[] {"0", ""};
        }
        String plain = d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString();
        int dot = plain.indexOf('.');
        return dot < 0 ? new String[] {plain, ""} : new String[] {plain.substring(0, dot), plain.substring(dot + 1)};
    }

    /** Mantissa digits (first, rest) and the decimal exponent of a non-negative decimal. */
    static Object[] sci(BigDecimal d) {
        if (d.signum() == 0) {
            return new Object[] {"0", "", 0};
        }
        String u = d.unscaledValue().toString();
        int exp = u.length() - 1 - d.scale();
        String rest = u.substring(1).replaceAll("0+$", "");
        return new Object[] {u.substring(0, 1), rest, exp};
    }
}
