package io.npy4j.mapping;

import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One mapped piece of a {@link ChunkedWindow}, with a pin count so that it is unmapped only when no thread uses it.
 *
 * <p>Readers pin ({@link #tryPin}) before touching the memory and unpin after. Retiring (eviction or close) marks
 * the chunk and unmaps it at once if unpinned, else the last reader to unpin does. The count goes to -1 when
 * unmapped, so a late reader's pin fails and it maps the range again: use-after-unmap cannot happen.
 */
abstract class Chunk {
    final int index;
    private final AtomicInteger pins = new AtomicInteger();
    private volatile boolean retired;

    Chunk(int index) {
        this.index = index;
    }

    /** Mapped bytes. */
    abstract long capacity();

    /** Moves {@code count} elements at byte {@code at} of this chunk; the range lies inside the chunk. */
    abstract void transfer(long at, ElementKind kind, ByteOrder order, Object array, int off, int count,
            boolean write);

    /** Reads of runs of at most this many elements go through {@link #loadRuns}, one loop over all the runs. */
    static final int RUN_LOOP = 16;

    /** {@code runs} transfers of {@code perRun} elements, {@code stride} bytes apart, all inside this chunk. */
    final void transferRuns(long at, long stride, int runs, int perRun, ElementKind kind, ByteOrder order,
            Object array, int off, boolean write) {
        if (!write && perRun <= RUN_LOOP) { // a column, a narrow strided slice, a struct field
            loadRuns(at, stride, runs, perRun, kind, order, array, off);
            return;
        }
        for (int r = 0; r < runs; r++) {
            transfer(at + r * stride, kind, order, array, off + r * perRun, perRun, write);
        }
    }

    /**
     * Loads {@code runs} short runs of {@code perRun} elements, {@code stride} bytes apart: implementations with
     * plain loads keep many runs' loads in flight at once (a column is bound by memory latency, a line per row).
     * This default transfers run by run.
     */
    void loadRuns(long at, long stride, int runs, int perRun, ElementKind kind, ByteOrder order, Object array,
            int off) {
        for (int r = 0; r < runs; r++) {
            transfer(at + r * stride, kind, order, array, off + r * perRun, perRun, false);
        }
    }

    /**
     * A read-only buffer over {@code len} bytes at {@code at}, sharing the chunk's memory, to lend to a visitor:
     * after this call the chunk must stay safe to touch through that buffer even once retired (a visitor may keep
     * it past its call).
     */
    abstract java.nio.ByteBuffer lend(long at, int len);

    /** Reads the chunk's pages in now (read-ahead), where the implementation can; a no-op otherwise. */
    void load() {
    }

    /** msync of the whole chunk. */
    abstract void force();

    /** Unmaps; called once, when retired and unpinned. */
    abstract void unmap();

    /** Pins the chunk; false if it is already unmapped. */
    final boolean tryPin() {
        for (;;) {
            int p = pins.get();
            if (p < 0) {
                return false;
            }
            if (pins.compareAndSet(p, p + 1)) {
                return true;
            }
        }
    }

    final void unpin() {
        if (pins.decrementAndGet() == 0 && retired) {
            unmapIfIdle();
        }
    }

    /** Marks the chunk dead; unmaps now if nobody holds it. */
    final void retire() {
        retired = true;
        unmapIfIdle();
    }

    private void unmapIfIdle() {
        if (pins.compareAndSet(0, -1)) {
            unmap();
        }
    }
}
