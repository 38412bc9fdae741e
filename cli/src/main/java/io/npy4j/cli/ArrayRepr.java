package io.npy4j.cli;

import io.npy4j.NpyArray;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.DateUnit;
import io.npy4j.dtype.Endianness;
import io.npy4j.dtype.Field;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.dtype.StructType;
import io.npy4j.dtype.SubarrayType;
import io.npy4j.dtype.TypeCode;
import io.npy4j.literal.PyValue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * NumPy 2.x's {@code repr(a)} ({@code numpy/_core/arrayprint.py} with the default print options and
 * {@code floatmode='maxprec'}): {@code array([...], dtype=...)}, elements formatted per array as NumPy's
 * {@code IntegerFormat}, {@code FloatingFormat} (Dragon4 unique digits, common padding, scientific when the
 * magnitudes call for it), {@code ComplexFloatingFormat}, {@code BoolFormat}, string reprs, datetimes and
 * timedeltas, {@code StructuredVoidFormat} and {@code SubArrayFormat}; arrays of more than {@code threshold}
 * elements summarised to {@code edgeitems} per axis with {@code ...}; lines wrapped at {@code linewidth}.
 * Only the elements shown are read. Long doubles, object and void dtypes are not supported.
 */
final class ArrayRepr {
    /** Print options: NumPy's defaults are precision 8, threshold 1000, edgeitems 3, linewidth 75. */
    record Options(int precision, long threshold, int edgeItems, int lineWidth) {
        static Options defaults() {
            return new Options(8, 1000, 3, 75);
        }
    }

    /** Formats the k-th element of the index list a formatter was built on. */
    interface ElemFormat {
        String format(int k);
    }

    private final Options o;

    private ArrayRepr(Options o) {
        this.o = o;
    }

    /** {@code repr(a)}. */
    static String repr(NpyArray a, Options o) {
        return new ArrayRepr(o).render(a);
    }

    /** One element as repr prints it inside an array (no padding): {@code 'ab'}, {@code (1, 2.5)}. */
    static String element(NpyArray a, long flat) {
        return new ArrayRepr(Options.defaults()).build(a, new long[] {flat}, false).format(0).strip();
    }

    private String render(NpyArray a) {
        Shape shape = a.shape();
        int rank = shape.rank();
        long size = shape.size();
        boolean summary = size > o.threshold();
        if (!summary && size > 10_000_000) {
            throw new IllegalArgumentException(size + " elements would all be printed (--threshold " + o.threshold()
                    + "); use a smaller --threshold or a SLICE");
        }
        int[] kept = new int[rank];
        boolean[] summarised = new boolean[rank];
        List<long[]> keptIdx = new ArrayList<>();
        for (int ax = 0; ax < rank; ax++) {
            long n = shape.dim(ax);
            long[] ids;
            if (summary && n > 2L * o.edgeItems()) {
                summarised[ax] = true;
                ids = new long[2 * o.edgeItems()];
                for (int i = 0; i < o.edgeItems(); i++) {
                    ids[i] = i;
                    ids[o.edgeItems() + i] = n - o.edgeItems() + i;
                }
            } else {
                ids = new long[Math.toIntExact(n)];
                for (int i = 0; i < n; i++) {
                    ids[i] = i;
                }
            }
            kept[ax] = ids.length;
            keptIdx.add(ids);
        }
        String lst;
        if (size == 0) {
            lst = "[]";
        } else {
            int count = 1;
            for (int k : kept) {
                count = Math.multiplyExact(count, k);
            }
            long[] flat = new long[count];
            int[] pos = new int[rank];
            for (int k = 0; k < count; k++) {
                long f = 0;
                for (int ax = 0; ax < rank; ax++) {
                    f = f * shape.dim(ax) + keptIdx.get(ax)[pos[ax]];
                }
                flat[k] = f;
                for (int ax = rank - 1; ax >= 0; ax--) {
                    if (++pos[ax] < kept[ax]) {
                        break;
                    }
                    pos[ax] = 0;
                }
            }
            ElemFormat fmt = build(a, flat, rank == 0);
            if (rank == 0) {
                lst = fmt.format(0);
            } else {
                int[] strides = new int[rank];
                int st = 1;
                for (int ax = rank - 1; ax >= 0; ax--) {
                    strides[ax] = st;
                    st *= kept[ax];
                }
                String prefix = " " + " ".repeat("array(".length());
                lst = recurse(fmt, kept, summarised, strides, 0, 0, prefix, o.lineWidth() - 1);
            }
        }
        List<String> extras = new ArrayList<>();
        if ((size == 0 && !(rank == 1 && shape.dim(0) == 0)) || size > o.threshold()) {
            extras.add("shape=" + shape);
        }
        if (!implied(a.dtype()) || size == 0) {
            extras.add("dtype=" + shortRepr(a.dtype()));
        }
        if (extras.isEmpty()) {
            return "array(" + lst + ")";
        }
        String arr = "array(" + lst + ",";
        String extra = String.join(", ", extras) + ")";
        int lastLine = arr.length() - (arr.lastIndexOf('\n') + 1);
        String spacer = lastLine + extra.length() + 1 > o.lineWidth() ? "\n" + " ".repeat("array(".length()) : " ";
        return arr + spacer + extra;
    }

