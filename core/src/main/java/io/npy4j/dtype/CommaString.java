package io.npy4j.dtype;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's comma-string type syntax inside a descr string: {@code 'i4,f8'} (fields f0, f1), {@code 'i4,'} (one
 * field), and shape prefixes {@code '(2,3)f8'} / {@code '2i4'} (subarrays). No NumPy writer emits these, but
 * {@code np.load} accepts them, so we do too.
 */
final class CommaString {
    private static final Pattern PART = Pattern.compile("\\s*(?:\\(([0-9,\\s]*)\\)|([0-9]+)(?=[^0-9]))?(.+?)\\s*");

    private CommaString() {
    }

    static DType parse(String s) {
        List<String> parts = new ArrayList<>(List.of(s.split(",", -1)));
        // commas inside a shape prefix '(2,3)' belong to that part: glue them back
        List<String> glued = new ArrayList<>();
        StringBuilder cur = null;
        for (String p : parts) {
            if (cur != null) {
                cur.append(',').append(p);
                if (p.contains(")")) {
                    glued.add(cur.toString());
                    cur = null;
                }
            } else if (p.contains("(") && !p.contains(")")) {
                cur = new StringBuilder(p);
            } else {
                glued.add(p);
            }
        }
        if (cur != null) {
            throw invalid(s);
        }
        boolean struct = glued.size() > 1;
        if (struct && glued.get(glued.size() - 1).isBlank()) {
            glued.remove(glued.size() - 1); // 'i4,' is a one-field struct
        }
        List<String> names = new ArrayList<>();
        List<DType> types = new ArrayList<>();
        for (String p : glued) {
            if (p.isBlank()) {
                throw invalid(s);
            }
            types.add(part(p, s));
            names.add("f" + names.size());
        }
        return struct ? StructType.packed(names, types) : types.get(0);
    }

    private static DType part(String p, String whole) {
        Matcher m = PART.matcher(p);
        if (!m.matches()) {
            throw invalid(whole);
        }
        DType base = ScalarType.parse(m.group(3));
        long[] dims;
        if (m.group(1) != null) {
            String inner = m.group(1).trim();
            if (!inner.endsWith(",") && !inner.contains(",")) {
                throw invalid(whole); // '(2)i4' is not a tuple
            }
            List<Long> ds = new ArrayList<>();
            for (String d : inner.split(",")) {
                if (!d.isBlank()) {
                    ds.add(Long.parseLong(d.trim()));
                }
            }
            dims = ds.stream().mapToLong(Long::longValue).toArray();
        } else if (m.group(2) != null) {
            dims = new long[] {Long.parseLong(m.group(2))};
        } else {
            return base;
        }
        return dims.length == 0 ? base : new SubarrayType(base, Shape.of(dims));
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("data type " + new io.npy4j.literal.PyValue.Str(s).repr()
                + " not understood");
    }
}
