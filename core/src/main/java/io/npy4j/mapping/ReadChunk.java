package io.npy4j.mapping;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A chunk read into the heap with positional reads, for file systems whose channels cannot map (zip file systems,
 * some remote ones): the window still works, more slowly, with memory bounded by chunk size times live chunks.
 * Writes of a read-write window go through to the file at once; copy-on-write is not possible without mapping.
 */
final class ReadChunk extends Chunk {
    /** Chunks are at most 1 MiB here: they are heap memory, not address space. */
    static final int MAX_SHIFT = 20;
    private final FileChannel channel;
    private final long fileOffset;
    private final ByteBuffer bytes;
    private final boolean writable;

    private ReadChunk(int index, FileChannel channel, long fileOffset, ByteBuffer bytes, boolean writable) {
        super(index);
        this.channel = channel;
        this.fileOffset = fileOffset;
        this.bytes = bytes;
        this.writable = writable;
    }

    static Chunk read(FileChannel ch, FileChannel.MapMode mode, long offset, long len, int index) throws IOException {
        if (mode == FileChannel.MapMode.PRIVATE) {
            throw new UnsupportedOperationException("copy-on-write needs memory mapping, which this file system"
                    + " does not support; map read-only or read-write");
        }
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(len));
        while (b.hasRemaining()) {
            if (ch.read(b, offset + b.position()) < 0) {
                throw new EOFException("file ends at byte " + (offset + b.position()) + ", inside the window");
            }
        }
        return new ReadChunk(index, ch, offset, b.clear(), mode == FileChannel.MapMode.READ_WRITE);
    }

    @Override
    long capacity() {
        return bytes.capacity();
    }

    @Override
    void transfer(long at, ElementKind kind, ByteOrder order, Object array, int off, int count, boolean write) {
        if (write && !writable) {
            throw new java.nio.ReadOnlyBufferException();
        }
        int n = count * kind.width();
        ByteBuffer piece = bytes.slice((int) at, n).order(order);
        kind.transfer(piece, array, off, count, write);
        if (write) {
            ByteBuffer out = bytes.slice((int) at, n);
            try {
                while (out.hasRemaining()) {
                    channel.write(out, fileOffset + at + out.position());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    ByteBuffer lend(long at, int len) {
        return bytes.slice((int) at, len).asReadOnlyBuffer(); // heap memory: safe to keep
    }

    @Override
    void force() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    void unmap() {
        // heap memory: the GC reclaims it
    }
}
