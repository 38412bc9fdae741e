package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code npy stats} against NumPy on a corpus (floats of three widths with NaN and infinities, integers up to
 * 2^63, uint64, bools, all-NaN, empty, slices, an npz member, and arrays of several blocks read by two threads):
 * counts and min/max exactly (NumPy's {@code repr(float(np.nanmin(a)))}); mean and std within 1e-12 relative of
 * {@code np.nanmean}/{@code np.nanstd} of the float64 values (NumPy's pairwise sum is itself only that close);
 * percentiles exactly ({@code np.nanpercentile}, linear); histogram counts exactly ({@code np.histogram} of the
 * finite values, float64/integer data).
 */
@EnabledIfNumPy
class NpyStatsCommandTest {
    private static final String SCRIPT = String.join("\n",
        "import sys, os, numpy as np, warnings",
        "warnings.simplefilter('ignore')",
        "d = sys.argv[1]",
        "rng = np.random.default_rng(11)",
        "big = rng.standard_normal(300_001) * 1e3 + 5",
        "big[::997] = np.nan",
        "cases = {",
        "  'f8': np.array([1.5, np.nan, -2.0, 0.0, 3.25]), 'f8inf': np.array([1.0, np.inf, 2.0]),",
        "  'f8both': np.array([np.inf, -np.inf, 0.0]), 'allnan': np.array([np.nan, np.nan]),",
        "  'f4': rng.standard_normal(1000).astype('>f4'), 'f2': (rng.standard_normal(500) * 10).astype('f2'),",
        "  'i8': np.array([2**62 + 1, -2**63, 7]), 'u8': np.array([2**64 - 1, 3], 'u8'),",
        "  'u1': rng.integers(0, 256, 777).astype('u1'), 'i2': rng.integers(-999, 999, (30, 40)).astype('>i2'),",
        "  'b1': rng.random(101) < 0.3, 'big': big, 'big2': rng.random((600, 700)) ** 3,",
        "}",
        "np.save(os.path.join(d, 'empty.npy'), np.zeros((0, 4)))",
        "np.savez_compressed(os.path.join(d, 'z.npz'), m=cases['big2'])",
        "runs = [(n, n + '.npy', None) for n in cases] + [('slice', 'big2.npy', '[10:200, ::-3]'),",
        "        ('slice0', 'i2.npy', '[-1]'), ('npz', 'z.npz:m', '[::7]')]",
        "def fmt(x): return repr(float(x))",
        "for n, a in cases.items(): np.save(os.path.join(d, n + '.npy'), a)",
        "for n, f, sl in runs:",
        "    a = np.load(os.path.join(d, f.split(':')[0]))",
        "    if ':' in f: a = a[f.split(':')[1]]",
        "    if sl: a = eval('a' + sl)",
        "    a = np.asarray(a); v = a.astype(np.float64).ravel(); fin = v[np.isfinite(v)]",
        "    ints = a.dtype.kind in 'iub'",
        "    mn = str(int(np.min(a))) if ints else fmt(np.nanmin(a)); mx = str(int(np.max(a))) if ints else fmt(np.nanmax(a))",
        "    p = np.nanpercentile(v, [0, 1, 50, 99.9, 100]) if not ints else np.percentile(v, [0, 1, 50, 99.9, 100])",
        "    h = np.histogram(fin, 7)[0] if len(fin) else [0] * 7",
        "    print('|'.join([n, f, sl or '', str(v.size), str(np.isnan(v).sum()), str(np.isposinf(v).sum()),",
        "        str(np.isneginf(v).sum()), str((v == 0).sum()), mn, mx, fmt(np.nanmean(v)), fmt(np.nanstd(v)),",
        "        ','.join(fmt(x) for x in p), ','.join(str(x) for x in h)]))");

    @TempDir
    Path dir;

    @Test
    void equalsNumPy() {
        List<String> failures = new ArrayList<>();
        String[] lines = NumPy.run(SCRIPT, dir.toString()).strip().split("\n");
        for (String line : lines) {
            String[] f = line.split("\\|", -1);
            String src = f[1].contains(":") ? dir.resolve(f[1].split(":")[0]) + ":" + f[1].split(":")[1]
                    : dir.resolve(f[1]).toString();
            List<String> args = new ArrayList<>(List.of("stats", "--threads", "2", "--percentiles", "0,1,50,99.9,100",
                    "--histogram", "7", src));
            if (!f[2].isEmpty()) {
                args.add(f[2]);
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = NpyMain.run(NpyCommand.commandLine(), new PrintWriter(out), new PrintWriter(err),
                    args.toArray(new String[0]));
            if (status != 0) {
                failures.add(f[0] + ": exit " + status + " " + err);
                continue;
            }
            Map<String, String> got = new HashMap<>();
            List<String> hist = new ArrayList<>();
            for (String row : out.toString().split("\n")) {
                String t = row.strip();
                if (t.startsWith("[")) {
                    hist.add(t.substring(t.indexOf(']') + 1 < t.length() && t.contains(")") && !t.contains("]")
                            ? t.indexOf(')') + 1 : Math.max(t.indexOf(')'), t.lastIndexOf(']')) + 1).strip()
                            .split(" ")[0]);
                } else if (t.contains(" ")) {
                    got.put(t.substring(0, t.indexOf(' ')), t.substring(t.indexOf(' ')).strip());
                }
            }
            String[] keys = {"count", "nan", "+inf", "-inf", "zeros", "min", "max"};
            for (int i = 0; i < keys.length; i++) {
                if (!f[3 + i].equals(got.get(keys[i]))) {
                    failures.add(f[0] + ": " + keys[i] + " numpy " + f[3 + i] + " npy " + got.get(keys[i]));
                }
            }
            close(failures, f[0] + ": mean", num(f[10]), num(got.get("mean")));
            close(failures, f[0] + ": std", num(f[11]), num(got.get("std")));
            String[] ps = f[12].split(",");
            String[] pk = {"p0", "p1", "p50", "p99.9", "p100"};
            for (int i = 0; i < ps.length; i++) {
                if (!ps[i].equals(got.get(pk[i]))) {
                    failures.add(f[0] + ": " + pk[i] + " numpy " + ps[i] + " npy " + got.get(pk[i]));
                }
            }
            if (!f[0].startsWith("f4") && !f[0].startsWith("f2") && !f[13].equals(String.join(",", hist))) {
                failures.add(f[0] + ": histogram numpy " + f[13] + " npy " + hist);
            }
        }
        assertEquals(16, lines.length);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static double num(String pyRepr) {
        return Double.parseDouble(pyRepr.replace("inf", "Infinity").replace("nan", "NaN"));
    }

    private static void close(List<String> failures, String what, double numpy, double npy) {
        boolean ok = Double.isNaN(numpy) ? Double.isNaN(npy)
                : numpy == npy || Math.abs(numpy - npy) <= 1e-12 * Math.abs(numpy) + 1e-300;
        if (!ok) {
            failures.add(what + " numpy " + numpy + " npy " + npy);
        }
    }

    @Test
    void jsonAndErrors() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = NpyMain.run(NpyCommand.commandLine(), new PrintWriter(out), new PrintWriter(err), "stats",
                "--json", Path.of("..", "examples", "temperatures.npy").toString(), "[:2, 0]");
        assertEquals(0, status, err.toString());
        assertTrue(out.toString().startsWith("{\"source\":"), out.toString());
        assertTrue(out.toString().contains("\"count\":2,"), out.toString());
        err = new StringWriter();
        status = NpyMain.run(NpyCommand.commandLine(), new PrintWriter(new StringWriter()), new PrintWriter(err),
                "stats", dir.resolve("missing.npy").toString());
        assertEquals(1, status);
        assertTrue(err.toString().startsWith("npy stats: ") && err.toString().contains("no such file"), err.toString());
    }
}
