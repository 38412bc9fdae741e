package io.npy4j.cli;

import io.npy4j.NpyArray;
import io.npy4j.dtype.JavaType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.TypeCode;
import java.io.IOException;
import java.io.Writer;

/**
 * Text output of a 0-d, 1-D or 2-D numeric view: one row per line, values separated by commas (1-D: one value per
 * line, as {@code np.savetxt}). Floats print in Java's shortest round-trip form, complex as {@code re+imj}, bool as
 * True/False, unsigned integers unsigned. Reads in bounded blocks.
 */
final class CsvWriter {
    private static final int BLOCK = 8192;

    private CsvWriter() {
    }

    static void check(NpyArray view) {
        if (!(view.dtype() instanceof ScalarType)) {
            throw new IllegalArgumentException("--format csv needs a numeric or bool dtype, not "
                    + view.dtype().descr());
        }
        ScalarType t = (ScalarType) view.dtype();
        // the numeric types are those with a Java array (the dtype model's table), less datetimes
        if (JavaType.nativeFor(t) == null || t.code() == TypeCode.DATETIME || t.code() == TypeCode.TIMEDELTA) {
            throw new IllegalArgumentException("--format csv needs a numeric or bool dtype, not "
                    + view.dtype().descr() + " (" + view.dtype().readable() + ")");
        }
        if (view.shape().rank() > 2) {
            throw new IllegalArgumentException("--format csv needs a 0-d, 1-D or 2-D result, not shape "
                    + view.shape());
        }
    }

    static void write(NpyArray view, Writer out) throws IOException {
        check(view);
        ScalarType t = (ScalarType) view.dtype();
        long cols = view.shape().rank() == 2 ? view.shape().dim(1) : 1;
        long n = view.size();
        for (long k = 0; k < n; ) {
            int len = (int) Math.min(BLOCK, n - k);
            String[] text = format(view, t, k, len);
            for (int i = 0; i < len; i++) {
                long idx = k + i;
                out.write(text[i]);
                out.write(cols > 0 && (idx + 1) % cols == 0 ? "\n" : ",");
            }
            k += len;
        }
        out.flush();
    }

    private static String[] format(NpyArray v, ScalarType t, long first, int len) {
        String[] s = new String[len];
        boolean unsigned = t.code() == TypeCode.UINT;
        switch (t.code()) {
            case BOOL: {
                boolean[] a = new boolean[len];
                v.read(first, a, 0, len);
                for (int i = 0; i < len; i++) {
                    s[i] = a[i] ? "True" : "False";
                }
                return s;
            }
            case FLOAT:
                if (t.itemSize() == 8) {
                    double[] a = new double[len];
                    v.read(first, a, 0, len);
                    for (int i = 0; i < len; i++) {
                        s[i] = Double.toString(a[i]);
                    }
                } else {
                    float[] a = new float[len];
                    v.read(first, a, 0, len);
                    for (int i = 0; i < len; i++) {
                        s[i] = Float.toString(a[i]);
                    }
                }
                return s;
            case COMPLEX:
                if (t.itemSize() == 16) {
                    double[] a = new double[2 * len];
                    v.read(first, a, 0, len);
                    for (int i = 0; i < len; i++) {
                        s[i] = complex(Double.toString(a[2 * i]), a[2 * i + 1]);
                    }
                } else {
                    float[] a = new float[2 * len];
                    v.read(first, a, 0, len);
                    for (int i = 0; i < len; i++) {
                        s[i] = complex(Float.toString(a[2 * i]), a[2 * i + 1]);
                    }
                }
                return s;
            default: // INT, UINT
                switch ((int) t.itemSize()) {
                    case 1: {
                        byte[] a = new byte[len];
                        v.read(first, a, 0, len);
                        for (int i = 0; i < len; i++) {
                            s[i] = Long.toString(unsigned ? a[i] & 0xffL : a[i]);
                        }
                        return s;
                    }
                    case 2: {
                        short[] a = new short[len];
                        v.read(first, a, 0, len);
                        for (int i = 0; i < len; i++) {
                            s[i] = Long.toString(unsigned ? a[i] & 0xffffL : a[i]);
                        }
                        return s;
                    }
                    case 4: {
                        int[] a = new int[len];
                        v.read(first, a, 0, len);
                        for (int i = 0; i < len; i++) {
                            s[i] = Long.toString(unsigned ? a[i] & 0xffffffffL : a[i]);
                        }
                        return s;
                    }
                    default: {
                        long[] a = new long[len];
                        v.read(first, a, 0, len);
                        for (int i = 0; i < len; i++) {
                            s[i] = unsigned ? Long.toUnsignedString(a[i]) : Long.toString(a[i]);
                        }
                        return s;
                    }
                }
        }
    }

    /** {@code re+imj} / {@code re-imj}, readable by Python's complex(): the sign of -0.0 goes in front. */
    private static String complex(String re, double im) {
        boolean negative = !Double.isNaN(im) && (Double.doubleToRawLongBits(im) < 0);
        String mag = Double.toString(Math.abs(im));
        return re + (negative ? "-" : "+") + (mag.equals("Infinity") ? "inf" : mag.equals("NaN") ? "nan" : mag)
                + "j";
    }
}