    private String recurse(ElemFormat fmt, int[] kept, boolean[] summarised, int[] strides, int axis, int base,
            String hanging, int currWidth) {
        int rank = kept.length;
        if (axis == rank) {
            return fmt.format(base);
        }
        String nextHanging = hanging + " ";
        int nextWidth = currWidth - 1;
        int n = kept[axis];
        boolean sum = summarised[axis];
        int lead = sum ? o.edgeItems() : 0;
        int trail = sum ? o.edgeItems() : n;
        StringBuilder s = new StringBuilder();
        if (axis == rank - 1) {
            int elemWidth = currWidth - 1;
            StringBuilder line = new StringBuilder(hanging);
            for (int i = 0; i < lead; i++) {
                extend(s, line, recurse(fmt, kept, summarised, strides, axis + 1, base + i * strides[axis],
                        nextHanging, nextWidth), elemWidth, hanging);
                line.append(", ");
            }
            if (sum) {
                extend(s, line, "...", elemWidth, hanging);
                line.append(", ");
            }
            for (int i = trail; i > 1; i--) {
                extend(s, line, recurse(fmt, kept, summarised, strides, axis + 1, base + (n - i) * strides[axis],
                        nextHanging, nextWidth), elemWidth, hanging);
                line.append(", ");
            }
            extend(s, line, recurse(fmt, kept, summarised, strides, axis + 1, base + (n - 1) * strides[axis],
                    nextHanging, nextWidth), elemWidth, hanging);
            s.append(line);
        } else {
            String lineSep = "," + "\n".repeat(rank - axis - 1);
            for (int i = 0; i < lead; i++) {
                s.append(hanging).append(recurse(fmt, kept, summarised, strides, axis + 1,
                        base + i * strides[axis], nextHanging, nextWidth)).append(lineSep);
            }
            if (sum) {
                s.append(hanging).append("...").append(lineSep);
            }
            for (int i = trail; i > 1; i--) {
                s.append(hanging).append(recurse(fmt, kept, summarised, strides, axis + 1,
                        base + (n - i) * strides[axis], nextHanging, nextWidth)).append(lineSep);
            }
            s.append(hanging).append(recurse(fmt, kept, summarised, strides, axis + 1,
                    base + (n - 1) * strides[axis], nextHanging, nextWidth));
        }
        return "[" + s.substring(hanging.length()) + "]";
    }

    /** NumPy's {@code _extendLine}: wrap before {@code word} if it would pass the width, unless that cannot help. */
    private static void extend(StringBuilder s, StringBuilder line, String word, int width, String hanging) {
        boolean wrap = line.length() + word.length() > width && line.length() > hanging.length();
        if (wrap) {
            s.append(line.toString().stripTrailing()).append('\n');
            line.setLength(0);
            line.append(hanging);
        }
        line.append(word);
    }

    // --- element formats ----------------------------------------------------------------------------------------

