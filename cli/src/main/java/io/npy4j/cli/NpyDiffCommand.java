package io.npy4j.cli;

import io.npy4j.NpyArray;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.TypeCode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code npy diff A B}: header differences, then element differences under NumPy's {@code isclose} rule, streamed
 * through both sides in blocks. Exit 0 equal, 1 different, 2 usage, 3 an input could not be read (unlike the other
 * commands, where 1 is a failure: here 1 is an answer, as for {@code diff} and {@code h5diff}).
 */
@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Compare two arrays (.npy files, ARCHIVE.npz:MEMBER, manifests), as h5diff and"
            + " np.testing.assert_allclose(A, B, rtol, atol, equal_nan) do: shape and dtype first, then the"
            + " elements, with a and b close when |a - b| <= atol + rtol * |b| (b from B; infinities equal only"
            + " to themselves, NaN only with --equal-nan). Prints the count of differing elements, the first"
            + " positions with both values, and the largest absolute and relative difference among them.",
            "Numbers are compared in float64 (complex: complex128; integers: exactly when equal). Other dtypes"
            + " (strings, datetimes, records) must match and are compared element by element, byte for byte.",
            "Both sides are read in blocks of 64 Ki elements: memory does not grow with the arrays."},
        exitCodeListHeading = "%nExit status (like diff and h5diff, not like the other npy commands):%n",
        exitCodeList = {"0:the arrays are equal (within the tolerances)", "1:they differ",
            "2:invalid command line", "3:an input could not be read (reported on stderr)"})
public final class NpyDiffCommand implements Callable<Integer> {
    static final int DIFFERENT = 1;
    static final int ERROR = 3;
    private static final int BLOCK = 1 << 16;

    @Parameters(index = "0", paramLabel = "A", description = "the actual array (.npy, ARCHIVE.npz:MEMBER, manifest)")
    String a;

    @Parameters(index = "1", paramLabel = "B", description = "the desired array: the tolerance scales with |B|")
    String b;

    @Option(names = "--rtol", paramLabel = "R", defaultValue = "1e-7",
            description = "relative tolerance (default ${DEFAULT-VALUE}, as assert_allclose)")
    double rtol;

    @Option(names = "--atol", paramLabel = "A", defaultValue = "0",
            description = "absolute tolerance (default ${DEFAULT-VALUE})")
    double atol;

    @Option(names = "--equal-nan", description = "NaN equals NaN (NaN in one side only always differs)")
    boolean equalNan;

    @Option(names = "--slice", paramLabel = "SLICE", description = "compare SLICE of both sides (NumPy basic"
            + " indexing)")
    String slice;

