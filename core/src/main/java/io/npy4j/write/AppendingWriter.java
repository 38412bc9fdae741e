package io.npy4j.write;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyHeader;
import io.npy4j.Order;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import io.npy4j.format.HeaderReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Grows an existing {@code .npy} along its growth axis (the first in C order, the last in Fortran order) in place:
 * the new rows go after the data, then the header's growth axis is rewritten in its own padding. Data already in the
 * file is never rewritten, so the cost of an append is the rows appended.
 *
 * <p><b>Room in the header.</b> NumPy >= 1.23 (and npy4j) leave room for the growth axis to take 21 digits. A header
 * without that room (older NumPy) cannot grow in place: {@link Growth#IN_PLACE} (the default) refuses with
 * {@link HeaderFullException} before writing anything; {@link Growth#REWRITE} is the explicit opt-in to move the data
 * once behind NumPy's current header, in place under the lock: not crash-safe (a crash mid-way damages the file), and
 * readers must not read meanwhile.
 *
 * <p><b>Concurrent appenders</b>, threads or processes, are serialized: {@link #open} waits for an exclusive
 * {@link FileLock} on the whole file (an advisory {@code fcntl} lock; and, because the JVM holds such locks per
 * process, for a per-file semaphore among the JVM's own threads). An appender holds the lock until {@link #close()},
 * so each appender's rows are contiguous. Every appender must go through this class (or lock the same way); the
 * lock does not stop other writers.
 *
 * <p><b>What a reader sees.</b> A reader that reads the header gets a row count whose rows are all complete: rows
 * are written and forced before the header that counts them ({@link #commit()}). Bytes past the data a header
 * promises are an append in progress (or the leftover of an appender that died before its commit, which the next
 * appender truncates); the rows a header counts are never changed. The header rewrite is a single write of one
 * header (within the first page); a reader racing it may in principle see a mix of the old and new digits, so a
 * reader that must be certain reads the header with {@link #readHeader(Path)}, which takes a shared lock.
 *
 * <p>Considerations: on Linux, closing <em>any</em> channel of a file releases the process's locks on it, so within
 * one JVM do not open and close other channels on the file (such as {@link Npy#readHeader(Path)}) while an appender
 * holds it; {@link #readHeader(Path)} waits for the JVM's appenders first. The same holds for the shared lock of
 * {@link #readHeader(Path)}: another thread of the reader's JVM closing a channel of the file meanwhile (a mapping,
 * {@link Npy#readHeader(Path)}) drops it, and the read may then race an append: it still never reports a committed
 * file as truncated (the size is taken after the header), but it may see a header rewrite in progress. On NFS, locks
 * need {@code lockd} (v3) or v4; on Lustre the {@code flock} mount option.
 */
public final class AppendingWriter implements Closeable {
    /** What to do when the header has no room for more digits. */
    public enum Growth {
        /** Grow in place only; a full header is a {@link HeaderFullException}. */
        IN_PLACE,
        /** Move the data once behind a header with room (in place, under the lock, not crash-safe), then grow. */
        REWRITE
    }

    private static final ConcurrentHashMap<Path, Semaphore> IN_JVM = new ConcurrentHashMap<>();
    private final Path file;
    private final Semaphore jvmLock;
    private final FileChannel channel;
    private final FileLock lock;
    private final RowFormat format;
    private final Growth growth;
    private NpyHeader header;
    private long committedRows;
    private long rows;
    private boolean closed;
    /** Reused by {@link #write(Object)}. */
    private ByteBuffer scratch;

    private AppendingWriter(Path file, Semaphore jvmLock, FileChannel channel, FileLock lock, NpyHeader header,
            Growth growth) {
        this.file = file;
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.lock = lock;
        this.header = header;
        this.format = RowFormat.of(header);
        this.growth = growth;
        this.rows = format.fortran ? header.shape().dim(header.shape().rank() - 1) : header.shape().dim(0);
        this.committedRows = rows;
    }

    /** Opens {@code file} for appending, waiting for other appenders; {@link Growth#IN_PLACE}. */
    public static AppendingWriter open(Path file) throws IOException {
        return open(file, Growth.IN_PLACE);
    }

    /**
     * Opens {@code file} for appending, waiting until no other appender (thread or process) holds it.
     *
     * @throws NpyFormatException if the file is not a valid {@code .npy}, or is shorter than its header says
     */
    public static AppendingWriter open(Path file, Growth growth) throws IOException {
        Path real = file.toRealPath();
        Semaphore sem = IN_JVM.computeIfAbsent(real, p -> new Semaphore(1));
        acquire(sem, file);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(real, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = ch.lock();
            NpyHeader h = readHeader(ch, file);
            if (h.shape().rank() == 0) {
                throw new IllegalArgumentException(file + " holds a 0-d array, which has no axis to grow along");
            }
            long end = h.dataOffset() + h.dataLength();
            if (ch.size() > end) {
                ch.truncate(end); // rows of an appender that died before its commit: never counted, never seen
            }
            AppendingWriter w = new AppendingWriter(file, sem, ch, lock, h, growth);
            ch.position(end);
            return w;
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            sem.release();
            throw e;
        }
    }

    /**
     * As {@link #open(Path)}, after checking that the file holds rows of {@code rowShape} of {@code dtype} in
     * {@code order}.
     *
     * @throws HeaderMismatchException naming the file and each difference
     */
    public static AppendingWriter open(Path file, DType dtype, Order order, long... rowShape) throws IOException {
        AppendingWriter w = open(file);
        RowFormat want = new RowFormat(dtype, Shape.of(rowShape), order == Order.F);
        java.util.List<String> d = new java.util.ArrayList<>();
        if (!want.dtype.equals(w.format.dtype)) {
            d.add("dtype " + w.format.dtype.descr() + " != expected " + want.dtype.descr());
        }
        if (!want.rowShape.equals(w.format.rowShape) || want.fortran != w.format.fortran) {
            d.add("rows of shape " + w.format.rowShape + " in " + (w.format.fortran ? "Fortran" : "C")
                    + " order (file shape " + w.header.shape() + ") != expected " + want.rowShape + " in "
                    + (want.fortran ? "Fortran" : "C") + " order");
        }
        if (!d.isEmpty()) {
            NpyHeader expected = NpyHeader.of(dtype, want.fileShape(w.rows), want.fortran);
            NpyHeader found = w.header;
            w.close();
            throw new HeaderMismatchException(file, expected, found, d);
        }
        return w;
    }

    /**
     * Reads the header of {@code file} under a shared lock, so that no appender is between its data and its header
     * write: the row count is one an appender committed. It waits for this JVM's appenders of the file too, so a
     * thread that holds an appender of {@code file} must use {@link #header()} instead (it would wait for itself).
     */
    public static NpyHeader readHeader(Path file) throws IOException {
        Path real = file.toRealPath();
        Semaphore sem = IN_JVM.computeIfAbsent(real, p -> new Semaphore(1));
        acquire(sem, file);
        try (FileChannel ch = FileChannel.open(real, StandardOpenOption.READ)) {
            FileLock ignored = ch.lock(0, Long.MAX_VALUE, true);
            return readHeader(ch, file);
        } finally {
            sem.release();
        }
    }

    private static void acquire(Semaphore sem, Path file) throws InterruptedIOException {
        try {
            sem.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to append to " + file);
        }
    }

    /**
     * The header, then the file size to check it against: in that order, because an appender forces its rows before
     * the header that counts them, so a size taken after the header covers what it promises (taken before, an
     * append committed in between made a valid file look truncated). The header itself lies in the first bytes,
     * which appends never shorten.
     */
    static NpyHeader readHeader(SeekableByteChannel ch, Path file) throws IOException {
        try {
            NpyHeader h = HeaderReader.read(ch.position(0), HeaderReader.DEFAULT_MAX_HEADER_SIZE, ch.size());
            long size = ch.size();
            long need = h.dataOffset() + h.dataLength();
            if (h.dtype().hasObjects()) {
                throw new NpyFormatException(NpyFormatException.Kind.OBJECT_DTYPE, "dtype " + h.dtype().descr()
                        + " holds Python objects, which cannot be appended to", file, null, h.dataOffset());
            }
            if (size < need) {
                throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, "file is " + size
                        + " bytes but the header promises " + need, file, null, size);
            }
            return h;
        } catch (NpyFormatException e) {
            throw e.withFile(file);
        }
    }

    /** The file's header as this appender last wrote it (or found it). */
    public NpyHeader header() {
        return header;
    }

    /** Rows in the file, counting those appended and not yet committed. */
    public long rows() {
        return rows;
    }

    /** Appends the rows of {@code block}: one row or several stacked on axis 0 ({@code (k,) + rowShape}). */
    public AppendingWriter write(NpyArray block) throws IOException {
        live();
        long k = format.rowsOf(block);
        room(rows + k);
        long at = channel.position();
        undoOnFailure(at, () -> format.write(block, k, channel));
        rows += k;
        return this;
    }

    /** Appends whole rows of flat Java values, each row in C order of the row shape. */
    public AppendingWriter write(Object flatValues) throws IOException {
        live();
        if (!format.copiesDirectly(flatValues)) {
            return write(format.block(flatValues));
        }
        long k = format.rowsOfValues(flatValues);
        room(rows + k);
        long at = channel.position();
        if (scratch == null) {
            scratch = RowFormat.scratchFor(channel);
        }
        undoOnFailure(at, () -> format.writeValues(flatValues, channel, scratch));
        rows += k;
        return this;
    }

    /** Appends whole rows as stored bytes. */
    public AppendingWriter writeRaw(byte[] bytes, int off, int len) throws IOException {
        live();
        long k = format.rowsOfRaw(len);
        room(rows + k);
        long at = channel.position();
        undoOnFailure(at, () -> RowFormat.writeFully(channel, ByteBuffer.wrap(bytes, off, len)));
        rows += k;
        return this;
    }

    private interface Step {
        void run() throws IOException;
    }

    /** A block that fails half-way is cut off again, so the next block starts on a row boundary. */
    private void undoOnFailure(long at, Step step) throws IOException {
        try {
            step.run();
        } catch (IOException | RuntimeException e) {
            try {
                channel.truncate(at);
                channel.position(at);
            } catch (IOException again) {
                e.addSuppressed(again);
                closed = true; // cannot tell where the rows end: refuse further writes and the commit
                try {
                    lock.release();
                    channel.close();
                } finally {
                    jvmLock.release();
                }
            }
            throw e;
        }
    }

    private void live() {
        if (closed) {
            throw new IllegalStateException("appender of " + file + " is closed");
        }
    }

    /** Makes sure the header can count {@code n} rows, rewriting the file first if allowed. */
    private void room(long n) throws IOException {
        if (format.grown(header, n) != null) {
            return;
        }
        if (growth != Growth.REWRITE) {
            throw new HeaderFullException(file, header.headerLength(), n);
        }
        rewriteWithRoom();
    }

    /**
     * Moves the data behind a header with room, in place: the data is copied backwards to its new offset (under the
     * lock, no reader may read during it; a crash mid-way leaves a damaged file, which is why it is opt-in).
     */
    private void rewriteWithRoom() throws IOException {
        NpyHeader bigger = NpyHeader.of(header.dtype(), format.fileShape(rows), header.fortranOrder());
        long shift = bigger.dataOffset() - header.dataOffset();
        long from = header.dataOffset();
        long length = channel.position() - from; // committed data and rows appended so far
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(buf.capacity(), length - done);
            long src = from + length - done - n;
            buf.clear().limit(n);
            while (buf.hasRemaining()) {
                channel.read(buf, src + buf.position());
            }
            buf.flip();
            while (buf.hasRemaining()) {
                channel.write(buf, src + shift + buf.position());
            }
            done += n;
        }
        channel.force(false);
        header = new NpyHeader(bigger.version(), header.dtype(), format.fileShape(committedRows),
                header.fortranOrder(), bigger.headerLength());
        channel.write(ByteBuffer.wrap(Npy.encodeHeader(header)), 0);
        channel.force(true);
        channel.position(from + length + shift);
    }

    /**
     * Makes the rows appended so far part of the file: forces them, then rewrites the growth axis in the header and
     * forces that. A crash before this returns leaves the file with its old row count (the new rows unseen); after
     * it, with the new one.
     */
    public void commit() throws IOException {
        live();
        if (rows == committedRows) {
            return;
        }
        NpyHeader next = format.grown(header, rows);
        if (next == null) {
            throw new HeaderFullException(file, header.headerLength(), rows);
        }
        channel.force(false);
        ByteBuffer b = ByteBuffer.wrap(RowFormat.encodeInPlace(next));
        while (b.hasRemaining()) {
            channel.write(b, b.position());
        }
        channel.force(true);
        header = next;
        committedRows = rows;
    }

    /** Commits, then releases the lock (also when the commit fails; uncommitted rows are then dropped). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            commit();
        } finally {
            closed = true;
            try {
                if (lock.isValid()) {
                    lock.release();
                }
                channel.close();
            } finally {
                jvmLock.release();
            }
        }
    }
}