    /** The format function NumPy picks for {@code a}'s dtype, fitted to the elements at flat indices {@code idx}. */
    ElemFormat build(NpyArray a, long[] idx, boolean zeroD) {
        DType dt = a.dtype();
        if (dt instanceof StructType st) {
            List<ElemFormat> fields = new ArrayList<>();
            for (Field f : st.fields()) {
                NpyArray fa = a.field(f.name());
                if (f.type() instanceof SubarrayType sub) {
                    fields.add(subarray(fa, idx, sub));
                } else {
                    fields.add(build(fa, idx, zeroD));
                }
            }
            return k -> {
                StringBuilder sb = new StringBuilder("(");
                for (int i = 0; i < fields.size(); i++) {
                    sb.append(i > 0 ? ", " : "").append(fields.get(i).format(k));
                }
                return sb.append(fields.size() == 1 ? ",)" : ")").toString();
            };
        }
        if (!(dt instanceof ScalarType t)) {
            throw new IllegalArgumentException("cannot show dtype " + dt.descr());
        }
        int n = idx.length;
        switch (t.code()) {
            case BOOL: {
                boolean[] v = new boolean[n];
                boolean[] one = new boolean[1];
                for (int k = 0; k < n; k++) {
                    a.read(idx[k], one, 0, 1);
                    v[k] = one[0];
                }
                String trueStr = zeroD ? "True" : " True";
                return k -> v[k] ? trueStr : "False";
            }
            case INT:
            case UINT: {
                long[] v = longs(a, idx);
                return ints(v, t.code() == TypeCode.UINT && t.itemSize() == 8);
            }
            case FLOAT: {
                if (t.itemSize() > 8) {
                    throw new IllegalArgumentException("cannot show long double values (" + t.typeString() + ")");
                }
                double[] v = doubles(a, idx, (int) t.itemSize(), false);
                FloatFormat f = new FloatFormat(v, (int) t.itemSize(), o.precision(), false);
                return k -> f.format(v[k]);
            }
            case COMPLEX: {
                if (t.itemSize() > 16) {
                    throw new IllegalArgumentException("cannot show long double values (" + t.typeString() + ")");
                }
                int half = (int) t.itemSize() / 2;
                double[] pairs = doubles(a, idx, half, true);
                double[] re = new double[n];
                double[] im = new double[n];
                for (int k = 0; k < n; k++) {
                    re[k] = pairs[2 * k];
                    im[k] = pairs[2 * k + 1];
                }
                FloatFormat fr = new FloatFormat(re, half, o.precision(), false);
                FloatFormat fi = new FloatFormat(im, half, o.precision(), true);
                return k -> {
                    String r = fr.format(re[k]);
                    String i = fi.format(im[k]);
                    int sp = i.stripTrailing().length();
                    return r + i.substring(0, sp) + "j" + i.substring(sp);
                };
            }
            case BYTES:
            case UNICODE: {
                String[] v = new String[n];
                for (int k = 0; k < n; k++) {
                    String s = a.getString(unravel(idx[k], a.shape()));
                    v[k] = t.code() == TypeCode.BYTES ? new PyValue.Bytes(s).repr() : new PyValue.Str(s).repr();
                }
                return k -> v[k];
            }
            case DATETIME:
            case TIMEDELTA: {
                long[] v = longs(a, idx);
                boolean dt64 = t.code() == TypeCode.DATETIME;
                long max = Long.MIN_VALUE;
                long min = Long.MAX_VALUE;
                boolean nat = false;
                for (long x : v) {
                    if (x == Long.MIN_VALUE) {
                        nat = true;
                    } else {
                        max = Math.max(max, x);
                        min = Math.min(min, x);
                    }
                }
                int width = 0;
                if (max != Long.MIN_VALUE) {
                    width = Math.max(time(max, t, dt64).length(), time(min, t, dt64).length());
                }
                if (nat) {
                    width = Math.max(width, 5);
                }
                int w = width;
                return k -> pad(v[k] == Long.MIN_VALUE ? "'NaT'" : time(v[k], t, dt64), w);
            }
            default:
                throw new IllegalArgumentException("cannot show dtype " + t.typeString());
        }
    }

