package io.npy4j.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.select.IndexExpression.Item;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Asks NumPy itself: for random (shape, order, expression) cases, {@code np.arange(n)} reshaped to
 * the storage layout and indexed with the expression must give our shape and, in C order, our
 * storage indices, or fail where we fail. All cases go to one python3 process as JSON.
 */
class NumpyInteropTest {

    private static final String SCRIPT = String.join("\n",
            "import sys, json, numpy as np",
            "out = []",
            "for c in json.load(sys.stdin):",
            "    shape = tuple(c['shape'])",
            "    n = 1",
            "    for d in shape: n *= d",
            "    a = np.arange(n).reshape(shape[::-1]).T if c['f'] else np.arange(n).reshape(shape)",
            "    e = c['e'] if c['e'].strip() else '()'  # a[] is a[()] in Python",
            "    try:",
            "        r = np.asarray(eval('a[' + e + ']', {'a': a, 'np': np}))",
            "        out.append({'shape': list(r.shape), 'values': r.ravel(order='C').tolist()})",
            "    except Exception as e:",
            "        out.append({'error': type(e).__name__, 'message': str(e)})",
            "json.dump(out, sys.stdout)");

    /** Spellings worth asking about besides the random ones. */
    private static final String[] FIXED = {
        "", "...", "5,", "::-1", "-100:100", "99999999999999999999:", "::-99999999999999999999",
        "-99999999999999999999:2", ":: 1_000", "+1, - 1", "None, ..., None", "np.newaxis, 0",
        "1, ..., 1", "..., ...", "::0", "7", "-7", "0, 0, 0, 0, 0, 0", "3:1", "-1:-6:-1", "00",
    };

    record Case(long[] shape, boolean fortran, String inner) {}

    @Test
    void agreesWithNumpy() throws Exception {
        Assumptions.assumeTrue(numpyAvailable(), "python3 with numpy not available: NumPy interop skipped");
        Random r = new Random(0x5E1EC7L);
        List<Case> cases = new ArrayList<>();
        for (String fixed : FIXED) {
            cases.add(new Case(new long[] {5, 6}, false, fixed));
            cases.add(new Case(new long[] {}, true, fixed));
        }
        while (cases.size() < 240) {
            long[] shape = Naive.randomShape(r);
            List<Item> items = Naive.randomItems(r, shape.length, true);
            cases.add(new Case(shape, r.nextBoolean(), Naive.render(items, r, false)));
        }
        List<Object> results = asList(Json.parse(runPython(toJson(cases))));
        assertEquals(cases.size(), results.size());
        int agreedValues = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Map<String, Object> result = asMap(results.get(i));
            String what = "a[" + c.inner + "] with shape " + Arrays.toString(c.shape)
                    + (c.fortran ? " (Fortran)" : " (C)") + ", NumPy said " + result;
            if (result.containsKey("error")) {
                RuntimeException ours = assertThrows(RuntimeException.class,
                        () -> Selection.parse(c.inner).resolve(c.shape, c.fortran), what);
                String type = (String) result.get("error");
                String message = (String) result.get("message");
                if (ours instanceof SelectionSyntaxException && (ours.getMessage().startsWith("slice step cannot be zero")
                        || ours.getMessage().startsWith("an index can only have a single ellipsis"))) {
                    continue; // found by the parser, so reported before NumPy's own first complaint
                }
                switch (type) {
                    case "IndexError" -> {
                        if (ours instanceof SelectionSyntaxException) { // '...' twice: found by the parser
                            assertTrue(ours.getMessage().startsWith(message), what + ", we said " + ours);
                        } else {
                            assertEquals(IndexOutOfBoundsException.class, ours.getClass(), what);
                            assertEquals(message, ours.getMessage(), what);
                        }
                    }
                    case "ValueError" -> assertTrue(ours instanceof SelectionSyntaxException
                            && ours.getMessage().startsWith(message), what + ", we said " + ours);
                    case "SyntaxError" -> assertEquals(SelectionSyntaxException.class, ours.getClass(), what);
                    default -> throw new AssertionError(what);
                }
                continue;
            }
            Region region = Selection.parse(c.inner).resolve(c.shape, c.fortran);
            long[] values = longs(result.get("values"));
            Naive.assertMatches(new Naive.Arr(longs(result.get("shape")), values), region);
            agreedValues++;
        }
        assertTrue(agreedValues > cases.size() / 3, "too few successful cases: " + agreedValues);
    }

    private static boolean numpyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String runPython(String input) throws Exception {
        Process p = new ProcessBuilder("python3", "-c", SCRIPT).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python3 timed out");
        }
        assertEquals(0, p.exitValue(), () -> "python3 failed: " + new String(err.join(), StandardCharsets.UTF_8));
        return new String(out.get(), StandardCharsets.UTF_8);
    }

    private static byte[] readAll(InputStream s) {
        try (s) {
            return s.readAllBytes();
        } catch (IOException e) {
            return ("<" + e + ">").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String toJson(List<Case> cases) {
        StringBuilder b = new StringBuilder("[");
        for (Case c : cases) {
            b.append(b.length() > 1 ? "," : "").append("{\"shape\":").append(Arrays.toString(c.shape))
                    .append(",\"f\":").append(c.fortran ? "true" : "false").append(",\"e\":\"");
            for (char ch : c.inner.toCharArray()) {
                if (ch == '"' || ch == '\\' || ch < 0x20) {
                    b.append(String.format("\\u%04x", (int) ch));
                } else {
                    b.append(ch);
                }
            }
            b.append("\"}");
        }
        return b.append(']').toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object o) {
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private static long[] longs(Object o) {
        return asList(o).stream().mapToLong(x -> (Long) x).toArray();
    }

    /** Just enough JSON for Python's json.dump output: objects, arrays, strings, integers, literals. */
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String s) {
            Json j = new Json(s);
            Object v = j.value();
            j.space();
            if (j.i != s.length()) {
                throw new IllegalArgumentException("trailing JSON at " + j.i);
            }
            return v;
        }

        private Object value() {
            space();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                space();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                do {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    m.put(key, value());
                    space();
                } while (s.charAt(i++) == ',');
                check(s.charAt(i - 1) == '}');
                return m;
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                space();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                do {
                    l.add(value());
                    space();
                } while (s.charAt(i++) == ',');
                check(s.charAt(i - 1) == ']');
                return l;
            }
            if (c == '"') {
                return string();
            }
            for (String lit : new String[] {"true", "false", "null"}) {
                if (s.startsWith(lit, i)) {
                    i += lit.length();
                    return lit.equals("null") ? null : Boolean.valueOf(lit);
                }
            }
            int start = i;
            while (i < s.length() && (s.charAt(i) == '-' || Character.isDigit(s.charAt(i)))) {
                i++;
            }
            return Long.parseLong(s.substring(start, i));
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c != '\\') {
                    b.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            }
        }

        private void expect(char c) {
            check(s.charAt(i++) == c);
        }

        private void check(boolean ok) {
            if (!ok) {
                throw new IllegalArgumentException("bad JSON at " + (i - 1));
            }
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
