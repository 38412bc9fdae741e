package io.npy4j.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.npy4j.select.IndexExpression.Ellipsis;
import io.npy4j.select.IndexExpression.Index;
import io.npy4j.select.IndexExpression.Item;
import io.npy4j.select.IndexExpression.NewAxis;
import io.npy4j.select.IndexExpression.Slice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Brute-force reference model: an array is its shape plus the storage index of every element,
 * listed in C order of the shape. Selections are applied element by element, the obvious way.
 * Also holds the random generators shared by the property and NumPy interop tests.
 */
final class Naive {
    private Naive() {}

    record Arr(long[] shape, long[] values) {
        long size() {
            return values.length;
        }
    }

    /** The whole stored array: element (i0..ik) holds its storage index. */
    static Arr storage(long[] shape, boolean fortran) {
        int n = (int) product(shape);
        long[] values = new long[n];
        long[] idx = new long[shape.length];
        for (int c = 0; c < n; c++) {
            long e = 0;
            long stride = 1;
            for (int i = 0; i < shape.length; i++) {
                int a = fortran ? i : shape.length - 1 - i;
                e += idx[a] * stride;
                stride *= shape[a];
            }
            values[c] = e;
            increment(idx, shape);
        }
        return new Arr(shape.clone(), values);
    }

    static long product(long[] shape) {
        long p = 1;
        for (long d : shape) {
            p *= d;
        }
        return p;
    }

    /** C-order odometer step; returns false after the last index. */
    static boolean increment(long[] idx, long[] shape) {
        for (int a = idx.length - 1; a >= 0; a--) {
            if (++idx[a] < shape[a]) {
                return true;
            }
            idx[a] = 0;
        }
        return false;
    }

    static int flat(long[] idx, long[] shape) {
        long f = 0;
        for (int a = 0; a < shape.length; a++) {
            f = f * shape[a] + idx[a];
        }
        return (int) f;
    }

