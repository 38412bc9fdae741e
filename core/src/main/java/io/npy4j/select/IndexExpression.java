package io.npy4j.select;

import io.npy4j.literal.Excerpt;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NumPy basic indexing, parsed from text and resolved exactly as NumPy does.
 *
 * <p>Grammar: optional surrounding {@code [ ]}; comma-separated items, a trailing comma allowed,
 * no items selecting everything; whitespace anywhere between tokens. An item is
 * <ul>
 *   <li>an integer: optional {@code +}/{@code -}, decimal digits (at most 4,300, Python's limit),
 *       {@code _} allowed between digits and no leading zeros, as in Python. It picks one position and drops the axis;
 *       negative values count from the end;</li>
 *   <li>a slice {@code start:stop} or {@code start:stop:step}, any part omitted; bounds are
 *       clamped like CPython's {@code PySlice_AdjustIndices} (bounds beyond 64 bits saturate,
 *       which clamps identically); step 0 is rejected;</li>
 *   <li>{@code ...}, at most once: as many full slices as needed;</li>
 *   <li>{@code None}, {@code np.newaxis} or {@code numpy.newaxis}: a new axis of length 1.</li>
 * </ul>
 * Missing trailing axes are full slices. Resolution errors carry NumPy's own messages, e.g.
 * {@code "too many indices for array: array is 2-dimensional, but 3 were indexed"} and
 * {@code "index 7 is out of bounds for axis 1 with size 5"}.
 */
public final class IndexExpression implements Selection {

    /** One parsed item; {@code null} slice parts mean "omitted". */
    sealed interface Item permits Index, Slice, NewAxis, Ellipsis {}

    record Index(long value) implements Item {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    record Slice(Long start, Long stop, Long step) implements Item {
        @Override
        public String toString() {
            return (start == null ? "" : start) + ":" + (stop == null ? "" : stop)
                    + (step == null ? "" : ":" + step);
        }
    }

    record NewAxis() implements Item {
        @Override
        public String toString() {
            return "None";
        }
    }

    record Ellipsis() implements Item {
        @Override
        public String toString() {
            return "...";
        }
    }

    static final IndexExpression ALL = new IndexExpression(List.of(new Ellipsis()));

    private final List<Item> items;

    private IndexExpression(List<Item> items) {
        this.items = List.copyOf(items);
    }

    /**
     * Parses the text (see the class comment for the grammar).
     *
     * @throws SelectionSyntaxException with the column of the first problem
     */
    public static IndexExpression parse(String text) {
        return new IndexExpression(new Parser(text).expression());
    }

    List<Item> items() {
        return items;
    }

    @Override
    public Region resolve(long[] shape, boolean fortranOrder) {
        return applyTo(Region.whole(shape, fortranOrder));
    }

