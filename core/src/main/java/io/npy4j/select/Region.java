package io.npy4j.select;

import java.util.Arrays;

/**
 * A resolved selection: the result shape plus an affine map from result positions to storage
 * element indices. Pure arithmetic, no data is touched.
 *
 * <p>The element at result index {@code (i0, ..., ik)} is the storage element
 * {@code base() + i0*strides()[0] + ... + ik*strides()[k]}; storage element {@code e} starts at
 * byte {@code e * itemSize} of the data region. Strides are in elements, may be negative (reversed
 * slices) and are normalised to 0 on axes of length 1 (so two regions are {@link #equals equal}
 * exactly when they have the same shape and select the same storage elements in the same
 * positions). An empty region has base 0 and all strides 0.
 *
 * <p>Obtain one with {@link Selection#resolve(long[], boolean)}; refine it with
 * {@link #then(Selection)}; turn it into byte runs with {@link CopyPlan#of(Region, long, boolean)}.
 */
public final class Region {
    /** Most axes an array or a selection result may have: NumPy's {@code NPY_MAXDIMS}. */
    static final int MAX_RANK = 64;
    private final long base;
    private final long[] counts;
    private final long[] strides;
    private final long size;

    /** Takes ownership of the arrays; normalises strides and the base of empty regions. */
    Region(long base, long[] counts, long[] strides) {
        if (counts.length != strides.length) {
            throw new IllegalArgumentException("counts " + Arrays.toString(counts)
                    + " and strides " + Arrays.toString(strides) + " differ in length");
        }
        long n = 1;
        boolean empty = false;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count in " + Arrays.toString(counts));
            }
            empty |= c == 0;
        }
        if (!empty) {
            for (long c : counts) {
                n = Math.multiplyExact(n, c);
            }
        }
        this.size = empty ? 0 : n;
        this.base = empty ? 0 : base;
        this.counts = counts;
        this.strides = strides;
        for (int a = 0; a < counts.length; a++) {
            if (empty || counts[a] == 1) {
                strides[a] = 0;
            }
        }
    }

    /**
     * The whole array of the given storage shape, in its own axis order: strides are C-order
     * ({@code prod(shape[a+1:])}) or Fortran-order ({@code prod(shape[:a])}).
     */
    static Region whole(long[] shape, boolean fortranOrder) {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("shape has " + shape.length + " dimensions; at most " + MAX_RANK
                    + " are supported (NumPy's limit)");
        }
        long total = 1;
        boolean empty = false;
        for (int a = 0; a < shape.length; a++) {
            if (shape[a] < 0) {
                throw new IllegalArgumentException("negative dimension " + shape[a] + " at axis " + a
                        + " in shape " + Arrays.toString(shape));
            }
            empty |= shape[a] == 0;
        }
        if (!empty) {
            try {
                for (long d : shape) {
                    total = Math.multiplyExact(total, d);
                }
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has more than " + Long.MAX_VALUE + " elements", e);
            }
        }
        long[] strides = new long[shape.length];
        if (!empty) {
            long s = 1;
            for (int i = 0; i < shape.length; i++) {
                int a = fortranOrder ? i : shape.length - 1 - i;
                strides[a] = s;
                s *= shape[a]; // partial products of a product that fits: no overflow
            }
        }
        return new Region(0, shape.clone(), strides);
    }

    /** The result shape (a copy). */
    public long[] shape() {
        return counts.clone();
    }

    /** Number of result axes. */
    public int rank() {
        return counts.length;
    }

    /** Number of selected elements (product of the shape; 1 for a 0-d result). */
    public long size() {
        return size;
    }

    /** Storage element index of the result element {@code (0, ..., 0)}; 0 for an empty region. */
    public long base() {
        return base;
    }

    /** Per result axis, the storage element distance between neighbours on that axis (a copy). */
    public long[] strides() {
        return strides.clone();
    }

    long count(int axis) {
        return counts[axis];
    }

    long stride(int axis) {
        return strides[axis];
    }

    /**
     * Storage element index of the {@code k}-th result element in C order of the result shape.
     * O(rank) arithmetic.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= k < size()}
     */
    public long storageIndex(long k) {
        if (k < 0 || k >= size) {
            throw new IndexOutOfBoundsException("element " + k + " is out of bounds for a region of "
                    + size + " elements");
        }
        long e = base;
        for (int a = counts.length - 1; a >= 0; a--) {
            e += (k % counts[a]) * strides[a];
            k /= counts[a];
        }
        return e;
    }

    /**
     * Applies {@code inner} to this region's result shape and returns the composed region over
     * the same storage: selecting with {@code this} and then {@code inner} equals selecting with
     * {@code inner} from the materialised result of {@code this}.
     *
     * <p>An {@link ElementRange} here counts elements in C order of this region's result (not
     * storage order, which the region may not follow). Because a region is a strided view, the
     * range must select elements evenly spaced in storage, which always holds when the region is
     * contiguous, when the range stays within one innermost row, or when it has at most two
     * elements; otherwise an {@link IllegalArgumentException} explains the mismatch.
     *
     * @throws IndexOutOfBoundsException  as {@link Selection#resolve(long[], boolean)}
     * @throws IllegalArgumentException   as {@link Selection#resolve(long[], boolean)}
     */
    public Region then(Selection inner) {
        if (inner instanceof ElementRange r) {
            return r.applyTo(this);
        }
        if (inner instanceof Hyperslab h) {
            return h.applyTo(this);
        }
        return ((IndexExpression) inner).applyTo(this);
    }

    /** Elements {@code [offset, offset+count)} in C order of the result, as a 1-D region. */
    Region flatRange(long offset, long count) {
        if (offset < 0 || count < 0 || count > size - offset) {
            throw new IndexOutOfBoundsException("element range offset " + offset + ", count " + count
                    + " is out of bounds for a region of shape " + Arrays.toString(counts)
                    + " with " + size + " elements");
        }
        if (count <= 1) {
            return new Region(count == 0 ? 0 : storageIndex(offset), new long[] {count}, new long[1]);
        }
        // Canonical axes: drop length-1 axes, merge neighbours that are contiguous as one run.
        long[] n = new long[counts.length];
        long[] s = new long[counts.length];
        int k = 0; // canonical axes are stored innermost first in n[0..k)
        for (int a = counts.length - 1; a >= 0; a--) {
            if (counts[a] == 1) {
                continue;
            }
            if (k > 0 && follows(strides[a], n[k - 1], s[k - 1])) {
                n[k - 1] *= counts[a];
            } else {
                n[k] = counts[a];
                s[k] = strides[a];
                k++;
            }
        }
        // Step g-1 -> g carries into canonical level j iff P_j | g and not P_{j+1} | g, where P_j is
        // the product of the levels inside j. Each level has a fixed storage step; the range is
        // evenly spaced iff every level it carries into has the same step.
        long lo = offset + 1;
        long hi = offset + count - 1;
        long inside = 1; // P_j
        long rewind = 0; // sum over inner levels of (n-1)*s
        long step = 0;
        boolean found = false;
        for (int j = 0; j < k; j++) {
            long outer = inside * n[j];
            long hits = multiples(inside, lo, hi) - (j == k - 1 ? 0 : multiples(outer, lo, hi));
            long levelStep = s[j] - rewind;
            if (hits > 0) {
                if (found && levelStep != step) {
                    throw new IllegalArgumentException("element range offset " + offset + ", count "
                            + count + " of a region of shape " + Arrays.toString(counts)
                            + " with strides " + Arrays.toString(strides)
                            + " is not evenly spaced in storage (steps of " + step + " and "
                            + levelStep + " elements); a Region can only describe strided selections");
                }
                step = levelStep;
                found = true;
            }
            rewind += (n[j] - 1) * s[j];
            inside = outer;
        }
        return new Region(storageIndex(offset), new long[] {count}, new long[] {step});
    }

    /** Whether an axis of this stride continues a run of {@code innerCount} at {@code innerStride}. */
    static boolean follows(long stride, long innerCount, long innerStride) {
        try {
            return stride == Math.multiplyExact(innerCount, innerStride);
        } catch (ArithmeticException e) {
            return false;
        }
    }

    /** How many multiples of {@code p > 0} lie in {@code [lo, hi]}, {@code lo >= 1}. */
    private static long multiples(long p, long lo, long hi) {
        return hi < lo ? 0 : hi / p - (lo - 1) / p;
    }

    /**
     * The same selection with every storage index moved by {@code delta}: the region as seen from storage that
     * starts {@code -delta} elements later (a window that begins at the region's first element, a block of a larger
     * array).
     *
     * @throws ArithmeticException if an index would overflow
     */
    public Region shifted(long delta) {
        if (size == 0 || delta == 0) {
            return this;
        }
        return new Region(Math.addExact(base, delta), counts.clone(), strides.clone());
    }

    /**
     * The sub-region at index {@code i} of the first axis, one axis fewer (NumPy's {@code a[i]}); a negative
     * {@code i} counts from the end.
     *
     * @throws IllegalArgumentException for a 0-d region
     * @throws IndexOutOfBoundsException unless {@code -shape[0] <= i < shape[0]}
     */
    public Region row(long i) {
        if (counts.length == 0) {
            throw new IllegalArgumentException("a 0-d array has no rows");
        }
        long n = counts[0];
        long j = i < 0 ? i + n : i;
        if (j < 0 || j >= n) {
            throw new IndexOutOfBoundsException("index " + i + " is out of bounds for axis 0 with size " + n);
        }
        return new Region(base + j * strides[0], Arrays.copyOfRange(counts, 1, counts.length),
                Arrays.copyOfRange(strides, 1, strides.length));
    }

    /** Whether the region's elements lie at consecutive storage indices in C order of its shape (or Fortran). */
    public boolean isContiguous(boolean fortranOrder) {
        if (size == 0) {
            return true;
        }
        long expect = 1;
        for (int i = 0; i < counts.length; i++) {
            int a = fortranOrder ? i : counts.length - 1 - i;
            if (counts[a] != 1 && strides[a] != expect) {
                return false;
            }
            expect *= counts[a];
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Region r && base == r.base && Arrays.equals(counts, r.counts)
                && Arrays.equals(strides, r.strides);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(base) * 31 + Arrays.hashCode(counts)) * 31 + Arrays.hashCode(strides);
    }

    @Override
    public String toString() {
        return "Region[shape=" + Arrays.toString(counts) + ", base=" + base + ", strides="
                + Arrays.toString(strides) + "]";
    }
}