    private ElemFormat subarray(NpyArray fa, long[] idx, SubarrayType sub) {
        long subSize = sub.shape().size();
        int s = Math.toIntExact(subSize);
        long[] inner = new long[Math.multiplyExact(idx.length, s)];
        for (int k = 0; k < idx.length; k++) {
            for (int j = 0; j < s; j++) {
                inner[k * s + j] = idx[k] * subSize + j;
            }
        }
        ElemFormat f = build(fa, inner, false);
        Shape shape = sub.shape();
        boolean summary = subSize > o.threshold();
        return k -> nested(f, shape, 0, k * s, s, summary);
    }

    /** NumPy's {@code SubArrayFormat.format_array}: one line, {@code ", "} between items. */
    private String nested(ElemFormat f, Shape shape, int axis, int base, int span, boolean summary) {
        if (axis == shape.rank()) {
            return f.format(base);
        }
        int n = (int) shape.dim(axis);
        int step = n == 0 ? 0 : span / n;
        List<String> items = new ArrayList<>();
        if (summary && n > 2 * o.edgeItems()) {
            for (int i = 0; i < o.edgeItems(); i++) {
                items.add(nested(f, shape, axis + 1, base + i * step, step, summary));
            }
            items.add("...");
            for (int i = n - o.edgeItems(); i < n; i++) {
                items.add(nested(f, shape, axis + 1, base + i * step, step, summary));
            }
        } else {
            for (int i = 0; i < n; i++) {
                items.add(nested(f, shape, axis + 1, base + i * step, step, summary));
            }
        }
        return "[" + String.join(", ", items) + "]";
    }

    private static long[] longs(NpyArray a, long[] idx) {
        long[] v = new long[idx.length];
        long[] one = new long[1];
        for (int k = 0; k < idx.length; k++) {
            a.read(idx[k], one, 0, 1);
            v[k] = one[0];
        }
        return v;
    }

    /** Values (complex: pairs) of float16/32/64 parts, widened exactly to double. */
    private static double[] doubles(NpyArray a, long[] idx, int bytes, boolean complex) {
        int per = complex ? 2 : 1;
        double[] v = new double[idx.length * per];
        if (bytes == 8) {
            double[] one = new double[per];
            for (int k = 0; k < idx.length; k++) {
                a.read(idx[k], one, 0, 1);
                System.arraycopy(one, 0, v, k * per, per);
            }
        } else {
            float[] one = new float[per];
            for (int k = 0; k < idx.length; k++) {
                a.read(idx[k], one, 0, 1);
                for (int j = 0; j < per; j++) {
                    v[k * per + j] = one[j];
                }
            }
        }
        return v;
    }

