package io.npy4j.write;

import io.npy4j.NpyHeader;
import io.npy4j.dtype.Shape;
import io.npy4j.select.Selection;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A split of a file's rows into windows for independent workers: consecutive ranges {@code [first, end)} of the
 * growth axis (the first axis in C order, the last in Fortran order, so each window is one contiguous byte range).
 *
 * <p>{@link #aligned} puts every boundary between two windows on a multiple of the page size (and of a stripe size
 * the caller gives, such as a Lustre stripe), so no two workers ever write the same page or stripe: on NFS, Lustre or
 * GPFS a worker then never writes back another's bytes. It says why when that is impossible (rows whose size and the
 * data offset never meet a page boundary, or too many windows for the boundaries there are). {@link #unaligned} is
 * the explicit choice of even windows that may share pages, safe on local file systems only (SPEC.md §17).
 *
 * <p>Window 0 starts right after the header and shares its first page with it; the header is written once, by the
 * coordinator, before any worker starts, so that page is not written concurrently.
 */
public final class Partition {
    /**
     * The page size windows align to: 4096 bytes, the page of x86-64 and of most aarch64 kernels. On a kernel with
     * larger pages (64 KiB on some aarch64 and POWER systems) pass the page size as the stripe.
     */
    public static final long PAGE_SIZE = 4096;

    /**
     * One window: rows {@code [first, end)} of the growth axis.
     *
     * @param index position in the partition, from 0
     * @param axis the growth axis (0 in C order, the last axis in Fortran order)
     * @param first first row
     * @param end row after the last
     */
    public record Window(int index, int axis, long first, long end) {
        public Window {
            if (first < 0 || end < first) {
                throw new IllegalArgumentException("window " + index + " [" + first + ", " + end + ") is empty or"
                        + " negative");
            }
        }

        /** Rows in the window. */
        public long rows() {
            return end - first;
        }

        /** The selection of this window in an array of {@code shape}: all of every axis but the growth axis. */
        public Selection selection(Shape shape) {
            long[] start = new long[shape.rank()];
            long[] stop = shape.toArray();
            long[] step = new long[shape.rank()];
            java.util.Arrays.fill(step, 1);
            start[axis] = first;
            stop[axis] = end;
            return Selection.hyperslab(start, stop, step);
        }

        @Override
        public String toString() {
            return "window " + index + " [" + first + ", " + end + ")";
        }
    }

    private final int axis;
    private final long rows;
    private final long alignment;
    private final List<Window> windows;

    private Partition(int axis, long rows, long alignment, long[] ends) {
        this.axis = axis;
        this.rows = rows;
        this.alignment = alignment;
        List<Window> w = new ArrayList<>(ends.length);
        long first = 0;
        for (int i = 0; i < ends.length; i++) {
            w.add(new Window(i, axis, first, ends[i]));
            first = ends[i];
        }
        if (first != rows) {
            throw new IllegalArgumentException("windows end at row " + first + ", not at " + rows);
        }
        this.windows = List.copyOf(w);
    }

    /** A partition with these window ends (the last is the row count), as a completion log records it. */
    static Partition ofEnds(int axis, long alignment, long[] ends) {
        return new Partition(axis, ends.length == 0 ? 0 : ends[ends.length - 1], alignment, ends.clone());
    }

    /**
     * Splits the rows of {@code header} into {@code windows} windows, as even as the alignment allows, whose
     * boundaries all lie on a multiple of {@code lcm(PAGE_SIZE, stripeBytes)} bytes from the start of the file.
     *
     * @param stripeBytes a stripe size to align to as well (Lustre {@code lfs getstripe -S}); 0 for pages only
     * @throws IllegalArgumentException saying why, when no such split exists
     */
    public static Partition aligned(NpyHeader header, int windows, long stripeBytes) {
        if (stripeBytes < 0) {
            throw new IllegalArgumentException("stripe size must be >= 0, not " + stripeBytes);
        }
        long align = stripeBytes <= 1 ? PAGE_SIZE : lcm(PAGE_SIZE, stripeBytes);
        return aligned(header, windows, align, true);
    }

    /**
     * Splits the rows into {@code windows} windows whose boundaries lie on multiples of {@code alignBytes} (any
     * positive value; 1 accepts every boundary).
     */
    public static Partition alignedTo(NpyHeader header, int windows, long alignBytes) {
        if (alignBytes < 1) {
            throw new IllegalArgumentException("alignment must be >= 1 byte, not " + alignBytes);
        }
        return aligned(header, windows, alignBytes, true);
    }

    /**
     * Splits the rows into {@code windows} windows of as equal a size as possible (sizes differ by at most one row),
     * whatever pages they share: the explicit choice for local file systems, where disjoint bytes are safe even
     * within a page.
     */
    public static Partition unaligned(NpyHeader header, int windows) {
        return aligned(header, windows, 1, false);
    }

    private static Partition aligned(NpyHeader header, int windows, long align, boolean checked) {
        int rank = header.shape().rank();
        if (rank == 0) {
            throw new IllegalArgumentException("a 0-d array has no rows to split");
        }
        int axis = header.fortranOrder() ? rank - 1 : 0;
        long n = header.shape().dim(axis);
        if (windows < 1 || windows > n) {
            throw new IllegalArgumentException("cannot split " + n + " rows into " + windows
                    + " windows: each window needs at least one row");
        }
        long rowBytes = header.itemSize() * (n == 0 ? 0 : header.elementCount() / n);
        long[] ends = new long[windows];
        ends[windows - 1] = n;
        if (align == 1 || windows == 1) {
            for (int k = 1; k < windows; k++) {
                ends[k - 1] = multiplyDivide(k, n, windows);
            }
            return new Partition(axis, n, align, ends);
        }
        long d = header.dataOffset();
        long g = gcd(rowBytes % align, align);
        long need = Math.floorMod(-d, align); // rowBytes * b == need (mod align)
        String what = n + " rows of " + rowBytes + " bytes (data offset " + d + ")";
        if (rowBytes == 0 || need % g != 0) {
            throw new IllegalArgumentException("cannot align windows of " + what + " to " + align + " bytes: no row"
                    + " starts on a multiple of " + align + " (gcd(" + rowBytes + ", " + align + ") = " + g
                    + " does not divide " + need + "); pick a row size or stripe whose factors meet, or accept"
                    + " windows that share pages with Partition.unaligned (safe on local file systems only)");
        }
        long step = align / g;
        long b0 = BigInteger.valueOf(need / g).multiply(BigInteger.valueOf((rowBytes / g) % step)
                .modInverse(BigInteger.valueOf(step))).mod(BigInteger.valueOf(step)).longValue();
        if (b0 == 0) {
            b0 = step;
        }
        long candidates = b0 >= n ? 0 : (n - 1 - b0) / step + 1; // aligned boundaries strictly inside (0, n)
        if (candidates < windows - 1) {
            throw new IllegalArgumentException("cannot split " + what + " into " + windows + " windows aligned to "
                    + align + " bytes: a boundary can only fall every " + step + " rows (first at row " + b0
                    + "), which leaves room for at most " + (candidates + 1) + " windows; ask for fewer windows,"
                    + " a smaller stripe, or accept windows that share pages with Partition.unaligned");
        }
        long prev = -1; // index of the previous boundary among the candidates
        for (int k = 1; k < windows; k++) {
            long ideal = multiplyDivide(k, n, windows);
            long m = Math.round((double) (ideal - b0) / step);
            m = Math.max(m, prev + 1);
            m = Math.min(m, candidates - (windows - k)); // leave a candidate for each boundary still to place
            ends[k - 1] = b0 + m * step;
            prev = m;
        }
        return new Partition(axis, n, align, ends);
    }

    /** {@code k * n / windows} without overflow. */
    private static long multiplyDivide(long k, long n, long windows) {
        return BigInteger.valueOf(k).multiply(BigInteger.valueOf(n)).divide(BigInteger.valueOf(windows)).longValue();
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static long lcm(long a, long b) {
        return Math.multiplyExact(a / gcd(a, b), b);
    }

    /** The windows, in row order. */
    public List<Window> windows() {
        return windows;
    }

    public Window window(int index) {
        return windows.get(index);
    }

    public int size() {
        return windows.size();
    }

    /** The growth axis the windows split. */
    public int axis() {
        return axis;
    }

    /** Rows split (the length of the growth axis). */
    public long rows() {
        return rows;
    }

    /** The byte alignment of the boundaries; 1 for {@link #unaligned}. */
    public long alignment() {
        return alignment;
    }

    @Override
    public String toString() {
        return windows.size() + " windows of " + rows + " rows along axis " + axis
                + (alignment > 1 ? ", aligned to " + alignment + " bytes" : ", unaligned");
    }
}
