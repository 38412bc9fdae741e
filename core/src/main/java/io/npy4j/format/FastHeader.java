package io.npy4j.format;

import io.npy4j.FormatVersion;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import io.npy4j.literal.PyValue;

/**
 * The header text exactly as {@code np.save} writes it for a plain dtype, recognised without the general literal
 * parser: {@code {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }}, space padding, newline. Reading a
 * header is syscall-bound, and the general parser (tokens, a dict of values, big integers) was a third of the cost.
 *
 * <p>Anything else, including every malformed header, returns {@code null} and takes the general path, which gives
 * the result or the typed error; where this path answers, its answer is the general path's (a property test
 * compares the two).
 */
final class FastHeader {
    private static final String DESCR = "{'descr': '";
    private static final String FORTRAN = "', 'fortran_order': ";
    private static final String SHAPE = ", 'shape': (";

    private FastHeader() {
    }

    /** The header, or null when {@code text} is not in {@code np.save}'s exact form for a string descr. */
    static NpyHeader tryParse(String text, FormatVersion version, long headerLen) {
        if (!text.startsWith(DESCR)) {
            return null;
        }
        int p = DESCR.length();
        int descrEnd = p;
        while (descrEnd < text.length() && plain(text.charAt(descrEnd))) {
            descrEnd++;
        }
        if (descrEnd == p || !text.startsWith(FORTRAN, descrEnd)) {
            return null;
        }
        String descr = text.substring(p, descrEnd);
        p = descrEnd + FORTRAN.length();
        boolean fortran;
        if (text.startsWith("False", p)) {
            fortran = false;
            p += 5;
        } else if (text.startsWith("True", p)) {
            fortran = true;
            p += 4;
        } else {
            return null;
        }
        if (!text.startsWith(SHAPE, p)) {
            return null;
        }
        p += SHAPE.length();
        long[] dims = new long[4];
        int rank = 0;
        if (text.startsWith(")", p)) { // ()
            p++;
        } else {
            for (;;) {
                int start = p;
                while (p < text.length() && text.charAt(p) >= '0' && text.charAt(p) <= '9') {
                    p++;
                }
                int digits = p - start;
                if (digits == 0 || digits > 19 || digits > 1 && text.charAt(start) == '0') {
                    return null; // not a literal np.save writes, or past 2^63 (the general path says so)
                }
                if (rank == dims.length) {
                    if (rank == Shape.MAX_RANK) {
                        return null;
                    }
                    dims = java.util.Arrays.copyOf(dims, Math.min(2 * rank, Shape.MAX_RANK));
                }
                try {
                    dims[rank++] = Long.parseLong(text, start, p, 10);
                } catch (NumberFormatException e) {
                    return null; // 19 digits past 2^63-1
                }
                if (text.startsWith(",)", p)) { // the last (or only) dimension
                    if (rank > 1) {
                        return null; // np.save writes (3, 4), not (3, 4,)
                    }
                    p += 2;
                    break;
                }
                if (text.startsWith(")", p) && rank > 1) {
                    p++;
                    break;
                }
                if (!text.startsWith(", ", p)) {
                    return null;
                }
                p += 2;
            }
        }
        if (!text.startsWith(", }", p)) {
            return null;
        }
        p += 3;
        int last = text.length() - 1;
        if (last < p || text.charAt(last) != '\n') {
            return null;
        }
        for (int i = p; i < last; i++) {
            if (text.charAt(i) != ' ') {
                return null;
            }
        }
        try {
            DType dtype = DType.fromDescr(new PyValue.Str(descr));
            if (dtype instanceof io.npy4j.dtype.SubarrayType) {
                return null; // '0<i2' is a subarray: refused at the top level, with the general path's message
            }
            Shape shape = Shape.of(java.util.Arrays.copyOf(dims, rank));
            if (!dtype.hasObjects()) {
                Math.addExact(version.prefixLength() + headerLen, Math.multiplyExact(shape.size(), dtype.itemSize()));
            }
            return new NpyHeader(version, dtype, shape, fortran, headerLen);
        } catch (RuntimeException e) {
            return null; // a bad descr or an overflowing shape: the general path says which, with its message
        }
    }

    /** Characters of the type strings np.save writes ({@code <f8}, {@code |S3}, {@code <M8[ns]}): no escapes. */
    private static boolean plain(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '<' || c == '>'
                || c == '|' || c == '=' || c == '[' || c == ']';
    }
}