    Region applyTo(Region source) {
        int ndim = source.rank();
        int indexed = 0;
        int newAxes = 0;
        int integers = 0;
        for (Item item : items) {
            if (item instanceof Index || item instanceof Slice) {
                indexed++;
                integers += item instanceof Index ? 1 : 0;
            } else if (item instanceof NewAxis) {
                newAxes++;
            }
        }
        if (indexed > ndim) {
            throw new IndexOutOfBoundsException("too many indices for array: array is " + ndim
                    + "-dimensional, but " + indexed + " were indexed");
        }
        int resultRank = ndim - integers + newAxes;
        if (resultRank > Region.MAX_RANK) {
            // NumPy's prepare_index: a result NumPy could not create (or load, once written)
            throw new IndexOutOfBoundsException("number of dimensions must be within [0, " + Region.MAX_RANK
                    + "]: the selection has " + resultRank);
        }
        long base = source.base();
        long[] counts = new long[ndim + newAxes];
        long[] strides = new long[ndim + newAxes];
        int out = 0;
        int axis = 0;
        for (Item item : items) {
            if (item instanceof Ellipsis) {
                for (int i = indexed; i < ndim; i++, axis++, out++) {
                    counts[out] = source.count(axis);
                    strides[out] = source.stride(axis);
                }
            } else if (item instanceof NewAxis) {
                counts[out++] = 1;
            } else if (item instanceof Index index) {
                long n = source.count(axis);
                long i = index.value() < 0 ? index.value() + n : index.value();
                if (i < 0 || i >= n) {
                    throw new IndexOutOfBoundsException("index " + index.value()
                            + " is out of bounds for axis " + axis + " with size " + n);
                }
                base = Math.addExact(base, Math.multiplyExact(i, source.stride(axis)));
                axis++;
            } else {
                Slice s = (Slice) item;
                long n = source.count(axis);
                long step = s.step() == null ? 1 : s.step();
                long start = adjust(s.start(), n, step, step > 0 ? 0 : n - 1);
                long stop = adjust(s.stop(), n, step, step > 0 ? n : -1);
                long count = Hyperslab.length(start, stop, step);
                if (count > 0) {
                    base = Math.addExact(base, Math.multiplyExact(start, source.stride(axis)));
                }
                counts[out] = count;
                strides[out++] = count > 1 ? Math.multiplyExact(step, source.stride(axis)) : 0;
                axis++;
            }
        }
        for (; axis < ndim; axis++, out++) { // no ellipsis: trailing axes are full slices
            counts[out] = source.count(axis);
            strides[out] = source.stride(axis);
        }
        return new Region(base, Arrays.copyOf(counts, out), Arrays.copyOf(strides, out));
    }

