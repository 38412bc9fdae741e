package io.npy4j.npz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A member's bytes held until they can go into the archive in order (a deflated member compressed ahead of its
 * turn, a member streamed by rows, every member of an in-place append): in memory while the writer's budget lasts,
 * then in a temporary file beside the archive ({@code .npz-<random>.stage}, deleted on close and on exit).
 */
final class Staging extends OutputStream {
    private static final int CHUNK = 1 << 20;
    private final Path dir;
    private final AtomicLong budget;
    private final List<byte[]> chunks = new ArrayList<>();
    private int last; // bytes used in the last chunk
    private long reserved;
    private Path spill;
    private FileChannel spillChannel;
    private long size;

    /** @param budget heap bytes the writer's stagings may still take, shared among them */
    Staging(Path dir, AtomicLong budget) {
        this.dir = dir;
        this.budget = budget;
    }

    long size() {
        return size;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (spillChannel != null) {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    spillChannel.write(buf);
                }
                size += len;
                return;
            }
            if (chunks.isEmpty() || last == CHUNK) {
                if (budget.addAndGet(-CHUNK) < 0) {
                    budget.addAndGet(CHUNK);
                    spill();
                    continue;
                }
                reserved += CHUNK;
                chunks.add(new byte[CHUNK]);
                last = 0;
            }
            int n = Math.min(len, CHUNK - last);
            System.arraycopy(b, off, chunks.get(chunks.size() - 1), last, n);
            last += n;
            off += n;
            len -= n;
            size += n;
        }
    }

    private void spill() throws IOException {
        spill = Files.createTempFile(dir, ".npz-", ".stage");
        spill.toFile().deleteOnExit();
        spillChannel = FileChannel.open(spill, StandardOpenOption.READ, StandardOpenOption.WRITE);
        ByteBuffer[] held = heldBuffers();
        long n = 0;
        for (ByteBuffer h : held) {
            n += h.remaining();
        }
        while (n > 0) {
            n -= spillChannel.write(held);
        }
        chunks.clear();
        budget.addAndGet(reserved);
        reserved = 0;
    }

    private ByteBuffer[] heldBuffers() {
        ByteBuffer[] b = new ByteBuffer[chunks.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = ByteBuffer.wrap(chunks.get(i), 0, i == b.length - 1 ? last : CHUNK);
        }
        return b;
    }

    /** The bytes, from the start. */
    InputStream open() throws IOException {
        if (spillChannel != null) {
            return Channels.newInputStream(FileChannel.open(spill, StandardOpenOption.READ));
        }
        List<InputStream> parts = new ArrayList<>();
        for (ByteBuffer b : heldBuffers()) {
            parts.add(new java.io.ByteArrayInputStream(b.array(), 0, b.limit()));
        }
        return new SequenceInputStream(Collections.enumeration(parts));
    }

    /** Writes the bytes to {@code ch} at {@code pos}. */
    void transferTo(FileChannel ch, long pos) throws IOException {
        if (spillChannel != null) {
            for (long at = 0; at < size; ) {
                long n = spillChannel.transferTo(at, size - at, new PositionalChannel(ch, pos + at));
                at += n;
            }
            return;
        }
        for (ByteBuffer b : heldBuffers()) {
            while (b.hasRemaining()) {
                pos += ch.write(b, pos);
            }
        }
    }

    /** Frees the memory and deletes the temporary file. */
    @Override
    public void close() throws IOException {
        chunks.clear();
        budget.addAndGet(reserved);
        reserved = 0;
        if (spillChannel != null) {
            spillChannel.close();
            spillChannel = null;
            Files.deleteIfExists(spill);
        }
    }

    /** Relative writes to a file channel at positions from {@code start} on, leaving the channel's position alone. */
    static class PositionalChannel implements java.nio.channels.WritableByteChannel {
        private final FileChannel ch;
        private long pos;

        PositionalChannel(FileChannel ch, long start) {
            this.ch = ch;
            this.pos = start;
        }

        long position() {
            return pos;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = 0;
            // relative to the stream's own position: a positional write per buffer
            while (src.hasRemaining()) {
                n += ch.write(src, pos + n);
            }
            pos += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return ch.isOpen();
        }

        @Override
        public void close() {
            // the channel belongs to the caller
        }
    }
}
