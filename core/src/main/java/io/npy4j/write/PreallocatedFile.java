package io.npy4j.write;

import io.npy4j.MapMode;
import io.npy4j.MapOptions;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyHeader;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file of known final shape filled in place by many workers (NumPy's {@code open_memmap(mode='w+')} by one
 * coordinator, then {@code 'r+'} by each job), with the checks NumPy leaves out.
 *
 * <ul>
 *   <li>Coordinator: {@link #create} truncates (explicitly: it wipes an existing file), {@link #createIfAbsent} never
 *       does: it creates the file atomically or checks the existing one's header, so a second coordinator racing the
 *       first cannot wipe rows already written.</li>
 *   <li>Worker: {@link #openWindow} / {@link #openRows} check the file's header against the one the worker expects,
 *       then map its window read-write (or reach it with positional I/O, {@link MapOptions#positional()}); the
 *       worker writes, calls {@link NpyArray#force()} and closes, then may mark its window in a
 *       {@link CompletionLog}.</li>
 * </ul>
 *
 * <p>Considerations: the data is sparse until written (a one-byte write at the end sizes the file), so unwritten
 * rows read as zeros, the fill value; a full disk surfaces when a worker writes, not at creation. Which windows are
 * safe to write concurrently depends on the file system: {@link Partition#aligned} and SPEC.md §17.
 */
public final class PreallocatedFile {
    private static final int RETRIES = 50;

    private PreallocatedFile() {
    }

    /**
     * Creates {@code file} with {@code header} and zero (sparse) data, truncating any existing file, as
     * {@link Npy#create} ({@code open_memmap(mode='w+')}). Use {@link #createIfAbsent} where a second coordinator
     * might run.
     */
    public static void create(Path file, NpyHeader header) throws IOException {
        Npy.create(file, header).close();
    }

    /**
     * Creates {@code file} with {@code header} and zero (sparse) data unless it exists; an existing file is never
     * truncated or written, only checked. Atomic against a racing coordinator: the file is written under a
     * temporary name and hard-linked to {@code file} only if the name is free, so exactly one racer creates it and
     * every other one sees the complete header.
     *
     * @return true if this call created the file, false if it existed with a matching header
     * @throws HeaderMismatchException if the existing file has another dtype, shape or order
     * @throws NpyFormatException if the existing file is not a valid {@code .npy}
     */
    public static boolean createIfAbsent(Path file, NpyHeader header) throws IOException {
        if (header.dtype().hasObjects()) {
            throw new IllegalArgumentException("dtype " + header.dtype().descr() + " holds Python objects, which"
                    + " cannot be written in place");
        }
        boolean created = NewFile.createIfAbsent(file, ch -> writeSparse(ch, header));
        if (!created) {
            check(file, header);
        }
        return created;
    }

    /** Header, then the file sized to the data by its last byte (sparse where the file system allows). */
    static void writeSparse(FileChannel ch, NpyHeader header) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Npy.encodeHeader(header));
        while (b.hasRemaining()) {
            ch.write(b);
        }
        long end = header.dataOffset() + header.dataLength();
        if (end > header.dataOffset()) {
            ch.write(ByteBuffer.wrap(new byte[1]), end - 1);
        }
    }

    /**
     * Reads the header of {@code file} and checks its dtype, shape and order against {@code expected} (the version
     * and header length may differ: NumPy 1.x and 2.x pad differently).
     *
     * @return the file's header (its data offset is the one to use)
     * @throws HeaderMismatchException naming the file and each difference
     */
    public static NpyHeader check(Path file, NpyHeader expected) throws IOException {
        NpyHeader found = readSettled(file);
        HeaderMismatchException.check(file, expected, found);
        return found;
    }

    /**
     * Reads the header, waiting a little while a racing coordinator that could not hard-link is still writing it
     * (the file then exists but is short for up to a few milliseconds).
     */
    private static NpyHeader readSettled(Path file) throws IOException {
        for (int attempt = 0; ; attempt++) {
            try {
                return Npy.readHeader(file);
            } catch (NpyFormatException e) {
                boolean young = e.kind() == NpyFormatException.Kind.TRUNCATED
                        || e.kind() == NpyFormatException.Kind.DATA_TRUNCATED;
                if (!young || attempt >= RETRIES) {
                    throw e;
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Opens the part {@code selection} picks of an existing file read-write, after checking its header against
     * {@code expected}. The caller writes, calls {@link NpyArray#force()}, and closes.
     *
     * @param options per call: {@code options.positional()} writes with positional I/O instead of mapping (for file
     *     systems where mapping is slow or unsafe)
     * @throws HeaderMismatchException if the file's dtype, shape or order differ from {@code expected}
     */
    public static NpyArray openWindow(Path file, NpyHeader expected, Selection selection, MapOptions options)
            throws IOException {
        NpyHeader found = check(file, expected);
        return Npy.map(file, found, selection, MapMode.READ_WRITE, options);
    }

    /** {@link #openWindow} of one window of a {@link Partition}. */
    public static NpyArray openWindow(Path file, NpyHeader expected, Partition.Window window, MapOptions options)
            throws IOException {
        return openWindow(file, expected, window.selection(expected.shape()), options);
    }

    /**
     * {@link #openWindow} of rows {@code [first, end)} of the growth axis (the first axis in C order, the last in
     * Fortran order).
     */
    public static NpyArray openRows(Path file, NpyHeader expected, long first, long end, MapOptions options)
            throws IOException {
        int rank = expected.shape().rank();
        if (rank == 0) {
            throw new IllegalArgumentException("a 0-d array has no rows");
        }
        int axis = expected.fortranOrder() ? rank - 1 : 0;
        return openWindow(file, expected, new Partition.Window(0, axis, first, end).selection(expected.shape()),
                options);
    }
}