    /** One slice bound clamped as in CPython's {@code PySlice_AdjustIndices}. */
    private static long adjust(Long bound, long n, long step, long omitted) {
        if (bound == null) {
            return omitted;
        }
        long b = bound;
        if (b < 0) {
            b += n; // cannot overflow: n >= 0
            if (b < 0) {
                b = step < 0 ? -1 : 0;
            }
        } else if (b >= n) {
            b = step < 0 ? n - 1 : n;
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexExpression e && items.equals(e.items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    /** Canonical text that parses back to an equal expression, e.g. {@code "[10:20, ::-2, ..., 5]"}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(items.get(i));
        }
        return b.append(']').toString();
    }

    /** Recursive descent over the characters; every error names its column. */
    private static final class Parser {
        private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
        private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
        private static final BigInteger STEP_MIN = BigInteger.valueOf(-Long.MAX_VALUE);
        /** Python 3.11's limit on the digits of an int literal, as the header parser has. */
        private static final int MAX_DIGITS = 4300;

        private final String text;
        private int pos;
        private boolean ellipsis;

        Parser(String text) {
            if (text == null) {
                throw new NullPointerException("text");
            }
            this.text = text;
        }

        List<Item> expression() {
            skipSpace();
            boolean bracket = peek('[');
            if (bracket) {
                pos++;
                skipSpace();
            }
            List<Item> items = new ArrayList<>();
            while (!atEnd(bracket)) {
                items.add(item());
                skipSpace();
                if (peek(',')) {
                    pos++;
                    skipSpace();
                } else if (!bracket && peek(']')) {
                    throw error("unmatched ']'", pos);
                } else if (!atEnd(bracket)) {
                    throw error("expected ',' or " + (bracket ? "']'" : "end of text"), pos);
                }
            }
            if (bracket) {
                if (!peek(']')) {
                    throw error("expected ']'", pos);
                }
                pos++;
                skipSpace();
            }
            if (pos < text.length()) {
                throw error(peek(']') ? "unmatched ']'" : "unexpected text after ']'", pos);
            }
            return items;
        }

        private boolean atEnd(boolean bracket) {
            return pos == text.length() || (bracket && peek(']'));
        }

        private Item item() {
            int begin = pos;
            if (text.startsWith("...", pos)) {
                if (ellipsis) {
                    throw error("an index can only have a single ellipsis ('...')", begin);
                }
                ellipsis = true;
                pos += 3;
                return new Ellipsis();
            }
            if (pos < text.length() && Character.isJavaIdentifierStart(text.charAt(pos))) {
                String name = dottedName();
                if (name.equals("None") || name.equals("np.newaxis") || name.equals("numpy.newaxis")) {
                    return new NewAxis();
                }
                throw error("unknown name '" + Excerpt.of(name)
                        + "' (expected an integer, a slice, '...', None or np.newaxis)", begin);
            }
            int firstColumn = pos;
            BigInteger first = integer();
            skipSpace();
            if (!peek(':')) {
                if (first == null) {
                    throw error("expected an integer, a slice, '...', None or np.newaxis", pos);
                }
                if (first.bitLength() > 63) {
                    throw error("index " + Excerpt.of(first.toString()) + " does not fit in 64 bits", firstColumn);
                }
                return new Index(first.longValueExact());
            }
            pos++;
            skipSpace();
            BigInteger stop = integer();
            skipSpace();
            BigInteger step = null;
            if (peek(':')) {
                pos++;
                skipSpace();
                int stepColumn = pos;
                step = integer();
                if (step != null && step.signum() == 0) {
                    throw error("slice step cannot be zero", stepColumn);
                }
            }
            return new Slice(clamp(first, LONG_MIN), clamp(stop, LONG_MIN), clamp(step, STEP_MIN));
        }

        /** Saturating conversion: beyond 64 bits a bound clamps exactly as its saturated value. */
        private static Long clamp(BigInteger v, BigInteger min) {
            return v == null ? null : v.max(min).min(LONG_MAX).longValue();
        }

        /** An optionally signed integer, or {@code null} (consuming nothing) if none starts here. */
        private BigInteger integer() {
            boolean negative = false;
            if (peek('+') || peek('-')) {
                negative = peek('-');
                pos++;
                skipSpace();
                if (!digitAt(pos)) {
                    throw error("expected digits after the sign", pos);
                }
            } else if (!digitAt(pos)) {
                return null;
            }
            int begin = pos;
            StringBuilder digits = new StringBuilder();
            while (true) {
                if (digits.length() == MAX_DIGITS) {
                    // as the header parser and Python 3.11: BigInteger parsing is quadratic in the digits
                    throw error("integer has more than " + MAX_DIGITS + " digits", begin);
                }
                digits.append(text.charAt(pos++));
                if (peek('_')) {
                    if (!digitAt(pos + 1)) {
                        throw error("invalid decimal literal: '_' must be between digits", pos);
                    }
                    pos++;
                } else if (!digitAt(pos)) {
                    break;
                }
            }
            if (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
                throw error("invalid decimal literal", pos);
            }
            if (digits.charAt(0) == '0' && digits.chars().anyMatch(c -> c != '0')) {
                throw error("leading zeros in decimal integer literals are not permitted", begin);
            }
            BigInteger v = new BigInteger(digits.toString());
            return negative ? v.negate() : v;
        }

        /** {@code name (. name)*}, whitespace allowed around the dots as in Python. */
        private String dottedName() {
            StringBuilder b = new StringBuilder(name());
            while (true) {
                int save = pos;
                skipSpace();
                if (!peek('.') || text.startsWith("...", pos)) {
                    pos = save;
                    return b.toString();
                }
                pos++;
                skipSpace();
                if (pos == text.length() || !Character.isJavaIdentifierStart(text.charAt(pos))) {
                    throw error("expected a name after '.'", pos);
                }
                b.append('.').append(name());
            }
        }

        private String name() {
            int begin = pos;
            while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
                pos++;
            }
            return text.substring(begin, pos);
        }

        private boolean digitAt(int i) {
            return i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9';
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private SelectionSyntaxException error(String problem, int column) {
            return new SelectionSyntaxException(problem, text, column);
        }
    }
}