    /** Python slice positions, written out directly from the language reference. */
    static long[] slicePositions(Long start, Long stop, Long step, long n) {
        long k = step == null ? 1 : step;
        List<Long> out = new ArrayList<>();
        if (k > 0) {
            long lo = start == null ? 0 : start < 0 ? Math.max(0, start + n) : Math.min(start, n);
            long hi = stop == null ? n : stop < 0 ? Math.max(0, stop + n) : Math.min(stop, n);
            for (long i = lo; i < hi; i += k) {
                out.add(i);
            }
        } else {
            long hi = start == null ? n - 1 : start < 0 ? Math.max(-1, start + n) : Math.min(start, n - 1);
            long lo = stop == null ? -1 : stop < 0 ? Math.max(-1, stop + n) : Math.min(stop, n - 1);
            for (long i = hi; i > lo; i += k) {
                out.add(i);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** NumPy basic indexing by brute force; throws IndexOutOfBoundsException with NumPy's text. */
    static Arr index(Arr a, List<Item> items) {
        int ndim = a.shape.length;
        long indexed = items.stream().filter(i -> i instanceof Index || i instanceof Slice).count();
        if (indexed > ndim) {
            throw new IndexOutOfBoundsException("too many indices for array: array is " + ndim
                    + "-dimensional, but " + indexed + " were indexed");
        }
        List<Item> full = new ArrayList<>();
        boolean sawEllipsis = false;
        for (Item it : items) {
            if (it instanceof Ellipsis) {
                sawEllipsis = true;
                for (long i = indexed; i < ndim; i++) {
                    full.add(new Slice(null, null, null));
                }
            } else {
                full.add(it);
            }
        }
        if (!sawEllipsis) {
            for (long i = indexed; i < ndim; i++) {
                full.add(new Slice(null, null, null));
            }
        }
        // per source axis: the list of positions, and whether it is kept as a result axis
        long[][] positions = new long[ndim][];
        List<Integer> resultSource = new ArrayList<>(); // source axis per result axis, -1 for new
        int axis = 0;
        for (Item it : full) {
            if (it instanceof NewAxis) {
                resultSource.add(-1);
            } else if (it instanceof Index idx) {
                long n = a.shape[axis];
                if (idx.value() < -n || idx.value() >= n) {
                    throw new IndexOutOfBoundsException("index " + idx.value()
                            + " is out of bounds for axis " + axis + " with size " + n);
                }
                positions[axis++] = new long[] {idx.value() < 0 ? idx.value() + n : idx.value()};
            } else {
                Slice s = (Slice) it;
                positions[axis] = slicePositions(s.start(), s.stop(), s.step(), a.shape[axis]);
                resultSource.add(axis++);
            }
        }
        return gather(a, positions, resultSource);
    }

    /** Result axis r takes positions[resultSource[r]] (or is a new axis if -1); others are fixed. */
    static Arr gather(Arr a, long[][] positions, List<Integer> resultSource) {
        int ndim = a.shape.length;
        long[] shape = new long[resultSource.size()];
        for (int r = 0; r < shape.length; r++) {
            shape[r] = resultSource.get(r) < 0 ? 1 : positions[resultSource.get(r)].length;
        }
        long[] values = new long[(int) product(shape)];
        long[] ridx = new long[shape.length];
        long[] sidx = new long[ndim];
        for (int c = 0; c < values.length; c++) {
            for (int s = 0; s < ndim; s++) {
                sidx[s] = positions[s].length == 0 ? 0 : positions[s][0];
            }
            for (int r = 0; r < shape.length; r++) {
                if (resultSource.get(r) >= 0) {
                    sidx[resultSource.get(r)] = positions[resultSource.get(r)][(int) ridx[r]];
                }
            }
            values[c] = a.values[flat(sidx, a.shape)];
            increment(ridx, shape);
        }
        return new Arr(shape, values);
    }

    /** Python's range(start, stop, step) per axis, bounds checked like slice.indices() output. */
    static Arr hyperslab(Arr a, long[] start, long[] stop, long[] step) {
        if (start.length != a.shape.length) {
            throw new IllegalArgumentException();
        }
        long[][] positions = new long[start.length][];
        List<Integer> resultSource = new ArrayList<>();
        for (int i = 0; i < start.length; i++) {
            long n = a.shape[i];
            long lo = step[i] > 0 ? 0 : -1;
            long hi = step[i] > 0 ? n : n - 1;
            if (start[i] < lo || start[i] > hi || stop[i] < lo || stop[i] > hi) {
                throw new IndexOutOfBoundsException();
            }
            List<Long> p = new ArrayList<>();
            for (long j = start[i]; step[i] > 0 ? j < stop[i] : j > stop[i]; j += step[i]) {
                p.add(j);
            }
            positions[i] = p.stream().mapToLong(Long::longValue).toArray();
            resultSource.add(i);
        }
        return gather(a, positions, resultSource);
    }

    static Arr flatRange(Arr a, long offset, long count) {
        if (offset < 0 || offset + count > a.size()) {
            throw new IndexOutOfBoundsException();
        }
        return new Arr(new long[] {count},
                Arrays.copyOfRange(a.values, (int) offset, (int) (offset + count)));
    }

    static boolean evenlySpaced(long[] values) {
        for (int i = 2; i < values.length; i++) {
            if (values[i] - values[i - 1] != values[1] - values[0]) {
                return false;
            }
        }
        return true;
    }

    /** The values in Fortran order of the shape. */
    static long[] fortranOrder(Arr a) {
        long[] rev = reversed(a.shape);
        long[] out = new long[a.values.length];
        long[] ridx = new long[rev.length];
        long[] idx = new long[rev.length];
        for (int c = 0; c < out.length; c++) {
            for (int i = 0; i < rev.length; i++) {
                idx[i] = ridx[rev.length - 1 - i];
            }
            out[c] = a.values[flat(idx, a.shape)];
            increment(ridx, rev);
        }
        return out;
    }

    static long[] reversed(long[] x) {
        long[] r = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = x[x.length - 1 - i];
        }
        return r;
    }

    /** Region and its copy plans (C and F output, several item sizes) agree with the model. */
    static void assertMatches(Arr expected, Region region) {
        assertArrayEquals(expected.shape, region.shape(), "shape of " + region);
        assertEquals(expected.size(), region.size(), "size of " + region);
        for (int k = 0; k < expected.values.length; k++) {
            assertEquals(expected.values[k], region.storageIndex(k), "storageIndex(" + k + ") of " + region);
        }
        for (boolean fortranOutput : new boolean[] {false, true}) {
            long[] order = fortranOutput ? fortranOrder(expected) : expected.values;
            for (long item : new long[] {1, 3, 8}) {
                assertPlan(order, CopyPlan.of(region, item, fortranOutput), item,
                        region + (fortranOutput ? " F" : " C") + " item " + item);
            }
        }
    }

    static void assertPlan(long[] elements, CopyPlan plan, long item, String what) {
        List<long[]> runs = new ArrayList<>();
        try {
            plan.forEachRun((off, len) -> runs.add(new long[] {off, len}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long[] bytes = new long[elements.length];
        int n = 0;
        for (int r = 0; r < runs.size(); r++) {
            long[] run = runs.get(r);
            assertEquals(plan.runLength(), run[1], what + ": run length");
            assertEquals(plan.runOffset(r), run[0], what + ": runOffset(" + r + ")");
            assertEquals(0, run[1] % item, what);
            for (long b = 0; b < run[1]; b += item) {
                if (n == bytes.length) {
                    throw new AssertionError(what + ": more bytes than elements");
                }
                bytes[n++] = run[0] + b;
            }
        }
        long[] want = Arrays.stream(elements).map(e -> e * item).toArray();
        assertArrayEquals(want, Arrays.copyOf(bytes, n), what + ": byte offsets");
        assertEquals(runs.size(), plan.runCount(), what + ": runCount");
        assertEquals(elements.length * item, plan.byteSize(), what + ": byteSize");
        long first = Arrays.stream(want).min().orElse(0);
        long end = want.length == 0 ? 0 : Arrays.stream(want).max().getAsLong() + item;
        assertEquals(first, plan.firstByte(), what + ": firstByte");
        assertEquals(end, plan.endByte(), what + ": endByte");
        if (runs.size() >= 2) { // maximal: the first two runs share an odometer row
            assertNotEquals(runs.get(0)[0] + plan.runLength(), runs.get(1)[0], what + ": unmerged runs");
        }
    }

    // ---- random generation -------------------------------------------------------------------

    static long[] randomShape(Random r) {
        long[] shape = new long[r.nextInt(6)];
        for (int a = 0; a < shape.length; a++) {
            shape[a] = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(6); // mostly non-empty
        }
        return shape;
    }

    private static long smallInt(Random r) {
        int p = r.nextInt(20);
        return p == 0 ? (r.nextBoolean() ? 1 : -1) * 1_000_000_000_000_000L : r.nextInt(p < 4 ? 17 : 9) - (p < 4 ? 8 : 4);
    }

    private static Long part(Random r) {
        return r.nextInt(5) < 2 ? null : smallInt(r);
    }

    /** Items for an array of the given rank; occasionally (not always valid) extra ones. */
    static List<Item> randomItems(Random r, int rank, boolean allowTwoEllipses) {
        List<Item> items = new ArrayList<>();
        int count = r.nextInt(rank + 3);
        boolean ellipsis = false;
        for (int i = 0; i < count; i++) {
            int p = r.nextInt(20);
            if (p < 2 && (!ellipsis || allowTwoEllipses && r.nextInt(4) == 0)) {
                items.add(new Ellipsis());
                ellipsis = true;
            } else if (p < 5) {
                items.add(new NewAxis());
            } else if (p < 11) {
                items.add(new Index(r.nextInt(8) == 0 ? smallInt(r) : r.nextInt(5) - 2));
            } else {
                Long step = r.nextInt(5) < 2 ? null : r.nextInt(20) == 0 ? 1000L * (r.nextBoolean() ? 1 : -1)
                        : (long) (r.nextBoolean() ? 1 + r.nextInt(3) : -1 - r.nextInt(3));
                items.add(new Slice(part(r), part(r), step));
            }
        }
        return items;
    }

    /** Python-compatible text with random spacing, signs, underscores, brackets, trailing comma. */
    static String render(List<Item> items, Random r, boolean brackets) {
        StringBuilder b = new StringBuilder();
        b.append(brackets ? "[" : "").append(space(r));
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(space(r)).append(',').append(space(r));
            }
            Item it = items.get(i);
            if (it instanceof Index idx) {
                b.append(number(idx.value(), r));
            } else if (it instanceof Slice s) {
                b.append(s.start() == null ? "" : number(s.start(), r)).append(space(r)).append(':')
                        .append(space(r)).append(s.stop() == null ? "" : number(s.stop(), r));
                if (s.step() != null || r.nextInt(4) == 0) {
                    b.append(space(r)).append(':').append(space(r))
                            .append(s.step() == null ? "" : number(s.step(), r));
                }
            } else if (it instanceof NewAxis) {
                b.append(r.nextBoolean() ? "None" : "np.newaxis");
            } else {
                b.append("...");
            }
        }
        if (!items.isEmpty() && r.nextInt(8) == 0) {
            b.append(space(r)).append(',');
        }
        return b.append(space(r)).append(brackets ? "]" : "").toString();
    }

    private static String space(Random r) {
        return r.nextInt(4) == 0 ? " " : "";
    }

    private static String number(long v, Random r) {
        String digits = Long.toString(Math.abs(v));
        if (digits.length() > 3 && r.nextBoolean()) {
            StringBuilder u = new StringBuilder(digits);
            for (int i = u.length() - 3; i > 0; i -= 3) {
                u.insert(i, '_');
            }
            digits = u.toString();
        }
        return (v < 0 ? "-" : r.nextInt(6) == 0 ? "+" : "") + digits;
    }

    static long ellipses(List<Item> items) {
        return items.stream().filter(i -> i instanceof Ellipsis).count();
    }
}
