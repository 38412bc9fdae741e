package io.npy4j.select;

import java.util.Arrays;

/**
 * One already-resolved slice per axis, keeping every axis: on an axis of size {@code n} it selects
 * {@code start, start+step, ...} strictly before {@code stop}, exactly Python's
 * {@code range(start, stop, step)}. Valid bounds are those {@code slice.indices(n)} can produce:
 * for {@code step > 0}, {@code 0 <= start, stop <= n}; for {@code step < 0},
 * {@code -1 <= start, stop <= n-1} ({@code -1} meaning "before the beginning"). A start past the
 * stop gives an empty axis.
 */
public final class Hyperslab implements Selection {
    private final long[] start;
    private final long[] stop;
    private final long[] step;

    Hyperslab(long[] start, long[] stop, long[] step) {
        if (start.length != stop.length || start.length != step.length) {
            throw new IllegalArgumentException("hyperslab arrays differ in length: start "
                    + Arrays.toString(start) + ", stop " + Arrays.toString(stop) + ", step "
                    + Arrays.toString(step));
        }
        for (int a = 0; a < step.length; a++) {
            if (step[a] == 0) {
                throw new IllegalArgumentException("slice step cannot be zero (hyperslab axis " + a + ")");
            }
        }
        this.start = start.clone();
        this.stop = stop.clone();
        this.step = step.clone();
    }

    public long[] start() {
        return start.clone();
    }

    public long[] stop() {
        return stop.clone();
    }

    public long[] step() {
        return step.clone();
    }

    public int rank() {
        return step.length;
    }

    @Override
    public Region resolve(long[] shape, boolean fortranOrder) {
        return applyTo(Region.whole(shape, fortranOrder));
    }

    Region applyTo(Region source) {
        if (source.rank() != rank()) {
            throw new IllegalArgumentException("hyperslab of rank " + rank()
                    + " does not fit an array of shape " + Arrays.toString(source.shape()));
        }
        long base = source.base();
        long[] counts = new long[rank()];
        long[] strides = new long[rank()];
        for (int a = 0; a < rank(); a++) {
            long n = source.count(a);
            long lo = step[a] > 0 ? 0 : -1;
            long hi = step[a] > 0 ? n : n - 1;
            check(a, n, "start", start[a], lo, hi);
            check(a, n, "stop", stop[a], lo, hi);
            counts[a] = length(start[a], stop[a], step[a]);
            if (counts[a] > 0) {
                base = Math.addExact(base, Math.multiplyExact(start[a], source.stride(a)));
            }
            if (counts[a] > 1) {
                strides[a] = Math.multiplyExact(step[a], source.stride(a));
            }
        }
        return new Region(base, counts, strides);
    }

    private void check(int axis, long n, String what, long value, long lo, long hi) {
        if (value < lo || value > hi) {
            throw new IndexOutOfBoundsException("hyperslab " + what + " " + value + " is out of bounds"
                    + " for axis " + axis + " with size " + n + " and step " + step[axis]
                    + " (must be within [" + lo + ", " + hi + "])");
        }
    }

    /** Length of Python's {@code range(start, stop, step)} for bounds already within the axis. */
    static long length(long start, long stop, long step) {
        if (step > 0) {
            return start < stop ? (stop - start - 1) / step + 1 : 0;
        }
        // step < 0: (start - stop - 1) >= 0, divided by a negative step truncates toward zero.
        return stop < start ? -((start - stop - 1) / step) + 1 : 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hyperslab h && Arrays.equals(start, h.start) && Arrays.equals(stop, h.stop)
                && Arrays.equals(step, h.step);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(start) * 31 + Arrays.hashCode(stop)) * 31 + Arrays.hashCode(step);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Hyperslab[");
        for (int a = 0; a < rank(); a++) {
            b.append(a == 0 ? "" : ", ").append(start[a]).append(':').append(stop[a]).append(':')
                    .append(step[a]);
        }
        return b.append(']').toString();
    }
}
