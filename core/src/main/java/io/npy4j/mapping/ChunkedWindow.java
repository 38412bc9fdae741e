package io.npy4j.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A window over a file as lazily mapped chunks of {@code 2^chunkShift} bytes, modelled on Lucene's
 * {@code ByteBufferIndexInput}: {@link BufferChunk}s on Java 17, {@code MemorySegment} chunks on Java 22+ (which
 * may be far larger than 2 GiB, so most windows are one chunk).
 *
 * <p>Chunks are mapped on first touch and at most {@code maxLiveChunks} stay mapped: mapping one more retires the
 * oldest (Linux allows 65,530 mappings per process and a JVM that runs out dies without an exception; a
 * {@code ulimit -v} bounds the address space). A copy that crosses a chunk boundary is split at the boundary; the one
 * element that straddles it goes through an 8-byte scratch array.
 *
 * <p>Considerations: the channel stays open while the window lives. Interrupting a thread that is mapping a chunk
 * closes it ({@code ClosedByInterruptException} in that thread); the next chunk to be mapped reopens it. Before
 * each chunk is mapped the file length is checked, so a read-write or copy-on-write channel never silently extends
 * a truncated file.
 */
final class ChunkedWindow implements ByteWindow {
    /** Maps one chunk. */
    interface Mapper {
        Chunk map(FileChannel channel, FileChannel.MapMode mode, long offset, long length, int index)
                throws IOException;
    }

    /**
     * Every copy first checks that the open file still holds the bytes (one fstat). A page fault on a truncated
     * mapping is reported by the JVM asynchronously in compiled code: the InternalError may surface after the copy
     * returned a wrong value, so it cannot be caught where the copy happens. Only the check keeps "truncated" a
     * typed error instead of a silently wrong result. Copies of runs check once per call, not per run.
     */
    private final Path file;
    private final Mapper mapper;
    /** Replaced (under the {@code live} lock) if an interrupt closed it while the window is still open. */
    private volatile FileChannel channel;
    private final FileChannel.MapMode mapMode;
    private final long fileOffset;
    private final long size;
    private final int shift;
    private final long mask;
    private final int maxLive;
    private final AtomicReferenceArray<Chunk> chunks;
    private final ArrayDeque<Chunk> live = new ArrayDeque<>();
    private volatile boolean closed;
    /** Touch every page of a chunk when it is mapped: one sequential read instead of faults one page at a time. */
    private volatile boolean readAhead;
    private final java.io.RandomAccessFile sizeProbe;

