package io.npy4j.spark;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The options of the npy source (SPEC §19.3), parsed once with the errors a user can act on.
 *
 * @param paths what {@code load(...)} or option {@code path} named (globs allowed)
 * @param member the {@code .npz} member to read (or {@code path.npz:member})
 * @param partitionBytes target bytes per input partition (row windows)
 * @param batchBytes target bytes per columnar batch
 * @param layout how a 2-D non-structured array becomes columns
 * @param hadoopOnly {@code access=hadoop}: read local files through Hadoop's file system too (no mapping)
 * @param writeMode {@code mode}: {@code window} or {@code shards}
 * @param shape {@code shape} of the array a window write produces, or null
 */
record NpyOptions(List<String> paths, String member, long partitionBytes, long batchBytes, Columns.Layout layout,
        boolean hadoopOnly, String writeMode, long[] shape) {

    static final long DEFAULT_PARTITION_BYTES = 128L << 20;
    static final long DEFAULT_BATCH_BYTES = 4L << 20;

    static NpyOptions parse(Map<String, String> raw) {
        CaseInsensitiveStringMap o = raw instanceof CaseInsensitiveStringMap c ? c : new CaseInsensitiveStringMap(raw);
        List<String> paths = new ArrayList<>();
        if (o.containsKey("paths")) {
            paths.addAll(jsonStrings(o.get("paths")));
        }
        if (o.containsKey("path")) {
            paths.add(o.get("path"));
        }
        String access = o.getOrDefault("access", "auto").toLowerCase(Locale.ROOT);
        if (!access.equals("auto") && !access.equals("hadoop")) {
            throw new IllegalArgumentException("npy: access must be 'auto' or 'hadoop', not '" + access + "'");
        }
        String mode = o.getOrDefault("mode", "window").toLowerCase(Locale.ROOT);
        if (!mode.equals("window") && !mode.equals("shards")) {
            throw new IllegalArgumentException("npy: write mode must be 'window' or 'shards', not '" + mode + "'");
        }
        return new NpyOptions(List.copyOf(paths), o.get("member"),
                bytes(o, "partitionBytes", DEFAULT_PARTITION_BYTES), bytes(o, "batchBytes", DEFAULT_BATCH_BYTES),
                Columns.Layout.parse(o.getOrDefault("layout", "array")), access.equals("hadoop"), mode,
                o.containsKey("shape") ? shape(o.get("shape")) : null);
    }

    /** {@code 1000}, {@code 1000,3}, {@code (1000, 3)}. */
    static long[] shape(String s) {
        String t = s.strip();
        if (t.startsWith("(") && t.endsWith(")")) {
            t = t.substring(1, t.length() - 1);
        }
        List<Long> dims = new ArrayList<>();
        for (String part : t.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                long d = Long.parseLong(part.strip());
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("npy: shape must be non-negative integers such as '1000,3', not '"
                        + s + "'");
            }
        }
        if (dims.isEmpty()) {
            throw new IllegalArgumentException("npy: shape needs at least the number of rows, got '" + s + "'");
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** A byte count: digits with an optional k, m or g suffix (powers of 1024). */
    private static long bytes(CaseInsensitiveStringMap o, String key, long dflt) {
        String v = o.get(key);
        if (v == null) {
            return dflt;
        }
        String t = v.strip().toLowerCase(Locale.ROOT);
        int shift = t.endsWith("k") ? 10 : t.endsWith("m") ? 20 : t.endsWith("g") ? 30 : 0;
        try {
            long n = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1).strip());
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, 1L << shift);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("npy: " + key + " must be a positive byte count such as 64m, not '"
                    + v + "'");
        }
    }

    private static List<String> jsonStrings(String json) {
        List<String> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IllegalArgumentException("npy: option 'paths' must be a JSON array of strings");
            }
            while (p.nextToken() == JsonToken.VALUE_STRING) {
                out.add(p.getText());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("npy: option 'paths' is not JSON: " + e.getMessage(), e);
        }
        return out;
    }
}
