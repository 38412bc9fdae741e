package io.npy4j.mapping;

import java.nio.ByteOrder;

/** A borrowed range of another window: positions shifted by a constant, close a no-op. */
final class WindowSlice implements ByteWindow {
    private final ByteWindow base;
    private final long start;
    private final long size;

    private WindowSlice(ByteWindow base, long start, long size) {
        this.base = base;
        this.start = start;
        this.size = size;
    }

    static ByteWindow of(ByteWindow base, long pos, long len) {
        if (pos < 0 || len < 0 || pos > base.byteSize() - len) {
            throw new IndexOutOfBoundsException("slice [" + pos + ", " + (pos + len) + ") is outside the window of "
                    + base.byteSize() + " bytes");
        }
        if (base instanceof WindowSlice s) { // slices of slices stay one level deep
            return new WindowSlice(s.base, s.start + pos, len);
        }
        return new WindowSlice(base, pos, len);
    }

    @Override
    public long byteSize() {
        return size;
    }

    @Override
    public String source() {
        return base.source();
    }

    private void check(long pos, long len) {
        if (pos < 0 || len < 0 || pos > size - len) {
            throw new IndexOutOfBoundsException("range [" + pos + ", " + (pos + len) + ") is outside the window of "
                    + size + " bytes");
        }
    }

    @Override
    public void copy(long pos, ElementKind kind, ByteOrder order, Object array, int off, int count, boolean write) {
        check(pos, (long) count * kind.width());
        base.copy(start + pos, kind, order, array, off, count, write);
    }

    @Override
    public void visit(long pos, long len, int unit, PieceVisitor visitor) {
        check(pos, len);
        base.visit(start + pos, len, unit, visitor);
    }

    @Override
    public void copyRuns(long pos, long stride, int runs, int perRun, ElementKind kind, ByteOrder order,
            Object array, int off, boolean write) {
        if (runs > 0) {
            long last = pos + (runs - 1) * stride;
            check(Math.min(pos, last), Math.abs(last - pos) + (long) perRun * kind.width());
        }
        base.copyRuns(start + pos, stride, runs, perRun, kind, order, array, off, write);
    }

    @Override
    public void force(long pos, long len) {
        check(pos, len);
        base.force(start + pos, len);
    }

    @Override
    public boolean isWritable() {
        return base.isWritable();
    }

    @Override
    public void close() {
        // borrowed: the owner closes
    }
}
