package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code npy diff} against {@code np.testing.assert_allclose} on random pairs (float64, float32, integers, complex,
 * with NaN and infinities, random tolerances and equal_nan): exit 0 exactly when assert_allclose passes, the count of
 * differing elements equals {@code (~np.isclose(a, b, rtol, atol, equal_nan)).sum()}, and the largest absolute and
 * relative differences among them equal NumPy's (float64 arithmetic: exactly).
 */
@EnabledIfNumPy
class NpyDiffCommandTest {
    private static final String SCRIPT = String.join("\n",
        "import sys, os, numpy as np, warnings",
        "warnings.simplefilter('ignore')",
        "d = sys.argv[1]",
        "rng = np.random.default_rng(3)",
        "for i in range(40):",
        "    shape = tuple(int(x) for x in rng.integers(1, 30, size=int(rng.integers(1, 4))))",
        "    kind = ['f8', 'f4', 'i4', 'c16', 'f8'][i % 5]",
        "    a = rng.standard_normal(shape) * 10.0 ** int(rng.integers(-3, 4))",
        "    if kind == 'c16': a = a + 1j * rng.standard_normal(shape)",
        "    if kind == 'i4': a = (a * 100).astype('i4')",
        "    a = a.astype(kind)",
        "    b = a.copy()",
        "    m = rng.random(shape) < rng.choice([0.0, 0.01, 0.2])",
        "    b[m] = (b[m] * (1 + rng.choice([1e-9, 1e-6, 1e-3]))).astype(kind) + (0 if kind == 'i4' else rng.choice([0, 1e-8]))",
        "    if kind != 'i4' and i % 3 == 0:",
        "        n = rng.random(shape) < 0.05; a[n] = np.nan; b[n] = np.nan",
        "        b[rng.random(shape) < 0.02] = np.nan",
        "        a.flat[0] = np.inf; b.flat[0] = np.inf if i % 2 else -np.inf",
        "    rtol = float(rng.choice([0.0, 1e-9, 1e-7, 1e-4])); atol = float(rng.choice([0.0, 1e-8, 1e-3]))",
        "    eqnan = bool(i % 2)",
        "    np.save(os.path.join(d, 'a%d.npy' % i), a); np.save(os.path.join(d, 'b%d.npy' % i), b)",
        "    try:",
        "        np.testing.assert_allclose(a, b, rtol=rtol, atol=atol, equal_nan=eqnan); ok = 1",
        "    except AssertionError: ok = 0",
        "    bad = ~np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=eqnan)",
        "    x = a.astype(np.complex128 if kind == 'c16' else np.float64); y = b.astype(x.dtype)",
        "    err = np.abs(x - y)[bad]; fin = err[~np.isnan(err)]",
        "    rel = (err / np.abs(y[bad]))[~np.isnan(err)]; rel = rel[~np.isnan(rel)]",
        "    mabs = repr(float(fin.max())) if fin.size else '-'; mrel = repr(float(rel.max())) if rel.size else '-'",
        "    print(i, repr(rtol), repr(atol), int(eqnan), ok, int(bad.sum()), mabs, mrel)");

    @TempDir
    Path dir;

    @Test
    void agreesWithAssertAllclose() {
        List<String> failures = new ArrayList<>();
        String[] lines = NumPy.run(SCRIPT, dir.toString()).strip().split("\n");
        int unequal = 0;
        for (String line : lines) {
            String[] f = line.split(" ");
            List<String> args = new ArrayList<>(List.of("diff", "--rtol", f[1], "--atol", f[2],
                    dir.resolve("a" + f[0] + ".npy").toString(), dir.resolve("b" + f[0] + ".npy").toString()));
            if (f[3].equals("1")) {
                args.add("--equal-nan");
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = NpyMain.run(NpyCommand.commandLine(), new PrintWriter(out), new PrintWriter(err),
                    args.toArray(new String[0]));
            String text = out.toString();
            int expected = f[4].equals("1") ? 0 : 1;
            unequal += expected;
            if (status != expected) {
                failures.add(line + ": exit " + status + "\n" + text + err);
                continue;
            }
            if (expected == 1) {
                String count = text.substring(0, text.indexOf(' '));
                if (!count.equals(f[5])) {
                    failures.add(line + ": count " + count + "\n" + text);
                }
                // complex: |z| is Java's hypot, NumPy's is C's: they may differ in the last bit
                boolean complex = Integer.parseInt(f[0]) % 5 == 3;
                if (!f[6].equals("-") && !same(text, "max abs diff: ", f[6], complex)) {
                    failures.add(line + ": max abs\n" + text);
                }
                if (!f[7].equals("-") && !same(text, "max rel diff: ", f[7], complex)) {
                    failures.add(line + ": max rel\n" + text);
                }
            }
        }
        assertEquals(40, lines.length);
        assertTrue(unequal > 5 && unequal < 35, "both outcomes exercised: " + unequal + " unequal");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static boolean same(String text, String key, String numpy, boolean nearly) {
        int at = text.indexOf(key);
        if (at < 0) {
            return false;
        }
        String v = text.substring(at + key.length()).split(" ")[0];
        if (!nearly || v.equals(numpy)) {
            return v.equals(numpy);
        }
        double a = Double.parseDouble(v);
        double b = Double.parseDouble(numpy);
        return Math.abs(a - b) <= 4 * Math.ulp(b);
    }

    @Test
    void headersAndErrors() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String t = Path.of("..", "examples", "temperatures.npy").toString();
        String c = Path.of("..", "examples", "cube.npy").toString();
        assertEquals(0, NpyMain.run(NpyCommand.commandLine(), new PrintWriter(out), new PrintWriter(err), "diff", t, t));
        assertEquals("", out.toString());
        assertEquals(1, NpyMain.run(NpyCommand.commandLine(), new PrintWriter(out), new PrintWriter(err), "diff", t, c));
        assertTrue(out.toString().contains("shape: (365, 3) vs (4, 5, 6)"), out.toString());
        assertEquals(3, NpyMain.run(NpyCommand.commandLine(), new PrintWriter(out), new PrintWriter(err), "diff", t,
                dir.resolve("none.npy").toString()));
        assertTrue(err.toString().startsWith("npy diff: ") && err.toString().contains("no such file"), err.toString());
        assertEquals(2, NpyMain.run(NpyCommand.commandLine(), new PrintWriter(out), new PrintWriter(err), "diff", t));
    }
}
