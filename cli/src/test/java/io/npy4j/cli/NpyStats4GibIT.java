package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code npy stats} of a 4 GiB sparse float32 file with three values set: the figures NumPy's nan-functions give for
 * it are known in closed form (min, max, counts exactly; mean and std of n-1 values, two non-zero), so the whole
 * 4 GiB is checked without a NumPy process that would need 4 GiB of memory.
 */
class NpyStats4GibIT {
    @TempDir
    Path dir;

    @Test
    void statsOfA4GibSparseFileMatchTheClosedForm() throws Exception {
        long n = (1L << 30) + 3; // 4 GiB + 12 bytes of float32
        Path f = dir.resolve("sparse.npy");
        try (NpyArray a = Npy.create(f, NpyHeader.of(ScalarType.FLOAT32, Shape.of(n), false))) {
            a.setDouble(-2.5, 0);
            a.setDouble(Double.NaN, 1);
            a.setDouble(7, n - 1);
        }
        String[] r = CliRunner.run(new NpyStatsCommand(), "--json", f.toString());
        assertEquals("0", r[0], r[2]);
        String json = r[1];
        long finite = n - 1;
        double mean = 4.5 / finite;
        double meanSquares = (2.5 * 2.5 + 49) / finite;
        double std = Math.sqrt(meanSquares - mean * mean);
        assertEquals(n, number(json, "count"), 0);
        assertEquals(1, number(json, "nan"), 0);
        assertEquals(n - 3, number(json, "zeros"), 0);
        assertEquals(-2.5, number(json, "min"), 0);
        assertEquals(7, number(json, "max"), 0);
        assertEquals(mean, number(json, "mean"), 1e-12 * Math.abs(mean), json);
        assertEquals(std, number(json, "std"), 1e-12 * std, json);
        assertTrue(json.contains("\"posinf\":0") && json.contains("\"neginf\":0"), json);
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":([-0-9.eE+]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
