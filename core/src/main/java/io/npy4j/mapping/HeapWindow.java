package io.npy4j.mapping;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bytes on the Java heap as a window: the storage of in-memory arrays, and of data read from streams. One array of
 * at most 2^31-1 bytes; reads and writes of disjoint ranges may run concurrently.
 */
final class HeapWindow implements ByteWindow {
    private static final int SMALL = 16;
    private final byte[] bytes;
    private final int offset;
    private final int size;
    private final boolean writable;
    private final ByteBuffer little;
    private final ByteBuffer big;
    private volatile boolean closed;

    HeapWindow(byte[] bytes, int offset, int size, boolean writable) {
        if (offset < 0 || size < 0 || offset > bytes.length - size) {
            throw new IndexOutOfBoundsException("heap window [" + offset + ", " + (offset + size)
                    + ") is outside an array of " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.offset = offset;
        this.size = size;
        this.writable = writable;
        this.little = ByteBuffer.wrap(bytes, offset, size).slice().order(ByteOrder.LITTLE_ENDIAN);
        this.big = little.duplicate().order(ByteOrder.BIG_ENDIAN);
    }

    /** The backing array (for whole-array fast paths inside this package). */
    byte[] array() {
        return bytes;
    }

    @Override
    public long byteSize() {
        return size;
    }

    @Override
    public String source() {
        return "<memory>";
    }

    @Override
    public void copyRuns(long pos, long stride, int runs, int perRun, ElementKind kind, ByteOrder order,
            Object array, int off, boolean write) {
        if (write || perRun > SMALL || runs <= 0 || closed) { // closed: the per-run copy says so
            ByteWindow.super.copyRuns(pos, stride, runs, perRun, kind, order, array, off, write);
            return;
        }
        long last = pos + (runs - 1) * stride;
        long low = Math.min(pos, last);
        long span = Math.abs(last - pos) + (long) perRun * kind.width();
        if (low < 0 || low > size - span) {
            throw new IndexOutOfBoundsException("runs [" + low + ", " + (low + span) + ") are outside the window of "
                    + size + " bytes");
        }
        kind.readRuns(order == ByteOrder.LITTLE_ENDIAN ? little : big, (int) pos, (int) stride, runs, perRun,
                array, off);
    }

    @Override
    public void visit(long pos, long len, int unit, PieceVisitor visitor) {
        if (closed) {
            throw new IllegalStateException("in-memory array is closed");
        }
        if (pos < 0 || len < 0 || pos > size - len) {
            throw new IndexOutOfBoundsException("range [" + pos + ", " + (pos + len) + ") is outside the window of "
                    + size + " bytes");
        }
        visitor.visit(ByteBuffer.wrap(bytes, offset + (int) pos, (int) len).slice().asReadOnlyBuffer(), 0);
    }

    @Override
    public void copy(long pos, ElementKind kind, ByteOrder order, Object array, int off, int count, boolean write) {
        long n = (long) count * kind.width();
        if (closed) {
            throw new IllegalStateException("in-memory array is closed");
        }
        if (pos < 0 || count < 0 || pos > size - n) {
            throw new IndexOutOfBoundsException("range [" + pos + ", " + (pos + n) + ") is outside the window of "
                    + size + " bytes");
        }
        if (write && !writable) {
            throw new IllegalStateException("in-memory array is read-only");
        }
        ByteBuffer ordered = order == ByteOrder.LITTLE_ENDIAN ? little : big;
        if (count <= SMALL) {
            kind.transferSmall(ordered, (int) pos, array, off, count, write);
        } else if (kind == ElementKind.BYTE) {
            if (write) {
                System.arraycopy(array, off, bytes, offset + (int) pos, count);
            } else {
                System.arraycopy(bytes, offset + (int) pos, array, off, count);
            }
        } else {
            kind.transfer(ordered.slice((int) pos, (int) n).order(order), array, off, count, write);
        }
    }

    @Override
    public void force(long pos, long len) {
        // nothing to flush
    }

    @Override
    public boolean isWritable() {
        return writable;
    }

    @Override
    public void close() {
        closed = true;
    }
}