    private static ElemFormat ints(long[] v, boolean unsigned64) {
        if (v.length == 0) {
            return k -> "";
        }
        int width = 0;
        if (unsigned64) {
            long max = v[0];
            long min = v[0];
            for (long x : v) {
                max = Long.compareUnsigned(x, max) > 0 ? x : max;
                min = Long.compareUnsigned(x, min) < 0 ? x : min;
            }
            width = Math.max(Long.toUnsignedString(max).length(), Long.toUnsignedString(min).length());
            int w = width;
            return k -> pad(Long.toUnsignedString(v[k]), w);
        }
        long max = v[0];
        long min = v[0];
        for (long x : v) {
            max = Math.max(max, x);
            min = Math.min(min, x);
        }
        width = Math.max(Long.toString(max).length(), Long.toString(min).length());
        int w = width;
        return k -> pad(Long.toString(v[k]), w);
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    static long[] unravel(long flat, Shape shape) {
        long[] index = new long[shape.rank()];
        for (int ax = shape.rank() - 1; ax >= 0; ax--) {
            long d = shape.dim(ax);
            index[ax] = flat % d;
            flat /= d;
        }
        return index;
    }

    // --- datetimes ------------------------------------------------------------------------------------------------

    /** {@code "'2020-01-01T12:00'"} as {@code np.datetime_as_string} in the dtype's unit; a timedelta's count. */
    static String time(long count, ScalarType t, boolean datetime) {
        if (!datetime) {
            return Long.toString(count);
        }
        DateUnit u = t.unit();
        long c = Math.multiplyExact(count, t.unitMultiplier());
        switch (u) {
            case YEAR:
                return "'" + year(1970 + c) + "'";
            case MONTH: {
                long y = 1970 + Math.floorDiv(c, 12);
                return "'" + year(y) + "-" + two(Math.floorMod(c, 12) + 1) + "'";
            }
            case WEEK:
                return "'" + date(Math.multiplyExact(c, 7)) + "'";
            case DAY:
                return "'" + date(c) + "'";
            case GENERIC:
                return "'" + c + "'";
            default:
                break;
        }
        int digits; // fraction digits
        long perSecond;
        switch (u) {
            case HOUR: case MINUTE: case SECOND: digits = 0; perSecond = 1; break;
            case MILLISECOND: digits = 3; perSecond = 1_000L; break;
            case MICROSECOND: digits = 6; perSecond = 1_000_000L; break;
            case NANOSECOND: digits = 9; perSecond = 1_000_000_000L; break;
            case PICOSECOND: digits = 12; perSecond = 1_000_000_000_000L; break;
            case FEMTOSECOND: digits = 15; perSecond = 1_000_000_000_000_000L; break;
            default: digits = 18; perSecond = 1_000_000_000_000_000_000L; break;
        }
        long seconds;
        long frac;
        if (u == DateUnit.HOUR) {
            seconds = Math.multiplyExact(c, 3600);
            frac = 0;
        } else if (u == DateUnit.MINUTE) {
            seconds = Math.multiplyExact(c, 60);
            frac = 0;
        } else {
            seconds = Math.floorDiv(c, perSecond);
            frac = Math.floorMod(c, perSecond);
        }
        long days = Math.floorDiv(seconds, 86400);
        long sod = Math.floorMod(seconds, 86400);
        StringBuilder sb = new StringBuilder("'").append(date(days)).append('T').append(two(sod / 3600));
        if (u != DateUnit.HOUR) {
            sb.append(':').append(two(sod / 60 % 60));
            if (u != DateUnit.MINUTE) {
                sb.append(':').append(two(sod % 60));
                if (digits > 0) {
                    String f = Long.toString(frac);
                    sb.append('.').append("0".repeat(digits - f.length())).append(f);
                }
            }
        }
        return sb.append('\'').toString();
    }

    private static String date(long days) {
        LocalDate d = LocalDate.ofEpochDay(days);
        return year(d.getYear()) + "-" + two(d.getMonthValue()) + "-" + two(d.getDayOfMonth());
    }

    /** As NumPy: {@code %04d}, so -100 is {@code -100} and 12000 is {@code 12000}. */
    private static String year(long y) {
        return String.format("%04d", y);
    }

    private static String pad0(long v, int w) {
        String s = Long.toString(v);
        return s.length() >= w ? s : "0".repeat(w - s.length()) + s;
    }

    private static String two(long v) {
        return pad0(v, 2);
    }

    // --- dtype text -------------------------------------------------------------------------------------------------

    private static boolean isNative(ScalarType t) {
        return t.endianness() == Endianness.NOT_APPLICABLE || t.endianness() == Endianness.nativeOrder();
    }

    /** NumPy's {@code dtype_is_implied}: int64, float64, complex128 and bool in native order need no dtype=. */
    static boolean implied(DType dt) {
        if (!(dt instanceof ScalarType t) || !isNative(t)) {
            return false;
        }
        switch (t.code()) {
            case BOOL: return true;
            case INT: case FLOAT: return t.itemSize() == 8;
            case COMPLEX: return t.itemSize() == 16;
            default: return false;
        }
    }

    /** NumPy's {@code dtype_short_repr}. */
    static String shortRepr(DType dt) {
        if (dt instanceof StructType st) {
            return structStr(st);
        }
        if (dt instanceof SubarrayType sub) {
            return "(" + construction(sub.base()) + ", " + sub.shape() + ")";
        }
        ScalarType t = (ScalarType) dt;
        TypeCode c = t.code();
        if (c == TypeCode.BYTES || c == TypeCode.UNICODE || c == TypeCode.VOID || !isNative(t)) {
            return "'" + t.typeString() + "'";
        }
        String name;
        switch (c) {
            case BOOL: name = "bool"; break;
            case DATETIME: case TIMEDELTA: name = c.numpyName() + unitText(t); break;
            default: name = c.numpyName() + (t.itemSize() * 8); break;
        }
        return name.chars().allMatch(Character::isLetterOrDigit) ? name : "'" + name + "'";
    }

    private static String unitText(ScalarType t) {
        if (t.unit() == DateUnit.GENERIC) {
            return "";
        }
        return "[" + (t.unitMultiplier() > 1 ? Long.toString(t.unitMultiplier()) : "") + t.unit().symbol() + "]";
    }

    /** NumPy's {@code _construction_repr(dtype, short=True)}. */
    static String construction(DType dt) {
        if (dt instanceof StructType st) {
            return structStr(st);
        }
        if (dt instanceof SubarrayType sub) {
            return "(" + construction(sub.base()) + ", " + sub.shape() + ")";
        }
        ScalarType t = (ScalarType) dt;
        String order = t.endianness() == Endianness.NOT_APPLICABLE ? "" : String.valueOf(t.endianness().symbol());
        switch (t.code()) {
            case BOOL: return "'?'";
            case BYTES: return "'S" + t.itemSize() + "'";
            case UNICODE: return "'" + order + "U" + t.itemSize() / 4 + "'";
            case VOID: return "'V" + t.itemSize() + "'";
            case DATETIME: return "'" + order + "M8" + unitText(t) + "'";
            case TIMEDELTA: return "'" + order + "m8" + unitText(t) + "'";
            case OBJECT: return "'O'";
            default: return "'" + order + t.code().letter() + t.itemSize() + "'";
        }
    }

    /** {@code str(dtype)} of a structured dtype: the list form when packed, else NumPy's dict form. */
    static String structStr(StructType st) {
        long off = 0;
        boolean packed = true;
        for (Field f : st.fields()) {
            packed &= f.offset() == off;
            off += f.type().itemSize();
        }
        packed &= off == st.itemSize();
        List<String> items = new ArrayList<>();
        if (packed) {
            for (Field f : st.fields()) {
                String name = new PyValue.Str(f.name()).repr();
                String item = "(" + (f.title() != null ? "(" + f.title().repr() + ", " + name + ")" : name) + ", ";
                if (f.type() instanceof SubarrayType sub) {
                    item += construction(sub.base()) + ", " + sub.shape();
                } else {
                    item += construction(f.type());
                }
                items.add(item + ")");
            }
            return "[" + String.join(", ", items) + "]";
        }
        List<String> names = new ArrayList<>();
        List<String> formats = new ArrayList<>();
        List<String> offsets = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        boolean anyTitle = false;
        for (Field f : st.fields()) {
            names.add(new PyValue.Str(f.name()).repr());
            formats.add(construction(f.type()));
            offsets.add(Long.toString(f.offset()));
            titles.add(f.title() == null ? "None" : f.title().repr());
            anyTitle |= f.title() != null;
        }
        return "{'names': [" + String.join(", ", names) + "], 'formats': [" + String.join(", ", formats)
                + "], 'offsets': [" + String.join(", ", offsets) + "], "
                + (anyTitle ? "'titles': [" + String.join(", ", titles) + "], " : "")
                + "'itemsize': " + st.itemSize() + "}";
    }

    // --- floats -------------------------------------------------------------------------------------------------

    /** NumPy's {@code FloatingFormat} in {@code maxprec} mode, {@code suppress=False}. */
    static final class FloatFormat {
        private final int bytes;
        private final int precision;
        private final boolean plus;
        private boolean exp;
        private int padLeft;
        private int padRight;
        private int expSize = -1;
        private int sciPrecision;

        FloatFormat(double[] data, int bytes, int precision, boolean plus) {
            this.bytes = bytes;
            this.precision = precision;
            this.plus = plus;
            double max = -1;
            double min = Double.POSITIVE_INFINITY;
            int finite = 0;
            boolean negInf = false;
            for (double v : data) {
                if (Double.isFinite(v)) {
                    finite++;
                    if (v != 0) {
                        max = Math.max(max, Math.abs(v));
                        min = Math.min(min, Math.abs(v));
                    }
                } else if (v == Double.NEGATIVE_INFINITY) {
                    negInf = true;
                }
            }
            if (max > 0) {
                int finfoPrecision = bytes == 2 ? 3 : bytes == 4 ? 6 : 15;
                double cutoff = Math.pow(10, Math.min(8, finfoPrecision));
                exp = max >= cutoff || min < round(1e-4, bytes) || round(max / min, bytes) > 1000.;
            }
            if (finite > 0) {
                if (exp) {
                    int fracMax = 0;
                    for (double v : data) {
                        if (Double.isFinite(v)) {
                            Object[] s = Dragon4.sci(Dragon4.scientific(v, bytes, precision));
                            padLeft = Math.max(padLeft, sign(v).length() + 1);
                            fracMax = Math.max(fracMax, ((String) s[1]).length());
                            int e = Math.abs((Integer) s[2]);
                            expSize = Math.max(expSize, Math.max(2, Integer.toString(e).length()));
                        }
                    }
                    sciPrecision = fracMax;
                    padRight = expSize + 2 + sciPrecision;
                } else {
                    for (double v : data) {
                        if (Double.isFinite(v)) {
                            String[] s = Dragon4.split(Dragon4.positional(v, bytes, precision));
                            padLeft = Math.max(padLeft, sign(v).length() + s[0].length());
                            padRight = Math.max(padRight, s[1].length());
                        }
                    }
                }
            }
            if (finite < data.length) {
                int offset = padRight + 1;
                padLeft = Math.max(padLeft, Math.max(3 - offset, 3 + (plus || negInf ? 1 : 0) - offset));
            }
        }

        /** {@code x} rounded to the float type (numpy compares in the array's dtype). */
        private static double round(double x, int bytes) {
            if (bytes == 8 || !Double.isFinite(x) || x == 0) {
                return x;
            }
            if (bytes == 4) {
                return (float) x;
            }
            int e = Math.max(Math.getExponent(x), -14);
            double ulp = Math.scalb(1.0, e - 10);
            double r = Math.rint(x / ulp) * ulp;
            return Math.abs(r) > 65504 ? Math.copySign(Double.POSITIVE_INFINITY, r) : r;
        }

        private String sign(double v) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-" : plus ? "+" : "";
        }

        String format(double x) {
            if (!Double.isFinite(x)) {
                String ret = Double.isNaN(x) ? (plus ? "+" : "") + "nan" : (x < 0 ? "-" : plus ? "+" : "") + "inf";
                return pad(ret, padLeft + padRight + 1);
            }
            if (exp) {
                // min_digits = precision: digits past the unique ones are the exact value's, rounded (1.000e-01
                // for a float16 0.1, whose exact value is 0.0999755859375, prints as 9.998e-02)
                BigDecimal d = x == 0 ? BigDecimal.ZERO
                        : new BigDecimal(Math.abs(x)).round(new MathContext(sciPrecision + 1, RoundingMode.HALF_EVEN));
                Object[] s = Dragon4.sci(d);
                String frac = (String) s[1];
                frac = frac + "0".repeat(Math.max(0, sciPrecision - frac.length()));
                int e = (Integer) s[2];
                String es = Integer.toString(Math.abs(e));
                es = "0".repeat(Math.max(0, Math.max(2, expSize) - es.length())) + es;
                return pad(sign(x) + s[0], padLeft) + "." + frac + "e" + (e < 0 ? "-" : "+") + es;
            }
            String[] s = Dragon4.split(Dragon4.positional(x, bytes, precision));
            String frac = s[1] + " ".repeat(Math.max(0, padRight - s[1].length()));
            return pad(sign(x) + s[0], padLeft) + "." + frac;
        }
    }


}
