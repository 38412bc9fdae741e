package io.npy4j.mapping;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The seam between npy4j and memory mapping: a flat, {@code long}-addressed byte range of a file. Everything that
 * knows chunks, buffers, segments and unmapping lives behind it.
 *
 * <p>Positions are relative to the window's start. Every method accepts any position and length inside the window,
 * including ranges and multi-byte elements that cross an internal chunk boundary. Implementations are safe for
 * concurrent reads and writes of disjoint ranges; {@link #close()} may race with readers, who then get an
 * {@link IllegalStateException} instead of a crash.
 */
public interface ByteWindow extends AutoCloseable {

    /** Length of the window in bytes. */
    long byteSize();

    /**
     * Copies {@code count} elements of {@code kind} between the window at {@code pos} and {@code array[off..]},
     * converting from/to {@code order}.
     *
     * @param array a {@code byte[]}, {@code short[]}, {@code int[]}, {@code long[]}, {@code float[]} or
     *     {@code double[]} matching {@code kind}
     * @param write true to store into the window, false to load from it
     * @throws java.io.UncheckedIOException if the file was truncated under the mapping
     */
    void copy(long pos, ElementKind kind, ByteOrder order, Object array, int off, int count, boolean write);

    /**
     * {@link #copy} of {@code runs} runs of {@code perRun} elements, the first at {@code pos} and each next one
     * {@code stride} bytes further (a column of a wide array, a strided slice): {@code array} receives them one after
     * another. Implementations may batch the runs that fall into one chunk.
     */
    default void copyRuns(long pos, long stride, int runs, int perRun, ElementKind kind, ByteOrder order,
            Object array, int off, boolean write) {
        for (int r = 0; r < runs; r++) {
            copy(pos + r * stride, kind, order, array, off + r * perRun, perRun, write);
        }
    }

    /** Receives one piece of a window's bytes: {@code bytes} (position 0) holds the range's bytes from {@code at}. */
    @FunctionalInterface
    interface PieceVisitor {
        void visit(ByteBuffer bytes, long at);
    }

    /**
     * Hands the bytes {@code [pos, pos+len)} to {@code visitor} in order, as read-only buffers of whole {@code unit}s
     * (a unit, an element, never straddles two buffers): the window's memory itself where it has any (mapped chunks,
     * heap bytes), else a copy. A buffer is valid during its call only; its byte order is unspecified.
     *
     * <p>This default copies through a heap buffer of about 1 MiB.
     */
    default void visit(long pos, long len, int unit, PieceVisitor visitor) {
        if (pos < 0 || len < 0 || pos > byteSize() - len) {
            throw new IndexOutOfBoundsException("range [" + pos + ", " + (pos + len) + ") is outside the window of "
                    + byteSize() + " bytes");
        }
        int step = (int) Math.max(unit, Math.min(len, (1 << 20) / unit * (long) unit));
        byte[] scratch = new byte[step];
        for (long done = 0; done < len; ) {
            int n = (int) Math.min(step, len - done);
            copy(pos + done, ElementKind.BYTE, ByteOrder.LITTLE_ENDIAN, scratch, 0, n, false);
            visitor.visit(ByteBuffer.wrap(scratch, 0, n).slice().asReadOnlyBuffer(), done);
            done += n;
        }
    }

    /**
     * A borrowed view of {@code len} bytes from {@code pos}: positions of the slice start at 0. It shares this
     * window's mapping; closing it does nothing, and it fails once this window is closed.
     *
     * @throws IndexOutOfBoundsException if the range is not inside this window
     */
    default ByteWindow slice(long pos, long len) {
        return WindowSlice.of(this, pos, len);
    }

    /** A name for error messages: the file, or {@code "<memory>"}. */
    String source();

    /** Flushes written bytes in {@code [pos, pos+len)} to the file (msync); a no-op for read-only windows. */
    void force(long pos, long len);

    /** Whether writes reach the file (read-write) or stay private (copy-on-write) or are refused (read-only). */
    boolean isWritable();

    /** Unmaps where the platform allows it; later access fails with {@link IllegalStateException}. Idempotent. */
    @Override
    void close();
}
