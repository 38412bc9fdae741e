package io.npy4j.select;

import java.io.IOException;
import java.util.Arrays;

/**
 * The byte runs of the storage to copy, in output order, for one {@link Region}.
 *
 * <p>Output order is C order of the region's result shape, or Fortran order if requested. The
 * innermost output axes are merged into one run as long as they are contiguous in storage
 * (innermost stride 1 element, and each outer stride equal to the run so far; length-1 axes never
 * break contiguity), so all runs have the same length {@link #runLength()}. If the innermost stride
 * is not 1 (e.g. a reversed slice) every run is one item. The remaining axes form an odometer over
 * run start offsets: {@link #forEachRun} walks it without allocating and {@link #runOffset(long)}
 * jumps to any run in O(rank), so a copy can stop and resume in bounded chunks.
 *
 * <p>All offsets are byte offsets into the data region (after the header); arithmetic is exact
 * {@code long} and throws {@link ArithmeticException} rather than wrapping.
 */
public final class CopyPlan {

    /** Receives one run: {@code byteLength} bytes at {@code storageByteOffset} of the data region. */
    @FunctionalInterface
    public interface RunConsumer {
        void run(long storageByteOffset, long byteLength) throws IOException;
    }

    private final long byteSize;
    private final long firstByte;
    private final long endByte;
    private final long runLength;
    private final long runCount;
    private final long baseByte;
    /** Odometer axes outside the run, outermost first; byte strides. */
    private final long[] counts;
    private final long[] strides;

    private CopyPlan(long byteSize, long firstByte, long endByte, long runLength, long runCount,
            long baseByte, long[] counts, long[] strides) {
        this.byteSize = byteSize;
        this.firstByte = firstByte;
        this.endByte = endByte;
        this.runLength = runLength;
        this.runCount = runCount;
        this.baseByte = baseByte;
        this.counts = counts;
        this.strides = strides;
    }

    /**
     * Plans the copy of {@code region} for items of {@code itemSize} bytes.
     *
     * @param fortranOutput whether output is in Fortran order of the result shape (else C order)
     * @throws IllegalArgumentException if {@code itemSize <= 0}
     * @throws ArithmeticException      if a byte offset does not fit in a {@code long}
     */
    public static CopyPlan of(Region region, long itemSize, boolean fortranOutput) {
        if (itemSize <= 0) {
            throw new IllegalArgumentException("item size " + itemSize + " is not positive");
        }
        if (region.size() == 0) {
            return new CopyPlan(0, 0, 0, 0, 0, 0, new long[0], new long[0]);
        }
        int rank = region.rank();
        // Output axes outermost first, skipping length-1 axes (they never move).
        long[] n = new long[rank];
        long[] s = new long[rank];
        int k = 0;
        long lowElement = region.base();
        long highElement = region.base();
        for (int i = 0; i < rank; i++) {
            int a = fortranOutput ? rank - 1 - i : i;
            long span = Math.multiplyExact(region.count(a) - 1, region.stride(a));
            if (span < 0) {
                lowElement = Math.addExact(lowElement, span);
            } else {
                highElement = Math.addExact(highElement, span);
            }
            if (region.count(a) > 1) {
                n[k] = region.count(a);
                s[k++] = region.stride(a);
            }
        }
        long runElements = 1;
        if (k > 0 && s[k - 1] == 1) {
            runElements = n[--k];
            while (k > 0 && s[k - 1] == runElements) {
                runElements *= n[--k]; // a product of counts of the region: fits
            }
        }
        long[] byteStrides = new long[k];
        long runCount = 1;
        for (int i = 0; i < k; i++) {
            byteStrides[i] = Math.multiplyExact(s[i], itemSize);
            runCount *= n[i];
        }
        return new CopyPlan(Math.multiplyExact(region.size(), itemSize),
                Math.multiplyExact(lowElement, itemSize),
                Math.addExact(Math.multiplyExact(highElement, itemSize), itemSize),
                Math.multiplyExact(runElements, itemSize), runCount,
                Math.multiplyExact(region.base(), itemSize), Arrays.copyOf(n, k), byteStrides);
    }

    /** Total bytes copied: the region's size times the item size. */
    public long byteSize() {
        return byteSize;
    }

