package io.npy4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code npy stats SOURCE [SLICE]}: NaN-aware summary statistics, streamed in bounded blocks. */
@Command(name = "stats", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Summary statistics of a bool, integer or float array or a slice of it: the element count,"
            + " counts of NaN, +inf, -inf and zeros, and np.nanmin, np.nanmax, np.nanmean, np.nanstd (ddof 0).",
            "The data is read once in blocks of 64 Ki elements by up to one thread per core: memory does not grow"
            + " with the array. Mean and std use compensated sums combined pairwise (Chan et al.), so they agree"
            + " with NumPy's pairwise float64 sums to about 1e-12 relative (NumPy computes float32 and float16"
            + " arrays in their own precision; npy computes in float64).",
            "--percentiles and --histogram read the data again; --percentiles holds every value in memory."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:printed", "1:the source or slice failed (reported on stderr)", "2:invalid command line",
            "3:internal error"})
public final class NpyStatsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "an .npy file, ARCHIVE.npz:MEMBER, or a"
            + " virtual-array manifest (JSON)")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SLICE", description = "NumPy basic indexing (default:"
            + " the whole array)")
    String slice;

    @Option(names = "--json", description = "one JSON object (NaN and infinities as null; integer extremes exact)")
    boolean json;

    @Option(names = "--percentiles", split = ",", paramLabel = "P", description = "also np.nanpercentile at each P"
            + " (0..100, linear method), e.g. 1,50,99; exact: holds 8 bytes per element in memory")
    List<Double> percentiles = new ArrayList<>();

    @Option(names = "--histogram", paramLabel = "N", description = "also N equal bins over [min, max] of the"
            + " finite values (as np.histogram), drawn as text bars")
    Integer histogram;

    @Option(names = "--threads", paramLabel = "N", description = "reader threads (default: one per core)")
    Integer threads;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar (only drawn when stderr is a terminal)")
    boolean quiet;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (double p : percentiles) {
            if (!(p >= 0 && p <= 100)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--percentiles must be in 0..100");
            }
        }
        if (histogram != null && (histogram < 1 || histogram > 10_000)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--histogram needs 1..10000 bins");
        }
        try (Sources s = Sources.open(source, Sources.selection(slice))) {
            ArrayStats.check(s.array.dtype());
            int n = threads != null ? Math.max(1, threads) : Runtime.getRuntime().availableProcessors();
            long itemSize = s.array.dtype().itemSize();
            LongConsumer bar = Progress.on(err, s.array.size() * itemSize, quiet);
            ArrayStats st = ArrayStats.of(s.array, n, elements -> bar.accept(elements * itemSize));
            double[] pv = new double[percentiles.size()];
            if (!percentiles.isEmpty()) {
                double[] sorted = ArrayStats.sortedValues(s.array, st.count - st.nan);
                for (int i = 0; i < pv.length; i++) {
                    pv[i] = ArrayStats.percentile(sorted, percentiles.get(i));
                }
            }
            long[] counts = null;
            double[] edges = null;
            if (histogram != null) {
                double[] range = finiteRange(s);
                edges = new double[histogram + 1];
                counts = range == null ? new long[histogram]
                        : ArrayStats.histogram(s.array, histogram, range[0], range[1], edges);
            }
            String name = source + (slice != null ? slice : "");
            if (json) {
                printJson(out, name, s, st, pv, counts, edges);
            } else {
                printText(out, name, s, st, pv, counts, edges);
            }
            out.flush();
            return 0;
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (Exception | Error e) {
            Problems.report(err, "npy stats", Problems.describe(Sources.pathOf(source), e));
            return Problems.FAILED;
        }
    }

    /** The finite min and max (a second, cheap pass: min/max above include the infinities). */
    private static double[] finiteRange(Sources s) {
        double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        ArrayStats.blocks(s.array, 0, s.array.size(), (d, l, len) -> {
            for (int i = 0; i < len; i++) {
                if (Double.isFinite(d[i])) {
                    r[0] = Math.min(r[0], d[i]);
                    r[1] = Math.max(r[1], d[i]);
                }
            }
        });
        return r[0] <= r[1] ? r : null;
    }

    private void printText(PrintWriter out, String name, Sources s, ArrayStats st, double[] pv, long[] counts,
            double[] edges) {
        out.println(name + "  " + s.array.shape() + " " + s.array.dtype().readable());
        row(out, "count", Long.toString(st.count));
        row(out, "nan", Long.toString(st.nan));
        row(out, "+inf", Long.toString(st.posInf));
        row(out, "-inf", Long.toString(st.negInf));
        row(out, "zeros", Long.toString(st.zeros));
        row(out, "min", st.minText());
        row(out, "max", st.maxText());
        row(out, "mean", PyFloat.repr(st.mean()));
        row(out, "std", PyFloat.repr(st.std()));
        for (int i = 0; i < pv.length; i++) {
            row(out, "p" + PyFloat.repr(percentiles.get(i)).replaceAll("\\.0$", ""), PyFloat.repr(pv[i]));
        }
        if (counts != null) {
            long most = 1;
            for (long c : counts) {
                most = Math.max(most, c);
            }
            List<String> lo = new ArrayList<>();
            List<String> hi = new ArrayList<>();
            int wl = 0;
            int wh = 0;
            int wc = 0;
            for (int i = 0; i < counts.length; i++) {
                lo.add(PyFloat.repr(short6(edges[i])));
                hi.add(PyFloat.repr(short6(edges[i + 1])));
                wl = Math.max(wl, lo.get(i).length());
                wh = Math.max(wh, hi.get(i).length());
                wc = Math.max(wc, Long.toString(counts[i]).length());
            }
            out.println("  histogram");
            for (int i = 0; i < counts.length; i++) {
                String close = i == counts.length - 1 ? "]" : ")";
                out.printf("  [%" + wl + "s, %" + wh + "s%s %" + wc + "d %s%n", lo.get(i), hi.get(i), close,
                        counts[i], "#".repeat((int) Math.round(40.0 * counts[i] / most)));
            }
        }
    }

    /** A bin edge rounded to 6 significant digits, for the eye (JSON has the exact edges). */
    private static double short6(double x) {
        return x == 0 || !Double.isFinite(x) ? x
                : new java.math.BigDecimal(x).round(new java.math.MathContext(6)).doubleValue();
    }

    private static void row(PrintWriter out, String key, String value) {
        out.printf("  %-8s %s%n", key, value);
    }

    private void printJson(PrintWriter out, String name, Sources s, ArrayStats st, double[] pv, long[] counts,
            double[] edges) throws java.io.IOException {
        StringWriter line = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("source", name);
            g.writeArrayFieldStart("shape");
            for (int i = 0; i < s.array.rank(); i++) {
                g.writeNumber(s.array.shape().dim(i));
            }
            g.writeEndArray();
            g.writeStringField("dtype", s.array.dtype().readable());
            g.writeNumberField("count", st.count);
            g.writeNumberField("nan", st.nan);
            g.writeNumberField("posinf", st.posInf);
            g.writeNumberField("neginf", st.negInf);
            g.writeNumberField("zeros", st.zeros);
            g.writeFieldName("min");
            number(g, st.minText());
            g.writeFieldName("max");
            number(g, st.maxText());
            g.writeFieldName("mean");
            number(g, PyFloat.repr(st.mean()));
            g.writeFieldName("std");
            number(g, PyFloat.repr(st.std()));
            if (pv.length > 0) {
                g.writeObjectFieldStart("percentiles");
                for (int i = 0; i < pv.length; i++) {
                    g.writeFieldName(PyFloat.repr(percentiles.get(i)));
                    number(g, PyFloat.repr(pv[i]));
                }
                g.writeEndObject();
            }
            if (counts != null) {
                g.writeObjectFieldStart("histogram");
                g.writeArrayFieldStart("edges");
                for (double e : edges) {
                    number(g, PyFloat.repr(e));
                }
                g.writeEndArray();
                g.writeArrayFieldStart("counts");
                for (long c : counts) {
                    g.writeNumber(c);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        out.println(line);
    }

    /** A number as its exact text, or null for NaN and the infinities (JSON has neither). */
    private static void number(JsonGenerator g, String text) throws java.io.IOException {
        if (text.equals("nan") || text.endsWith("inf")) {
            g.writeNull();
        } else {
            g.writeNumber(text);
        }
    }
}
