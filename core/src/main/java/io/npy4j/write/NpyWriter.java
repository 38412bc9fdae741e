package io.npy4j.write;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.Order;
import io.npy4j.array.WriteBehind;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes an {@code .npy} whose length is not known up front: opened with the dtype and the shape of one row (the
 * axes other than the growth axis), it takes rows or blocks of rows in order and fixes the growth axis in the header
 * at {@link #close()}. The growth axis is the first in C order and the last in Fortran order; blocks are always rows
 * stacked on axis 0 ({@code (k,) + rowShape}), whatever the file's order.
 *
 * <p>The bytes are those of {@code np.save} of the whole array: NumPy leaves room in the header for the growth axis's
 * digits, so the final header has the length the placeholder had and the data never moves.
 *
 * <ul>
 *   <li>To a path ({@link #create}): the writer works under a hidden temporary name in the target's directory, whose
 *       header starts with a zero byte instead of {@code \x93} until {@code close()} writes the real header, forces,
 *       and renames it over the target. A process that dies before {@code close()} leaves the target as it was
 *       (the old file or none) and at most a temporary file that no reader takes for an array (a shutdown hook
 *       deletes it on Ctrl-C or SIGTERM; SIGKILL can leave it).</li>
 *   <li>To a channel or stream ({@link #to}): with the row count given, the final header is written first and
 *       {@code close()} checks that exactly that many rows came. Without it ({@code rows < 0}) the channel must be a
 *       {@link SeekableByteChannel}: a placeholder header (invalid magic) is written at its position and rewritten
 *       at {@code close()}. A non-seekable destination with an unknown row count is refused: nothing could fix the
 *       header once the bytes have left.</li>
 * </ul>
 *
 * <p>Not thread-safe: one writer per thread, rows in order. {@code close()} reports any failure (a short count, a
 * failed force or rename); after a failed {@code write}, {@code close()} discards the temporary file and throws.
 */
public final class NpyWriter implements Closeable {
    private final RowFormat format;
    private final boolean order;
    private final WritableByteChannel out;
    private final FileChannel file;
    private final Path target;
    private final Path temporary;
    private final Thread cleanup;
    private final long expectedRows;
    private final long headerAt;
    private final NpyHeader placeholder;
    private final OutputStream stream;
    private long rows;
    /** Reused by {@link #write(Object)}. */
    private ByteBuffer scratch;
    /** Forces a path's temporary file while it grows; null until it is large. */
    private WriteBehind behind;
    private boolean failed;
    private boolean closed;

    private NpyWriter(RowFormat format, boolean fortran, WritableByteChannel out, FileChannel file, Path target,
            Path temporary, Thread cleanup, long expectedRows, long headerAt, NpyHeader placeholder,
            OutputStream stream) {
        this.format = format;
        this.order = fortran;
        this.out = out;
        this.file = file;
        this.target = target;
        this.temporary = temporary;
        this.cleanup = cleanup;
        this.expectedRows = expectedRows;
        this.headerAt = headerAt;
        this.placeholder = placeholder;
        this.stream = stream;
    }

    /**
     * A writer of {@code target} (replaced atomically at {@link #close()}) for rows of {@code rowShape}.
     *
     * @param order {@link Order#C}: rows are {@code a[i]}; {@link Order#F}: rows are {@code a[..., j]}, the file is
     *     Fortran-ordered
     */
    public static NpyWriter create(Path target, DType dtype, Order order, long... rowShape) throws IOException {
        RowFormat f = new RowFormat(dtype, Shape.of(rowShape), order == Order.F);
        Path real = Files.isSymbolicLink(target) ? target.toRealPath() : target;
        Path tmp = NewFile.temporaryFor(real);
        Thread hook = new Thread(() -> {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the JVM is exiting
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            NpyHeader ph = placeholderFor(f);
            RowFormat.writeFully(ch, ByteBuffer.wrap(invalid(Npy.encodeHeader(ph))));
            return new NpyWriter(f, f.fortran, ch, ch, real, tmp, hook, -1, 0, ph, null);
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            Files.deleteIfExists(tmp);
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
    }

    /**
     * A writer to a channel (not closed by {@link #close()}).
     *
     * @param rows the final row count, or -1 if unknown: then {@code out} must be a {@link SeekableByteChannel}
     * @throws IllegalArgumentException if {@code rows < 0} and {@code out} is not seekable
     */
    public static NpyWriter to(WritableByteChannel out, DType dtype, Order order, long rows, long... rowShape)
            throws IOException {
        return to(out, null, dtype, order, rows, rowShape);
    }

    /**
     * A writer to a stream (flushed, not closed, by {@link #close()}). The row count must be known unless the
     * stream is a {@link java.io.FileOutputStream}, whose channel is seekable.
     */
    public static NpyWriter to(OutputStream out, DType dtype, Order order, long rows, long... rowShape)
            throws IOException {
        WritableByteChannel ch = out instanceof java.io.FileOutputStream fos ? fos.getChannel()
                : Channels.newChannel(out);
        return to(ch, out, dtype, order, rows, rowShape);
    }

    private static NpyWriter to(WritableByteChannel out, OutputStream stream, DType dtype, Order order, long rows,
            long... rowShape) throws IOException {
        RowFormat f = new RowFormat(dtype, Shape.of(rowShape), order == Order.F);
        if (rows >= 0) {
            Shape s = f.fileShape(rows);
            NpyHeader h = NpyHeader.of(dtype, s, RowFormat.numpyFortran(f.fortran, s));
            RowFormat.writeFully(out, ByteBuffer.wrap(Npy.encodeHeader(h)));
            return new NpyWriter(f, f.fortran, out, null, null, null, null, rows, -1, h, stream);
        }
        if (!(out instanceof SeekableByteChannel seekable)) {
            throw new IllegalArgumentException("the row count is unknown (rows = " + rows + ") and the destination"
                    + " cannot seek back to fix the header: give the row count, or write to a path or a seekable"
                    + " channel");
        }
        long at = seekable.position();
        NpyHeader ph = placeholderFor(f);
        RowFormat.writeFully(out, ByteBuffer.wrap(invalid(Npy.encodeHeader(ph))));
        return new NpyWriter(f, f.fortran, out, null, null, null, null, -1, at, ph, stream);
    }

    /** The header with 0 rows: as long as the final one, whatever the final count. */
    private static NpyHeader placeholderFor(RowFormat f) {
        return NpyHeader.of(f.dtype, f.fileShape(0), f.fortran);
    }

    /** The header with its first magic byte zeroed: no reader takes an unfinished file for an array. */
    private static byte[] invalid(byte[] header) {
        header[0] = 0;
        return header;
    }

    /** Appends the rows of {@code block}: one row ({@code rowShape}) or several ({@code (k,) + rowShape}). */
    public NpyWriter write(NpyArray block) throws IOException {
        open();
        long k = format.rowsOf(block);
        checkCount(k);
        run(() -> format.write(block, k, out));
        wrote(k);
        return this;
    }

    /**
     * Appends whole rows given as flat Java values ({@code double[]}, {@code int[]}, ...), each row's values in C
     * order of the row shape; converted to the dtype where NumPy's same-kind casting allows.
     */
    public NpyWriter write(Object flatValues) throws IOException {
        open();
        if (!format.copiesDirectly(flatValues)) {
            return write(format.block(flatValues));
        }
        long k = format.rowsOfValues(flatValues);
        checkCount(k);
        if (scratch == null) {
            scratch = RowFormat.scratchFor(out);
        }
        run(() -> format.writeValues(flatValues, out, scratch));
        wrote(k);
        return this;
    }

    /** Appends whole rows given as their stored bytes (the dtype's byte order, the file's order within a row). */
    public NpyWriter writeRaw(byte[] bytes, int off, int len) throws IOException {
        open();
        long k = format.rowsOfRaw(len);
        checkCount(k);
        run(() -> RowFormat.writeFully(out, ByteBuffer.wrap(bytes, off, len)));
        wrote(k);
        return this;
    }

    /**
     * Counts {@code k} rows written; once a path's temporary file holds {@link WriteBehind#MIN_BYTES}, it is forced
     * in the background from then on, so {@code close()} waits for the disk only for the tail.
     */
    private void wrote(long k) {
        rows += k;
        if (file != null && behind == null && rows * format.rowBytes >= WriteBehind.MIN_BYTES) {
            behind = WriteBehind.start(file, temporary.getFileName().toString());
        }
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    private interface Step {
        void run() throws IOException;
    }

    private void run(Step s) throws IOException {
        try {
            s.run();
        } catch (IOException | RuntimeException e) {
            failed = true;
            throw e;
        }
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("writer of " + where() + " is closed");
        }
    }

    private void checkCount(long k) {
        if (expectedRows >= 0 && rows + k > expectedRows) {
            throw new IllegalArgumentException("the header promises " + expectedRows + " rows; " + rows
                    + " are written, " + k + " more do not fit");
        }
    }

    private String where() {
        return target != null ? target.toString() : "a stream";
    }

    /**
     * Finishes the file: writes the final header (growth axis = rows written), forces and renames a path's
     * temporary file over the target; flushes a stream. Discards the temporary file if anything failed.
     *
     * @throws IOException if a write failed earlier, the row count is short of the one promised, or the final
     *     header, force or rename fails
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (target != null) {
            closePath();
            return;
        }
        if (failed) {
            throw new IOException("writing to " + where() + " failed earlier: the bytes written are not a valid .npy");
        }
        if (expectedRows >= 0) {
            if (rows != expectedRows) {
                throw new IOException("the header written promises " + expectedRows + " rows but " + rows
                        + " were written: the stream is not a valid .npy");
            }
        } else {
            SeekableByteChannel s = (SeekableByteChannel) out;
            long end = s.position();
            s.position(headerAt);
            RowFormat.writeFully(s, ByteBuffer.wrap(Npy.encodeHeader(finalHeader())));
            s.position(end);
        }
        if (stream != null) {
            stream.flush();
        }
    }

    private void closePath() throws IOException {
        boolean done = false;
        try {
            if (failed) {
                throw new IOException("writing " + target + " failed earlier; the target is unchanged");
            }
            if (behind != null) {
                behind.finish();
            }
            ByteBuffer header = ByteBuffer.wrap(Npy.encodeHeader(finalHeader()));
            while (header.hasRemaining()) {
                file.write(header, header.position());
            }
            file.force(true);
            file.close();
            if (Files.exists(target)) { // as np.save's open(..., 'wb'): an existing file keeps its permissions
                try {
                    Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(target));
                } catch (UnsupportedOperationException | IOException ignored) {
                    // not a POSIX file system: the new file keeps the default permissions
                }
            }
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (behind != null) {
                behind.close();
            }
            file.close();
            if (!done) {
                Files.deleteIfExists(temporary);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs and deletes the temporary file
            }
        }
    }

    /** Discards what was written: a path's temporary file is deleted and the target left as it was. */
    public void abort() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (file != null) {
            try {
                if (behind != null) {
                    behind.close();
                }
                file.close();
            } finally {
                Files.deleteIfExists(temporary);
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs and deletes the temporary file
                }
            }
        }
    }

    /**
     * NumPy's header for the final shape when it has the placeholder's length (always, unless {@code fortran_order}
     * flips for a degenerate shape and the padding cannot absorb it); else the placeholder's layout with the final
     * shape, which reads the same.
     */
    private NpyHeader finalHeader() {
        Shape s = format.fileShape(rows);
        NpyHeader numpy = NpyHeader.of(format.dtype, s, RowFormat.numpyFortran(order, s));
        if (numpy.version() == placeholder.version() && numpy.headerLength() == placeholder.headerLength()) {
            return numpy;
        }
        return new NpyHeader(placeholder.version(), format.dtype, s, placeholder.fortranOrder(),
                placeholder.headerLength());
    }
}
