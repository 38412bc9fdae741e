package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.literal.PyValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.sessions.JqwikSession;
import net.jqwik.api.RandomGenerator;

/** Shared plumbing of the NumPy cross-checks: seeded samples, python literals, batched scripts, byte orders. */
final class InteropSupport {
    /** Imports, the format module under either name, and a tab-separated line reader. */
    static final String PRELUDE = String.join("\n",
            "import ast, io, os, sys, warnings",
            "import numpy as np",
            "try:",
            "    import numpy.lib._format_impl as fmt",
            "except ImportError:",
            "    import numpy.lib.format as fmt",
            "warnings.simplefilter('ignore')",
            "def lines(path):",
            "    return [l.split('\\t') for l in open(path, encoding='utf-8').read().split('\\n') if l]",
            "def dt_of(descr):",
            "    return fmt.descr_to_dtype(ast.literal_eval(descr))",
            "def shape_of(s):",
            "    return tuple(int(x) for x in s.split(',') if x)",
            "");

    private InteropSupport() {
    }

    /** {@code count} values of {@code arb}, reproducibly from {@code seed}, outside a property. */
    static <T> List<T> sample(Arbitrary<T> arb, int count, long seed) {
        List<T> out = new ArrayList<>();
        JqwikSession.run(() -> {
            RandomGenerator<T> gen = arb.generator(1000);
            Random random = new Random(seed);
            while (out.size() < count) {
                out.add(gen.next(random).value());
            }
        });
        return out;
    }

    /** A Python str literal. */
    static String py(String s) {
        return new PyValue.Str(s).repr();
    }

    /** Shape as the comma list {@code shape_of} reads. */
    static String dims(long[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return sb.toString();
    }

    static Path writeLines(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** Tab-separated stdout lines. */
    static List<String[]> outputLines(String stdout) {
        List<String[]> out = new ArrayList<>();
        for (String l : stdout.split("\n")) {
            if (!l.isEmpty()) {
                out.add(l.split("\t", -1));
            }
        }
        return out;
    }

    static void assertNoMismatches(int checked, List<String> mismatches) {
        assertTrue(mismatches.isEmpty(), () -> mismatches.size() + " of " + checked + " disagree:\n"
                + String.join("\n", mismatches.subList(0, Math.min(Integer.getInteger("npy4j.test.mismatches", 12), mismatches.size()))));
    }

    /** The elements of data stored in {@code fortran} order, rearranged into C order of {@code shape}. */
    static byte[] cOrder(byte[] storage, long[] shape, int item, boolean fortran) {
        if (!fortran) {
            return storage.clone();
        }
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        byte[] out = new byte[(int) (n * item)];
        int[] idx = new int[shape.length];
        for (int k = 0; k < n; k++) {
            long f = 0;
            long stride = 1;
            for (int a = 0; a < shape.length; a++) {
                f += idx[a] * stride;
                stride *= shape[a];
            }
            System.arraycopy(storage, (int) (f * item), out, k * item, item);
            for (int a = shape.length - 1; a >= 0; a--) { // C-order odometer
                if (++idx[a] < shape[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
        return out;
    }

    /** Every element's stored bytes, in C order. */
    static byte[] rawC(NpyArray a) {
        byte[] b = new byte[Math.toIntExact(a.size() * a.dtype().itemSize())];
        a.readRaw(0, b, 0, (int) a.size());
        return b;
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
