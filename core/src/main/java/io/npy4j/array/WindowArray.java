package io.npy4j.array;

import io.npy4j.NpyArray;
import io.npy4j.Order;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.Field;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.dtype.StructType;
import io.npy4j.dtype.SubarrayType;
import io.npy4j.mapping.ByteWindow;
import io.npy4j.mapping.ElementKind;
import io.npy4j.select.CopyPlan;
import io.npy4j.select.Region;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * An array whose elements are a strided {@link Region} of fixed-size records in one {@link ByteWindow}: a mapped
 * window of an {@code .npy} file, an in-memory array, a stored npz member. Views ({@link #select}, {@link #field},
 * {@link #row}) share the window; only the owner closes it.
 *
 * <p>Addresses are window-relative: storage element {@code e} of the region starts at byte {@code e * recordSize}
 * of the window, and the view's values at {@code blockOffset} inside it.
 */
public final class WindowArray extends AbstractArray {
    /** The page size the kernel maps (and faults) file pages in. */
    private static final long PAGE = 4096;
    private final ByteWindow window;
    private final boolean owner;
    /** The stored record type and its size: the file's dtype, whatever field this view shows. */
    private final DType recordType;
    private final long recordSize;
    private final Region region;
    private final CopyPlan plan;
    /** How the source was opened, for messages: "r", "r+", "c", "w+", "memory". */
    private final String mode;
    /** Offset of the view's bytes inside one record (a field's offset). */
    private final long blockOffset;
    /** View elements per record (the subarray size of a field; else 1). */
    private final long perElement;
    private final boolean contiguous;
    private final ByteOrder order;

    private WindowArray(ByteWindow window, boolean owner, DType recordType, Region region, String mode, DType dtype,
            Shape shape, long blockOffset, long perElement) {
        super(dtype, shape);
        this.window = window;
        this.owner = owner;
        this.recordType = recordType;
        this.recordSize = recordType.itemSize();
        this.region = region;
        this.plan = CopyPlan.of(region, Math.max(1, recordSize), false);
        this.mode = mode;
        this.blockOffset = blockOffset;
        this.perElement = perElement;
        // the view's bytes are the records' bytes: runs of the plan are runs of values
        this.contiguous = blockOffset == 0 && dtype.itemSize() * perElement == recordSize;
        this.order = dtype instanceof ScalarType s ? s.endianness().byteOrder() : ByteOrder.LITTLE_ENDIAN;
    }

    /**
     * The array that owns {@code window}: records of {@code recordType} at the window-relative storage indices of
     * {@code region}.
     */
    public static WindowArray open(ByteWindow window, DType recordType, Region region, String mode) {
        return new WindowArray(window, true, recordType, region, mode, recordType, Shape.of(region.shape()), 0, 1);
    }

    @Override
    public Order order() {
        boolean plain = contiguous && perElement == 1;
        return plain && region.isContiguous(true) && !region.isContiguous(false) ? Order.F : Order.C;
    }

    @Override
    public boolean isWritable() {
        return window.isWritable();
    }

    @Override
    public String source() {
        return window.source();
    }

    /** How the source was opened: {@code "r"}, {@code "r+"}, {@code "c"}, {@code "w+"} or {@code "memory"}. */
    public String mode() {
        return mode;
    }

    /** Bytes of the window this array's storage spans. */
    public long windowBytes() {
        return window.byteSize();
    }

    @Override
    protected RuntimeException readOnly() {
        return new ReadOnlyArrayException(source() + " is open read-only (mode '" + mode + "'): map it with"
                + " MapMode.READ_WRITE or COPY_ON_WRITE to write");
    }

    // --- views --------------------------------------------------------------------------------------------------

    @Override
    public NpyArray select(Selection selection) {
        if (perElement != 1) {
            throw new UnsupportedOperationException("select() of a subarray field's view is not supported: select"
                    + " first, then take the field");
        }
        Region r = region.then(selection);
        return new WindowArray(window, false, recordType, r, mode, dtype, Shape.of(r.shape()), blockOffset, 1);
    }

    @Override
    public NpyArray row(long i) {
        if (perElement != 1) {
            throw new UnsupportedOperationException("row() of a subarray field's view is not supported: take the"
                    + " row first, then the field");
        }
        Region r = region.row(i);
        return new WindowArray(window, false, recordType, r, mode, dtype, Shape.of(r.shape()), blockOffset, 1);
    }

    @Override
    public NpyArray field(String name) {
        if (!(dtype instanceof StructType st)) {
            throw new IllegalArgumentException("dtype " + dtype.descr() + " has no fields");
        }
        if (perElement != 1) {
            // the struct repeats inside a subarray: its fields are not evenly spaced values of this view
            throw new UnsupportedOperationException("fields of a struct inside a subarray field are not supported;"
                    + " read the subarray field with readRaw");
        }
        Field f = st.field(name).orElseThrow(() -> new IllegalArgumentException("no field " + name + " in "
                + st.descr() + "; fields are " + st.fields().stream().map(Field::name).toList()));
        DType t = f.type();
        long[] dims = shape.toArray();
        long per = 1;
        while (t instanceof SubarrayType sub) {
            long[] more = sub.shape().toArray();
            long[] joined = Arrays.copyOf(dims, dims.length + more.length);
            System.arraycopy(more, 0, joined, dims.length, more.length);
            dims = joined;
            per = Math.multiplyExact(per, sub.shape().size());
            t = sub.base();
        }
        return new WindowArray(window, false, recordType, region, mode, t, Shape.of(dims), blockOffset + f.offset(),
                per);
    }

    // --- primitives ---------------------------------------------------------------------------------------------

    @Override
    protected void transfer(long first, int count, ElementKind kind, int perValue, Object array, int off,
            boolean write) {
        moveSplit(first, count, kind, perValue, array, off, write);
    }

    @Override
    protected void transferRaw(long first, int count, byte[] array, int off, boolean write) {
        moveSplit(first, count, ElementKind.BYTE, (int) dtype.itemSize(), array, off, write);
    }

    /** {@link #move}, split over the cores when a read touches enough storage ({@link Parallel}). */
    private void moveSplit(long first, int count, ElementKind kind, int perValue, Object array, int off,
            boolean write) {
        try {
            int parts = write ? 1 : Parallel.parts(touchedBytes(count), count);
            if (parts == 1) {
                move(first, count, kind, perValue, array, off, write);
            } else {
                Parallel.run(count, parts, (s, n) -> move(first + s, n, kind, perValue, array,
                        off + (int) s * perValue, false));
            }
        } catch (InternalError e) {
            throw truncated(e); // JDK 17 reports a fault on a truncated mapping late, outside the window's catch
        }
    }

    /**
     * Storage bytes that reading {@code count} view elements touches, about: whole records for a field view, else
     * the plan's runs, each at least a page when runs are short and far apart (a column of a wide array faults in one
     * page per row).
     */
    private long touchedBytes(int count) {
        if (!contiguous) {
            return (long) count / Math.max(1, perElement) * recordSize;
        }
        long runBytes = plan.runLength();
        long runValues = Math.max(1, runBytes / Math.max(1, recordSize) * perElement);
        long runs = (count + runValues - 1) / runValues;
        return runs * Math.max(runBytes, runs > 1 ? PAGE : 0);
    }

    private UncheckedIOException truncated(InternalError e) {
        FileSystemException x = new FileSystemException(source(), null, "file was truncated while mapped (" + e
                .getMessage() + ")");
        x.initCause(e);
        return new UncheckedIOException(x);
    }

    /**
     * Moves view elements {@code [first, first+count)}: each is {@code javaPerElement} values of {@code kind}
     * ({@code kind.width() * javaPerElement} bytes) in the dtype's byte order.
     */
    private void move(long first, long count, ElementKind kind, int javaPerElement, Object array, int off,
            boolean write) {
        long valueBytes = (long) kind.width() * javaPerElement;
        long k = first;
        long remaining = count;
        int o = off;
        if (contiguous) {
            // runs of the plan hold runRecords records = runRecords * perElement view elements
            long runValues = plan.runLength() / recordSize * perElement;
            CopyPlan.Cursor run = plan.cursor(k / runValues);
            long inRun = k % runValues;
            if (inRun > 0) { // finish a partly read run first
                int n = (int) Math.min(remaining, runValues - inRun);
                window.copy(run.offset() + inRun * valueBytes, kind, order, array, o, n * javaPerElement, write);
                o += n * javaPerElement;
                remaining -= n;
                run.next();
            }
            while (remaining >= runValues) { // whole runs, a line of equally spaced runs per call
                int runs = (int) Math.min(Math.min(run.runsInLine(), remaining / runValues),
                        Integer.MAX_VALUE / Math.max(1, runValues * javaPerElement));
                window.copyRuns(run.offset(), run.stride(), runs, (int) (runValues * javaPerElement), kind, order,
                        array, o, write);
                o += (int) (runs * runValues * javaPerElement);
                remaining -= runs * runValues;
                run.advance(runs);
            }
            if (remaining > 0) { // the start of a last, partly read run
                window.copy(run.offset(), kind, order, array, o, (int) remaining * javaPerElement, write);
            }
        } else if (!write) {
            gatherField(k, remaining, kind, javaPerElement, array, o);
        } else {
            // writes touch only the field's bytes, value by value: other fields may be written concurrently
            while (remaining > 0) {
                long e = k / perElement;
                long j = k % perElement;
                int n = (int) Math.min(remaining, perElement - j);
                long pos = region.storageIndex(e) * recordSize + blockOffset + j * valueBytes;
                window.copy(pos, kind, order, array, o, n * javaPerElement, write);
                k += n;
                o += n * javaPerElement;
                remaining -= n;
            }
        }
    }

    /**
     * Reads a field view's elements {@code [k, k+count)}: the field's bytes of consecutive records are runs one
     * record apart, loaded straight out of the window ({@link ByteWindow#copyRuns}: one loop over the records of a
     * chunk, no copy of whole records); a record the range starts or ends inside is read value by value.
     */
    private void gatherField(long k, long count, ElementKind kind, int javaPerElement, Object array, int o) {
        long valueBytes = (long) kind.width() * javaPerElement;
        long runRecords = plan.runLength() / recordSize;
        int values = (int) (perElement * javaPerElement);
        while (count > 0) {
            long e = k / perElement;
            long j = k % perElement;
            if (j != 0 || count < perElement) { // a partial record
                int n = (int) Math.min(count, perElement - j);
                long pos = region.storageIndex(e) * recordSize + blockOffset + j * valueBytes;
                window.copy(pos, kind, order, array, o, n * javaPerElement, false);
                k += n;
                o += n * javaPerElement;
                count -= n;
                continue;
            }
            long r = e / runRecords;
            long inRun = e % runRecords;
            int records = (int) Math.min(Math.min(count / perElement, runRecords - inRun),
                    Integer.MAX_VALUE / Math.max(1, values));
            window.copyRuns(plan.runOffset(r) + inRun * recordSize + blockOffset, recordSize, records, values, kind,
                    order, array, o, false);
            k += (long) records * perElement;
            o += records * values;
            count -= (long) records * perElement;
        }
    }

    /** Views whose runs are shorter than this are visited through copies: a call per tiny run costs more. */
    private static final long VISIT_RUN = 64 << 10;

    @Override
    protected void visit(long first, long count, io.npy4j.ChunkVisitor visitor) {
        long runBytes = plan.runLength();
        if (!contiguous || perElement != 1 || count == 0 || runBytes < VISIT_RUN && runBytes < size() * recordSize) {
            super.visit(first, count, visitor); // short runs: a call per run would cost more than a copy
            return;
        }
        ByteOrder o = visitOrder();
        long runElements = runBytes / recordSize;
        try {
            for (long k = first, end = first + count; k < end; ) {
                long in = k % runElements;
                long n = Math.min(runElements - in, end - k);
                long base = k;
                window.visit(plan.runOffset(k / runElements) + in * recordSize, n * recordSize, (int) recordSize,
                        (bytes, at) -> visitor.visit(base + at / recordSize, bytes.order(o)));
                k += n;
            }
        } catch (InternalError e) {
            throw truncated(e);
        }
    }

    // --- serialization ------------------------------------------------------------------------------------------

    /**
     * Writes the data bytes in C or Fortran order of {@link #shape()} to {@code out} through a buffer of
     * {@code bufferSize} bytes: memory is bounded by the buffer, not by the array.
     *
     * @return bytes written
     */
    public long writeData(WritableByteChannel out, boolean fortran, int bufferSize, LongConsumer progress)
            throws IOException {
        if (!contiguous || perElement != 1 || recordSize == 0) {
            if (fortran && recordSize != 0) { // zero-size elements have no data in either order
                throw new UnsupportedOperationException("Fortran-order copies of a field view are not supported");
            }
            return DataWriter.writeC(this, out, bufferSize, progress);
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.max(1, bufferSize));
        long[] written = {0};
        CopyPlan runs = CopyPlan.of(region, recordSize, fortran);
        byte[] array = buf.array();
        try {
            runs.forEachRun((offset, length) -> {
                if (length >= DIRECT_RUN) { // written from the window's own memory, no staging copy
                    buf.flip();
                    written[0] += DataWriter.drain(out, buf, progress, written[0]);
                    written[0] += writeFromWindow(out, offset, length, buf.capacity(), progress, written[0]);
                    return;
                }
                long pos = offset;
                while (length > 0) {
                    int n = (int) Math.min(length, buf.remaining());
                    window.copy(pos, ElementKind.BYTE, ByteOrder.LITTLE_ENDIAN, array, buf.position(), n, false);
                    buf.position(buf.position() + n);
                    pos += n;
                    length -= n;
                    if (!buf.hasRemaining()) {
                        buf.flip();
                        written[0] += DataWriter.drain(out, buf, progress, written[0]);
                    }
                }
            });
        } catch (InternalError e) {
            throw truncated(e);
        }
        buf.flip();
        written[0] += DataWriter.drain(out, buf, progress, written[0]);
        return written[0];
    }

    /** Runs at least this long are written straight from the window's memory ({@link #writeFromWindow}). */
    private static final long DIRECT_RUN = 1 << 20;

    /**
     * Writes {@code [offset, offset+length)} of the window from its own memory ({@link ByteWindow#visit}): a mapped
     * chunk as it is, in 8 MiB pieces (a direct buffer: no copy in Java), heap bytes in slices of {@code step} bytes
     * (the JDK copies each into its cached temporary direct buffer, the one copy there is). Before this, every byte
     * was copied into a heap staging buffer first and then again into the JDK's direct buffer.
     */
    private long writeFromWindow(WritableByteChannel out, long offset, long length, int step, LongConsumer progress,
            long before) throws IOException {
        long[] done = {0};
        try {
            window.visit(offset, length, 1, (bytes, at) -> {
                try {
                    while (bytes.hasRemaining()) {
                        // direct pieces of 8 MiB (progress, interrupts), heap ones of the buffer size
                        int max = bytes.isDirect() ? 8 << 20 : Math.max(1, step);
                        ByteBuffer piece = bytes.slice().limit(Math.min(bytes.remaining(), max));
                        int n = piece.remaining();
                        while (piece.hasRemaining()) {
                            out.write(piece);
                        }
                        bytes.position(bytes.position() + n);
                        done[0] += n;
                        if (progress != null) {
                            progress.accept(before + done[0]);
                        }
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        return done[0];
    }

    // --- lifecycle ----------------------------------------------------------------------------------------------

    @Override
    public void force() {
        window.force(0, window.byteSize());
    }

    @Override
    public void close() {
        if (owner) {
            window.close();
        }
    }

    @Override
    public String toString() {
        return "NpyArray[" + source() + ", " + dtype.descr() + " " + shape + ", " + mode + "]";
    }
}
