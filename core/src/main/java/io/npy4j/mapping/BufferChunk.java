package io.npy4j.mapping;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;

/** A chunk as one {@link MappedByteBuffer} (Java 17): at most 2^30 bytes, unmapped through {@link Unmapper}. */
final class BufferChunk extends Chunk {
    /** Largest chunk: the largest power of two a buffer can address. */
    static final int MAX_SHIFT = 30;
    /** Copies of at most this many elements use absolute gets and puts: no view objects per copy. */
    private static final int SMALL = 16;
    /** The buffer FileChannel.map returned: only this one can be unmapped. */
    private final MappedByteBuffer buffer;
    /** Views in each byte order, made once: absolute access on them is thread-safe. */
    private final ByteBuffer little;
    private final ByteBuffer big;
    /** Whether a view was lent to a visitor ({@link #lend}): then only the GC may unmap. */
    private volatile boolean lent;

    private BufferChunk(int index, MappedByteBuffer buffer) {
        super(index);
        this.buffer = buffer;
        this.little = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.big = buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
    }

    static Chunk map(FileChannel ch, FileChannel.MapMode mode, long offset, long len, int index) throws IOException {
        return new BufferChunk(index, ch.map(mode, offset, len));
    }

    @Override
    long capacity() {
        return buffer.capacity();
    }

    @Override
    void transfer(long at, ElementKind kind, ByteOrder order, Object array, int off, int count, boolean write) {
        if (count <= SMALL) { // e.g. one column of a wide array: one short run per row
            kind.transferSmall(order == ByteOrder.LITTLE_ENDIAN ? little : big, (int) at, array, off, count, write);
            return;
        }
        // an absolute slice: no shared position or limit, so concurrent copies do not interfere
        ByteBuffer piece = buffer.slice((int) at, count * kind.width()).order(order);
        kind.transfer(piece, array, off, count, write);
    }

    @Override
    void loadRuns(long at, long stride, int runs, int perRun, ElementKind kind, ByteOrder order, Object array,
            int off) {
        kind.readRuns(order == ByteOrder.LITTLE_ENDIAN ? little : big, (int) at, (int) stride, runs, perRun, array,
                off);
    }

    @Override
    ByteBuffer lend(long at, int len) {
        lent = true;
        return buffer.slice((int) at, len).asReadOnlyBuffer();
    }

    @Override
    void load() {
        buffer.load();
    }

    @Override
    void force() {
        buffer.force();
    }

    @Override
    void unmap() {
        if (!lent) {
            Unmapper.unmap(buffer);
        }
        // else: a visitor may still hold a view of the buffer, and Java 17 cannot revoke it, so unmapping now could
        // crash the JVM on a late access; the buffer's cleaner unmaps it once the last view is unreachable
    }
}
