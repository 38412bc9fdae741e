package io.npy4j.npz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A read-only {@link FileChannel} whose small relative reads come from a read-ahead buffer. commons-compress reads the
 * central directory with 3-4 small relative reads per entry (one system call each: ~3,300 for 1,000 members); through
 * this channel it takes one call per {@link #BUFFER} bytes. Positional reads, which member streams use (commons-compress
 * reads {@code FileChannel}s positionally), and relative reads of at least {@link #BUFFER} bytes go straight to the
 * file. Relative reads and {@code position} are synchronized (they share one position).
 */
final class ReadAheadChannel extends FileChannel {
    static final int BUFFER = 16 << 10;
    private final FileChannel file;
    private final byte[] buf = new byte[BUFFER];
    private long bufStart;
    private int bufLength;
    private long position;
    private final boolean owns;

    ReadAheadChannel(FileChannel file) {
        this(file, true);
    }

    /** @param owns whether closing this channel closes {@code file} (not for a channel an {@link ArchiveLock} holds) */
    ReadAheadChannel(FileChannel file, boolean owns) {
        this.file = file;
        this.owns = owns;
    }

    /** The file underneath, for positional reads of its own. */
    FileChannel file() {
        return file;
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        int want = dst.remaining();
        if (want == 0) {
            return 0;
        }
        if (want >= BUFFER) {
            int n = file.read(dst, position);
            if (n > 0) {
                position += n;
            }
            return n;
        }
        if (position < bufStart || position >= bufStart + bufLength) {
            bufStart = position;
            bufLength = 0;
            int n = file.read(ByteBuffer.wrap(buf), position);
            if (n <= 0) {
                return -1;
            }
            bufLength = n;
        }
        int at = (int) (position - bufStart);
        int n = Math.min(want, bufLength - at);
        dst.put(buf, at, n);
        position += n;
        return n;
    }

    @Override
    public synchronized long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            if (!dsts[i].hasRemaining()) {
                continue;
            }
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (dsts[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst, long pos) throws IOException {
        return file.read(dst, pos);
    }

    @Override
    public synchronized long position() {
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        return file.size();
    }

    @Override
    public long transferTo(long pos, long count, WritableByteChannel target) throws IOException {
        return file.transferTo(pos, count, target);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long pos, long size) throws IOException {
        return file.map(mode, pos, size);
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long pos) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long pos, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) throws IOException {
        file.force(metaData);
    }

    @Override
    public FileLock lock(long pos, long size, boolean shared) throws IOException {
        return file.lock(pos, size, shared);
    }

    @Override
    public FileLock tryLock(long pos, long size, boolean shared) throws IOException {
        return file.tryLock(pos, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        if (owns) {
            file.close();
        }
    }
}