    @Option(names = {"-n", "--show"}, paramLabel = "N", defaultValue = "10",
            description = "print the first N differing positions (default ${DEFAULT-VALUE})")
    int show;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(rtol >= 0) || !(atol >= 0) || show < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rtol, --atol and --show must be >= 0");
        }
        String current = a;
        try (Sources sa = Sources.open(a, Sources.selection(slice))) {
            current = b;
            try (Sources sb = Sources.open(b, Sources.selection(slice))) {
                return compare(sa.array, sb.array, out);
            }
        } catch (Exception | Error e) {
            Problems.report(err, "npy diff", Problems.describe(Sources.pathOf(current), e));
            return ERROR;
        }
    }

    enum Kind { REAL, COMPLEX, OTHER }

    static Kind kind(DType dt) {
        if (!(dt instanceof ScalarType t)) {
            return Kind.OTHER;
        }
        switch (t.code()) {
            case BOOL: case INT: case UINT: return Kind.REAL;
            case FLOAT: return t.itemSize() <= 8 ? Kind.REAL : Kind.OTHER;
            case COMPLEX: return t.itemSize() <= 16 ? Kind.COMPLEX : Kind.OTHER;
            default: return Kind.OTHER;
        }
    }

    private int compare(NpyArray x, NpyArray y, PrintWriter out) {
        boolean headerDiff = false;
        if (!x.dtype().equals(y.dtype())) {
            out.println("dtype: " + x.dtype().readable() + " (" + x.dtype().descr() + ") vs " + y.dtype().readable()
                    + " (" + y.dtype().descr() + ")");
            headerDiff = true;
        }
        if (!x.shape().equals(y.shape())) {
            out.println("shape: " + x.shape() + " vs " + y.shape() + "; elements not compared");
            out.flush();
            return DIFFERENT;
        }
        Kind kx = kind(x.dtype());
        Kind ky = kind(y.dtype());
        long size = x.size();
        Differences d = new Differences(x, show);
        if (kx != Kind.OTHER && ky != Kind.OTHER) {
            boolean complex = kx == Kind.COMPLEX || ky == Kind.COMPLEX;
            boolean ints = integer(x.dtype()) && integer(y.dtype());
            int per = complex ? 2 : 1;
            double[] bx = new double[(int) Math.min(BLOCK, Math.max(1, size)) * per];
            double[] by = new double[bx.length];
            long[] lx = ints ? new long[bx.length] : null;
            long[] ly = ints ? new long[bx.length] : null;
            for (long first = 0; first < size; first += bx.length / per) {
                int len = (int) Math.min(bx.length / per, size - first);
                read(x, first, bx, len, complex, kx);
                read(y, first, by, len, complex, ky);
                if (ints) {
                    x.read(first, lx, 0, len);
                    y.read(first, ly, 0, len);
                }
                for (int i = 0; i < len; i++) {
                    if (ints && lx[i] == ly[i] && unsigned(x.dtype()) == unsigned(y.dtype())) {
                        continue;
                    }
                    double ar = bx[i * per];
                    double br = by[i * per];
                    double ai = complex ? bx[i * per + 1] : 0;
                    double bi = complex ? by[i * per + 1] : 0;
                    if (!close(ar, ai, br, bi)) {
                        double abs = Math.hypot(ar - br, ai - bi);
                        d.add(first + i, value(x, ar, ai, complex, lx, i), value(y, br, bi, complex, ly, i), abs,
                                abs / Math.hypot(br, bi));
                    }
                }
            }
        } else if (x.dtype().equals(y.dtype())) {
            int item = (int) x.dtype().itemSize();
            int n = (int) Math.max(1, Math.min(BLOCK, (1 << 24) / Math.max(1, item)));
            byte[] rx = new byte[n * item];
            byte[] ry = new byte[n * item];
            for (long first = 0; first < size; first += n) {
                int len = (int) Math.min(n, size - first);
                x.readRaw(first, rx, 0, len);
                y.readRaw(first, ry, 0, len);
                for (int i = 0; i < len; i++) {
                    if (!Arrays.equals(rx, i * item, (i + 1) * item, ry, i * item, (i + 1) * item)) {
                        d.add(first + i, element(x, first + i), element(y, first + i), Double.NaN, Double.NaN);
                    }
                }
            }
        } else {
            out.println("dtypes " + x.dtype().readable() + " and " + y.dtype().readable()
                    + " cannot be compared element by element");
            out.flush();
            return DIFFERENT;
        }
        if (d.count == 0) {
            if (headerDiff) {
                out.println("0 of " + size + " elements differ");
            }
            out.flush();
            return headerDiff ? DIFFERENT : 0;
        }
        out.println(d.count + " of " + size + " elements differ (" + (100.0 * d.count / size >= 0.1
                ? String.format("%.1f%%", 100.0 * d.count / size) : "<0.1%") + "; rtol " + PyFloat.repr(rtol)
                + ", atol " + PyFloat.repr(atol) + (equalNan ? ", NaN == NaN" : "") + ")");
        if (!Double.isNaN(d.maxAbs)) {
            out.println("max abs diff: " + PyFloat.repr(d.maxAbs) + " at " + d.maxAbsAt);
            out.println("max rel diff: " + PyFloat.repr(d.maxRel) + " at " + d.maxRelAt);
        }
        if (!d.first.isEmpty()) {
            int w = "index".length();
            for (String[] r : d.first) {
                w = Math.max(w, r[0].length());
            }
            int wa = 1;
            for (String[] r : d.first) {
                wa = Math.max(wa, r[1].length());
            }
            out.printf("%-" + w + "s  %-" + wa + "s  %s%n", "index", "A", "B");
            for (String[] r : d.first) {
                out.printf("%-" + w + "s  %-" + wa + "s  %s%n", r[0], r[1], r[2]);
            }
        }
        out.flush();
        return DIFFERENT;
    }

    /** NumPy's {@code isclose} of actual a and desired b. */
    private boolean close(double ar, double ai, double br, double bi) {
        boolean aNan = ar != ar || ai != ai;
        boolean bNan = br != br || bi != bi;
        if (aNan || bNan) {
            return equalNan && aNan && bNan;
        }
        if (ar == br && ai == bi) {
            return true;
        }
        boolean bFinite = Double.isFinite(br) && Double.isFinite(bi);
        return bFinite && Math.hypot(ar - br, ai - bi) <= atol + rtol * Math.hypot(br, bi);
    }

    private static boolean integer(DType dt) {
        return dt instanceof ScalarType t && (t.code() == TypeCode.INT || t.code() == TypeCode.UINT
                || t.code() == TypeCode.BOOL);
    }

    private static boolean unsigned(DType dt) {
        return ((ScalarType) dt).code() == TypeCode.UINT;
    }

    private static void read(NpyArray arr, long first, double[] dst, int len, boolean complex, Kind k) {
        if (complex && k == Kind.REAL) {
            double[] tmp = new double[len];
            readReal(arr, first, tmp, len);
            Arrays.fill(dst, 0, 2 * len, 0);
            for (int i = 0; i < len; i++) {
                dst[2 * i] = tmp[i];
            }
        } else if (complex) {
            arr.read(first, dst, 0, len);
        } else {
            readReal(arr, first, dst, len);
        }
    }

    private static void readReal(NpyArray arr, long first, double[] dst, int len) {
        if (integer(arr.dtype())) {
            long[] l = new long[len];
            arr.read(first, l, 0, len);
            boolean u64 = unsigned(arr.dtype()) && arr.dtype().itemSize() == 8;
            for (int i = 0; i < len; i++) {
                dst[i] = u64 ? ArrayStats.unsignedToDouble(l[i]) : l[i];
            }
        } else {
            arr.read(first, dst, 0, len);
        }
    }

    private static String value(NpyArray arr, double re, double im, boolean complex, long[] longs, int i) {
        if (complex) {
            return "(" + PyFloat.repr(re) + (im < 0 || (im == 0 && 1 / im < 0) ? "-" : "+")
                    + PyFloat.repr(Math.abs(im)) + "j)";
        }
        if (integer(arr.dtype()) && longs != null) {
            return unsigned(arr.dtype()) && arr.dtype().itemSize() == 8 ? Long.toUnsignedString(longs[i])
                    : Long.toString(longs[i]);
        }
        if (integer(arr.dtype())) {
            return ((ScalarType) arr.dtype()).code() == TypeCode.BOOL ? (re != 0 ? "True" : "False")
                    : new java.math.BigDecimal(re).toBigInteger().toString();
        }
        return PyFloat.repr(re);
    }

    /** One element of a non-numeric array, as NumPy's repr prints it. */
    private static String element(NpyArray arr, long flat) {
        return ArrayRepr.element(arr, flat);
    }

    /** The differing elements seen so far. */
    private static final class Differences {
        final NpyArray shapeOf;
        final int keep;
        long count;
        double maxAbs = Double.NaN;
        double maxRel = Double.NaN;
        String maxAbsAt;
        String maxRelAt;
        final java.util.List<String[]> first = new java.util.ArrayList<>();

        Differences(NpyArray shapeOf, int keep) {
            this.shapeOf = shapeOf;
            this.keep = keep;
        }

        void add(long flat, String va, String vb, double abs, double rel) {
            count++;
            if (first.size() < keep) {
                first.add(new String[] {index(flat), va, vb});
            }
            if (abs == abs && !(abs <= maxAbs)) {
                maxAbs = abs;
                maxAbsAt = index(flat);
            }
            if (rel == rel && !(rel <= maxRel)) {
                maxRel = rel;
                maxRelAt = index(flat);
            }
        }

        String index(long flat) {
            return Arrays.toString(ArrayRepr.unravel(flat, shapeOf.shape()));
        }
    }
}
