package io.npy4j.dtype;

import java.util.Arrays;

/**
 * An immutable array shape: the extents of each axis, outermost first, as NumPy's {@code shape} tuple.
 *
 * <p>The element count is computed once, with overflow checks: a shape whose count does not fit in a signed 64-bit
 * integer cannot be constructed. {@code toString()} prints the Python tuple ({@code ()}, {@code (5,)}, {@code (3, 5)}).
 */
public final class Shape {
    /** Most axes a shape may have: NumPy's {@code NPY_MAXDIMS} (64 since NumPy 2.0; NumPy 1.x had 32). */
    public static final int MAX_RANK = 64;
    private static final Shape SCALAR = new Shape(new long[0]);
    private final long[] dims;
    private final long size;

    private Shape(long[] dims) {
        if (dims.length > MAX_RANK) {
            // NumPy: "maximum supported dimension for an ndarray is currently 64, found 65"
            throw new IllegalArgumentException("a shape has at most " + MAX_RANK + " dimensions (NumPy's limit), not "
                    + dims.length);
        }
        long n = 1;
        boolean empty = false;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new IllegalArgumentException("negative dimension " + dims[i] + " at axis " + i + " in "
                        + repr(dims));
            }
            if (dims[i] == 0) {
                empty = true;
                continue;
            }
            try {
                // as NumPy: the non-zero extents must multiply without overflow even when another is 0
                n = Math.multiplyExact(n, dims[i]);
            } catch (ArithmeticException e) {
                throw new ArithmeticException("element count of shape " + repr(dims)
                        + " overflows a signed 64-bit integer");
            }
        }
        this.dims = dims;
        this.size = empty ? 0 : n;
    }

    /**
     * A shape with the given extents.
     *
     * @throws IllegalArgumentException if an extent is negative or there are more than {@link #MAX_RANK}
     * @throws ArithmeticException if the element count overflows {@code long}
     */
    public static Shape of(long... dims) {
        return dims.length == 0 ? SCALAR : new Shape(dims.clone());
    }

    /** The 0-d shape {@code ()}: one element. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** Number of axes. */
    public int rank() {
        return dims.length;
    }

    /** Extent of {@code axis}. */
    public long dim(int axis) {
        return dims[axis];
    }

    /** Product of the extents (1 for a 0-d shape). */
    public long size() {
        return size;
    }

    /** A copy of the extents. */
    public long[] toArray() {
        return dims.clone();
    }

    /** This shape reversed (the storage shape of a Fortran-ordered array read as C order). */
    public Shape reversed() {
        long[] r = new long[dims.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = dims[dims.length - 1 - i];
        }
        return new Shape(r);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Python's {@code repr} of the shape tuple, as written in a header. */
    @Override
    public String toString() {
        return repr(dims);
    }

    static String repr(long[] dims) {
        if (dims.length == 1) {
            return "(" + dims[0] + ",)";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i]);
        }
        return sb.append(')').toString();
    }
}