    /** Smallest storage byte offset touched; 0 for an empty region. */
    public long firstByte() {
        return firstByte;
    }

    /** One past the largest storage byte offset touched; 0 for an empty region. */
    public long endByte() {
        return endByte;
    }

    /** Bytes per run (all runs are this long); 0 for an empty region. */
    public long runLength() {
        return runLength;
    }

    /** Number of runs; {@code runCount() * runLength() == byteSize()}. */
    public long runCount() {
        return runCount;
    }

    /**
     * Storage byte offset of the run at {@code runIndex} in output order, by O(rank) arithmetic.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= runIndex < runCount()}
     */
    public long runOffset(long runIndex) {
        if (runIndex < 0 || runIndex >= runCount) {
            throw new IndexOutOfBoundsException("run " + runIndex + " is out of bounds for "
                    + runCount + " runs");
        }
        long offset = baseByte;
        for (int i = counts.length - 1; i >= 0; i--) {
            offset += (runIndex % counts[i]) * strides[i];
            runIndex /= counts[i];
        }
        return offset;
    }

    /**
     * A cursor standing on run {@code runIndex}: {@link Cursor#next()} steps to the following run in O(1) amortised
     * (an odometer), so a copy can walk runs without recomputing each offset.
     *
     * @throws IndexOutOfBoundsException unless {@code 0 <= runIndex < runCount()}
     */
    public Cursor cursor(long runIndex) {
        long offset = runOffset(runIndex);
        long[] index = new long[counts.length];
        for (int i = counts.length - 1; i >= 0; i--) {
            index[i] = runIndex % counts[i];
            runIndex /= counts[i];
        }
        return new Cursor(index, offset);
    }

    /** A position in the run sequence; not thread-safe. */
    public final class Cursor {
        private final long[] index;
        private long offset;

        private Cursor(long[] index, long offset) {
            this.index = index;
            this.offset = offset;
        }

        /** Storage byte offset of the current run. */
        public long offset() {
            return offset;
        }

        /**
         * Runs from the current one to the end of the innermost odometer axis, all {@link #stride()} bytes apart
         * (1 when the plan has a single run).
         */
        public long runsInLine() {
            return counts.length == 0 ? 1 : counts[counts.length - 1] - index[counts.length - 1];
        }

        /** Byte distance between consecutive runs within a line (0 when the plan has a single run). */
        public long stride() {
            return counts.length == 0 ? 0 : strides[counts.length - 1];
        }

        /** Moves {@code n} runs forward, {@code 0 < n <= runsInLine()}. */
        public void advance(long n) {
            if (n < runsInLine()) {
                index[counts.length - 1] += n;
                offset += n * strides[counts.length - 1];
                return;
            }
            for (long i = 0; i < n; i++) {
                next();
            }
        }

        /** Moves to the next run in output order (past the last run the offset is meaningless). */
        public void next() {
            int a = counts.length - 1;
            while (a >= 0 && ++index[a] == counts[a]) {
                index[a] = 0;
                offset -= (counts[a] - 1) * strides[a];
                a--;
            }
            if (a >= 0) {
                offset += strides[a];
            }
        }
    }

    /**
     * Calls {@code consumer} once per run, in output order. The walk allocates nothing; an
     * exception from the consumer stops it.
     */
    public void forEachRun(RunConsumer consumer) throws IOException {
        if (runCount == 0) {
            return;
        }
        int inner = counts.length - 1;
        long[] index = new long[counts.length];
        long offset = baseByte;
        for (long r = 0; ; ) {
            consumer.run(offset, runLength);
            if (++r == runCount) {
                return;
            }
            int a = inner;
            while (++index[a] == counts[a]) { // carry: rewind this axis, advance the next outer
                index[a] = 0;
                offset -= (counts[a] - 1) * strides[a];
                a--;
            }
            offset += strides[a];
        }
    }

    @Override
    public String toString() {
        return "CopyPlan[runs=" + runCount + " x " + runLength + " bytes, window=[" + firstByte + ", "
                + endByte + "), odometer counts=" + Arrays.toString(counts) + ", byte strides="
                + Arrays.toString(strides) + "]";
    }
}
