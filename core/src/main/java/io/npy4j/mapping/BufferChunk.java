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
    /** The buffer FileChannel.map returned: only this one can be unmapped. */
    private final MappedByteBuffer buffer;

    private BufferChunk(int index, MappedByteBuffer buffer) {
        super(index);
        this.buffer = buffer;
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
        // an absolute slice: no shared position or limit, so concurrent copies do not interfere
        ByteBuffer piece = buffer.slice((int) at, count * kind.width()).order(order);
        kind.transfer(piece, array, off, count, write);
    }

    @Override
    void force() {
        buffer.force();
    }

    @Override
    void unmap() {
        Unmapper.unmap(buffer);
    }
}
