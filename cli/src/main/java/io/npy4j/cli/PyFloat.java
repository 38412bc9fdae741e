package io.npy4j.cli;

import java.math.BigDecimal;

/** Python's {@code repr(float)}: the shortest round-trip digits, scientific below 1e-4 and from 1e16. */
final class PyFloat {
    private PyFloat() {
    }

    static String repr(double v) {
        if (v != v) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String sign = Double.doubleToRawLongBits(v) < 0 ? "-" : "";
        if (v == 0) {
            return sign + "0.0";
        }
        BigDecimal d = Dragon4.shortest(v, 8);
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale();
        if (exp < -4 || exp >= 16) {
            String m = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + m + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        String[] s = Dragon4.split(d);
        return sign + s[0] + "." + (s[1].isEmpty() ? "0" : s[1]);
    }
}