    ChunkedWindow(Path file, Mapper mapper, FileChannel channel, FileChannel.MapMode mapMode, long fileOffset,
            long size, int chunkShift, int maxLiveChunks) {
        if (chunkShift < 0 || chunkShift > 62) {
            throw new IllegalArgumentException("chunk size must be 2^0 .. 2^62 bytes, not 2^" + chunkShift);
        }
        long n = (size + (1L << chunkShift) - 1) >>> chunkShift;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("window of " + size + " bytes needs " + n + " chunks of 2^"
                    + chunkShift + " bytes: use a larger chunk size");
        }
        this.file = file;
        this.mapper = mapper;
        this.channel = channel;
        this.mapMode = mapMode;
        this.fileOffset = fileOffset;
        this.size = size;
        this.shift = chunkShift;
        this.mask = (1L << chunkShift) - 1;
        this.maxLive = Math.max(1, maxLiveChunks);
        this.chunks = new AtomicReferenceArray<>((int) n);
        try {
            // opened with the channel, so it sees the same file even if the path is replaced later
            this.sizeProbe = file.getFileSystem() == java.nio.file.FileSystems.getDefault()
                    ? new java.io.RandomAccessFile(file.toFile(), "r") : null; // zip file systems: the channel
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long byteSize() {
        return size;
    }

    void readAhead(boolean on) {
        this.readAhead = on;
    }

    @Override
    public String source() {
        return file.toString();
    }

    @Override
    public boolean isWritable() {
        return mapMode != FileChannel.MapMode.READ_ONLY;
    }

    @Override
    public void copy(long pos, ElementKind kind, ByteOrder order, Object array, int off, int count, boolean write) {
        int w = kind.width();
        checkRange(pos, (long) count * w);
        if (count > 0) {
            checkFileLength(pos + (long) count * w);
        }
        byte[] scratch = null;
        while (count > 0) {
            int ci = (int) (pos >>> shift);
            long at = pos & mask;
            Chunk c = pin(ci);
            int whole;
            try {
                whole = (int) Math.min(count, (c.capacity() - at) / w);
                if (whole > 0) {
                    c.transfer(at, kind, order, array, off, whole, write);
                }
            } catch (InternalError e) {
                throw truncated(pos, e);
            } finally {
                c.unpin();
            }
            pos += (long) whole * w;
            off += whole;
            count -= whole;
            if (count > 0 && (whole == 0 || (pos & mask) != 0)) {
                // the next element straddles a chunk boundary: move its bytes through a scratch array
                if (scratch == null) {
                    scratch = new byte[w];
                }
                if (write) {
                    kind.transferOne(scratch, order, array, off, true);
                    copy(pos, ElementKind.BYTE, order, scratch, 0, w, true);
                } else {
                    copy(pos, ElementKind.BYTE, order, scratch, 0, w, false);
                    kind.transferOne(scratch, order, array, off, false);
                }
                pos += w;
                off++;
                count--;
            }
        }
    }

    @Override
    public void copyRuns(long pos, long stride, int runs, int perRun, ElementKind kind, ByteOrder order,
            Object array, int off, boolean write) {
        long runBytes = (long) perRun * kind.width();
        if (runs <= 0) {
            return;
        }
        long low = Math.min(pos, pos + (runs - 1) * stride);
        long span = Math.abs((runs - 1) * stride) + runBytes;
        checkRange(low, span);
        checkFileLength(low + span);
        int r = 0;
        while (r < runs) {
            long start = pos + r * stride;
            int ci = (int) (start >>> shift);
            if (((start + runBytes - 1) >>> shift) != ci) { // this run straddles chunks: the general path
                copy(start, kind, order, array, off + r * perRun, perRun, write);
                r++;
                continue;
            }
            // every following run that lies wholly in this chunk goes in one batch, under one pin
            int first = r;
            long firstStart = start;
            do {
                r++;
                start = pos + r * stride;
            } while (r < runs && (start >>> shift) == ci && ((start + runBytes - 1) >>> shift) == ci);
            Chunk c = pin(ci);
            try {
                c.transferRuns(firstStart & mask, stride, r - first, perRun, kind, order, array, off + first * perRun,
                        write);
            } catch (InternalError e) {
                throw truncated(firstStart, e);
            } finally {
                c.unpin();
            }
        }
    }

    /** Largest piece lent at once: a ByteBuffer holds at most 2^31-1 bytes. */
    private static final long MAX_PIECE = 1L << 30;

    @Override
    public void visit(long pos, long len, int unit, PieceVisitor visitor) {
        checkRange(pos, len);
        if (len > 0) {
            checkFileLength(pos + len);
        }
        long end = pos + len;
        long start = pos;
        while (pos < end) {
            int ci = (int) (pos >>> shift);
            long at = pos & mask;
            long whole;
            Chunk c = pin(ci);
            try {
                whole = Math.min(Math.min(end - pos, c.capacity() - at), MAX_PIECE) / unit * unit;
                if (whole > 0) {
                    visitor.visit(c.lend(at, (int) whole), pos - start);
                }
            } catch (InternalError e) {
                throw truncated(pos, e);
            } finally {
                c.unpin();
            }
            if (whole > 0) {
                pos += whole;
            } else { // one unit straddles a chunk boundary: lend a copy of it
                byte[] one = new byte[unit];
                copy(pos, ElementKind.BYTE, ByteOrder.LITTLE_ENDIAN, one, 0, unit, false);
                visitor.visit(java.nio.ByteBuffer.wrap(one).asReadOnlyBuffer(), pos - start);
                pos += unit;
            }
        }
    }

    @Override
    public void force(long pos, long len) {
        checkRange(pos, len);
        if (mapMode != FileChannel.MapMode.READ_WRITE || len == 0) {
            return;
        }
        for (int ci = (int) (pos >>> shift); ci <= (int) ((pos + len - 1) >>> shift); ci++) {
            Chunk c = chunks.get(ci);
            if (c != null && c.tryPin()) {
                try {
                    c.force();
                } finally {
                    c.unpin();
                }
            }
        }
        try {
            // chunks evicted since they were written handed their dirty pages to the page cache when unmapped
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (live) {
            for (Chunk c : live) {
                chunks.compareAndSet(c.index, c, null);
                c.retire();
            }
            live.clear();
        }
        try {
            channel.close();
            if (sizeProbe != null) {
                sizeProbe.close();
            }
        } catch (IOException e) {
            // the mappings are already released; a failing close of a read channel loses nothing
        }
    }

    private Chunk pin(int ci) {
        for (;;) {
            if (closed) {
                throw new IllegalStateException("mapped window of " + file + " is closed");
            }
            Chunk c = chunks.get(ci);
            if (c == null) {
                c = map(ci);
            }
            if (c.tryPin()) {
                if (closed) { // closed between lookup and pin: the close will not see our pin as a user
                    c.unpin();
                    continue;
                }
                return c;
            }
        }
    }

    private Chunk map(int ci) {
        synchronized (live) {
            Chunk c = chunks.get(ci);
            if (closed) {
                throw new IllegalStateException("mapped window of " + file + " is closed");
            }
            if (c != null) {
                return c;
            }
            long start = (long) ci << shift;
            long len = Math.min(1L << shift, size - start);
            try {
                if (!channel.isOpen()) {
                    // an interrupt in some thread closed it (ClosedByInterruptException): reopen for everyone else
                    channel = WindowFactory.openChannel(file, mapMode);
                }
                long fileSize = channel.size();
                if (fileSize < fileOffset + start + len) {
                    throw new UncheckedIOException(new FileSystemException(file.toString(), null,
                            "file is " + fileSize + " bytes, shorter than the mapped window needs ("
                                    + (fileOffset + start + len) + "): was it truncated?"));
                }
                c = mapper.map(channel, mapMode, fileOffset + start, len, ci);
                if (readAhead) {
                    c.load();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(MapFailures.explain(file, fileOffset + start, len, shift, e));
            }
            // copy-on-write pages live only in their mapping: unmapping one would silently drop the private
            // writes, so such windows keep every chunk they touch until close
            while (live.size() >= maxLive && mapMode != FileChannel.MapMode.PRIVATE) {
                Chunk old = live.removeFirst();
                chunks.compareAndSet(old.index, old, null);
                old.retire();
            }
            live.addLast(c);
            chunks.set(ci, c);
            return c;
        }
    }

    private void checkRange(long pos, long len) {
        if (pos < 0 || len < 0 || pos > size - len) {
            throw new IndexOutOfBoundsException("range [" + pos + ", " + (pos + len) + ") is outside the window of "
                    + size + " bytes");
        }
    }

    private void checkFileLength(long end) {
        // the open file, not the path: after a rename or delete of the path the mapping is still valid, and a
        // replacement file at the path says nothing about the one mapped
        long size = openFileSize();
        if (size < fileOffset + end) {
            throw new UncheckedIOException(new FileSystemException(file.toString(), null, "file was truncated while"
                    + " mapped: it is " + size + " bytes, the window needs " + (fileOffset + end)));
        }
    }

    /**
     * Size of the open file. Through a descriptor of its own, not the shared channel: an interrupt closes a channel
     * for every thread, and {@code RandomAccessFile.length()} is not interruptible.
     */
    private long openFileSize() {
        try {
            return sizeProbe != null ? sizeProbe.length() : channel.size();
        } catch (IOException e) {
            if (closed) {
                throw new IllegalStateException("mapped window of " + file + " is closed");
            }
            throw new UncheckedIOException(e);
        }
    }

    private UncheckedIOException truncated(long pos, InternalError e) {
        // the JVM turns SIGBUS from a truncated mapped file into this InternalError
        FileSystemException x = new FileSystemException(file.toString(), null, "file was truncated while mapped:"
                + " access at byte " + (fileOffset + pos) + " failed");
        x.initCause(e);
        return new UncheckedIOException(x);
    }
}
