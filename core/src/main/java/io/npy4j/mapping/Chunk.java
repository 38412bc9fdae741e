package io.npy4j.mapping;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One mapped piece of a {@link BufferWindow}, with a pin count so that it is unmapped only when no thread uses it.
 *
 * <p>Readers pin ({@link #tryPin}) before touching the buffer and unpin after. Retiring (eviction or close) marks
 * the chunk and unmaps it at once if unpinned, else the last reader to unpin does. The count goes to -1 when
 * unmapped, so a late reader's pin fails and it maps the range again: use-after-unmap cannot happen.
 */
final class Chunk {
    final int index;
    /** The buffer FileChannel.map returned: only this one can be unmapped. */
    final ByteBuffer buffer;
    private final AtomicInteger pins = new AtomicInteger();
    private volatile boolean retired;

    Chunk(int index, ByteBuffer buffer) {
        this.index = index;
        this.buffer = buffer;
    }

    /** Pins the chunk; false if it is already unmapped. */
    boolean tryPin() {
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

    void unpin() {
        if (pins.decrementAndGet() == 0 && retired) {
            unmapIfIdle();
        }
    }

    /** Marks the chunk dead; unmaps now if nobody holds it. */
    void retire() {
        retired = true;
        unmapIfIdle();
    }

    private void unmapIfIdle() {
        if (pins.compareAndSet(0, -1)) {
            Unmapper.unmap(buffer);
        }
    }
}
