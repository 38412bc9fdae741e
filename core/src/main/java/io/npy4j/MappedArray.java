package io.npy4j;

import io.npy4j.dtype.DType;
import io.npy4j.dtype.Field;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.dtype.StructType;
import io.npy4j.dtype.SubarrayType;
import io.npy4j.dtype.TypeCode;
import io.npy4j.mapping.ByteWindow;
import io.npy4j.mapping.ElementKind;
import io.npy4j.select.CopyPlan;
import io.npy4j.select.Region;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A memory-mapped window of an {@code .npy} file: the elements a {@link io.npy4j.select.Selection} picked, seen as an
 * array of {@link #shape()} in C order, whatever the file's order. Only the bytes between the first and last selected
 * element are mapped, lazily and in bounded pieces, so memory and address space follow the window, not the file.
 *
 * <p>Access is typed and bulk: {@code read(first, double[] dst, off, len)} copies {@code len} elements starting at
 * flat C-order index {@code first}, converting from the file's byte order. Each dtype has its Java array:
 *
 * <table>
 * <caption>dtype to Java array</caption>
 * <tr><th>dtype</th><th>array</th></tr>
 * <tr><td>f8</td><td>{@code double[]}</td></tr>
 * <tr><td>f4; f2 (converted)</td><td>{@code float[]}</td></tr>
 * <tr><td>c16 / c8</td><td>{@code double[]} / {@code float[]}, two values (real, imaginary) per element</td></tr>
 * <tr><td>i8 u8 M8 m8</td><td>{@code long[]}</td></tr>
 * <tr><td>i4 u4</td><td>{@code int[]}</td></tr>
 * <tr><td>i2 u2; f2 (raw bits)</td><td>{@code short[]}</td></tr>
 * <tr><td>i1 u1 b1</td><td>{@code byte[]}; b1 also {@code boolean[]}</td></tr>
 * <tr><td>any (S, U, V, long double, struct)</td><td>{@link #readRaw raw bytes}</td></tr>
 * </table>
 *
 * <p>Unsigned types come back in the signed Java type with the same bits. Structured arrays expose a field as its
 * own view with {@link #field(String)}.
 *
 * <p>Thread safety: reads and writes of disjoint elements may run concurrently. {@link #close()} unmaps what no
 * thread is using and makes later access fail with {@link IllegalStateException}: on Java 17 a chunk in use is
 * unmapped when its last reader leaves it, on Java 22+ the shared arena protects readers; neither crashes.
 *
 * <p>A file truncated by another process while mapped surfaces as an {@link java.io.UncheckedIOException} whose
 * cause names the file (the JVM's "unsafe memory access" error is translated); concurrent truncation is still a
 * misuse and its timing is undefined.
 */
public final class MappedArray implements AutoCloseable {
    private final Path file;
    private final NpyHeader header;
    private final MapMode mode;
    private final Region region;
    private final CopyPlan plan;
    private final ByteWindow window;
    private final boolean owner;
    /** Data-relative byte offset where the window starts. */
    private final long windowStart;
    /** The view's element type: the file's dtype, or a field's type (a subarray field's base type). */
    private final DType dtype;
    private final Shape shape;
    /** Offset of the view's bytes inside one storage element (a field's offset). */
    private final long blockOffset;
    /** View elements per storage element (the subarray size of a field; else 1). */
    private final long perElement;
    private final boolean contiguous;

    private MappedArray(Path file, NpyHeader header, MapMode mode, Region region, CopyPlan plan, ByteWindow window,
            boolean owner, long windowStart, DType dtype, Shape shape, long blockOffset, long perElement) {
        this.file = file;
        this.header = header;
        this.mode = mode;
        this.region = region;
        this.plan = plan;
        this.window = window;
        this.owner = owner;
        this.windowStart = windowStart;
        this.dtype = dtype;
        this.shape = shape;
        this.blockOffset = blockOffset;
        this.perElement = perElement;
        // the view's bytes are the storage elements' bytes: runs of the plan are runs of values
        this.contiguous = blockOffset == 0 && dtype.itemSize() * perElement == header.itemSize();
    }

    static MappedArray open(Path file, NpyHeader header, Region region, MapMode mode, ByteWindow window,
            CopyPlan plan) {
        return new MappedArray(file, header, mode, region, plan, window, true, plan.firstByte(), header.dtype(),
                Shape.of(region.shape()), 0, 1);
    }

    /** The header of the mapped file. */
    public NpyHeader header() {
        return header;
    }

    /** The file this view maps. */
    public Path file() {
        return file;
    }

    /** The view's element type. */
    public DType dtype() {
        return dtype;
    }

    /** The view's shape: the selection's result shape (plus a subarray field's axes). */
    public Shape shape() {
        return shape;
    }

    /** Number of elements in the view. */
    public long size() {
        return shape.size();
    }

    public MapMode mode() {
        return mode;
    }

    /** Bytes mapped for this view's window (from its first to its last selected element). */
    public long windowBytes() {
        return window.byteSize();
    }

    /**
     * A view of one field of a structured array, sharing this view's mapping (closing it is a no-op; it becomes
     * unusable when this view is closed). A subarray field {@code ('x', '<f4', (3,))} becomes a view of
     * {@code shape + (3,)} float32 elements.
     *
     * @throws IllegalArgumentException if the dtype is not structured or has no field (or title) {@code name}
     */
    public MappedArray field(String name) {
        if (!(dtype instanceof StructType)) {
            throw new IllegalArgumentException("dtype " + dtype.descr() + " has no fields");
        }
        if (perElement != 1) {
            // the struct repeats inside a subarray: its fields are not evenly spaced values of this view
            throw new UnsupportedOperationException("fields of a struct inside a subarray field are not supported;"
                    + " read the subarray field with readRaw");
        }
        StructType st = (StructType) dtype;
        Field f = st.field(name).orElseThrow(() -> new IllegalArgumentException("no field " + name + " in "
                + st.descr() + "; fields are " + st.fields().stream().map(Field::name).toList()));
        DType t = f.type();
        long[] dims = shape.toArray();
        long per = perElement;
        while (t instanceof SubarrayType) {
            SubarrayType sub = (SubarrayType) t;
            long[] more = sub.shape().toArray();
            long[] joined = Arrays.copyOf(dims, dims.length + more.length);
            System.arraycopy(more, 0, joined, dims.length, more.length);
            dims = joined;
            per = Math.multiplyExact(per, sub.shape().size());
            t = sub.base();
        }
        return new MappedArray(file, header, mode, region, plan, window, false, windowStart, t, Shape.of(dims),
                blockOffset + f.offset(), per);
    }

    // --- bulk copies --------------------------------------------------------------------------------------------

    /** Copies elements {@code [first, first+len)} (flat C order) into {@code dst[off..]}. */
    public void read(long first, double[] dst, int off, int len) {
        transferTyped(first, len, dst, off, dst.length, false, TypeCode.FLOAT, 8, ElementKind.DOUBLE);
    }

    /** Copies {@code src[off..off+len)} into elements {@code [first, first+len)}. */
    public void write(long first, double[] src, int off, int len) {
        transferTyped(first, len, src, off, src.length, true, TypeCode.FLOAT, 8, ElementKind.DOUBLE);
    }

    /** float32, complex64 (pairs), or float16 converted to float. */
    public void read(long first, float[] dst, int off, int len) {
        if (isHalf()) {
            halves(first, dst, off, len, false);
        } else {
            transferTyped(first, len, dst, off, dst.length, false, TypeCode.FLOAT, 4, ElementKind.FLOAT);
        }
    }

    /** float32, complex64 (pairs), or float to float16 (round to nearest even, as NumPy). */
    public void write(long first, float[] src, int off, int len) {
        if (isHalf()) {
            halves(first, src, off, len, true);
        } else {
            transferTyped(first, len, src, off, src.length, true, TypeCode.FLOAT, 4, ElementKind.FLOAT);
        }
    }

    /** int64, uint64, datetime64, timedelta64. */
    public void read(long first, long[] dst, int off, int len) {
        transferTyped(first, len, dst, off, dst.length, false, TypeCode.INT, 8, ElementKind.LONG);
    }

    public void write(long first, long[] src, int off, int len) {
        transferTyped(first, len, src, off, src.length, true, TypeCode.INT, 8, ElementKind.LONG);
    }

    /** int32, uint32. */
    public void read(long first, int[] dst, int off, int len) {
        transferTyped(first, len, dst, off, dst.length, false, TypeCode.INT, 4, ElementKind.INT);
    }

    public void write(long first, int[] src, int off, int len) {
        transferTyped(first, len, src, off, src.length, true, TypeCode.INT, 4, ElementKind.INT);
    }

    /** int16, uint16, or the raw bits of float16. */
    public void read(long first, short[] dst, int off, int len) {
        transferTyped(first, len, dst, off, dst.length, false, TypeCode.INT, 2, ElementKind.SHORT);
    }

    public void write(long first, short[] src, int off, int len) {
        transferTyped(first, len, src, off, src.length, true, TypeCode.INT, 2, ElementKind.SHORT);
    }

    /** int8, uint8, bool (raw byte). */
    public void read(long first, byte[] dst, int off, int len) {
        transferTyped(first, len, dst, off, dst.length, false, TypeCode.INT, 1, ElementKind.BYTE);
    }

    public void write(long first, byte[] src, int off, int len) {
        transferTyped(first, len, src, off, src.length, true, TypeCode.INT, 1, ElementKind.BYTE);
    }

    /** bool: any non-zero byte is true, as NumPy. */
    public void read(long first, boolean[] dst, int off, int len) {
        requireCode(TypeCode.BOOL, "boolean[]");
        checkArray(off, len, dst.length);
        byte[] buf = new byte[Math.min(len, 8192)];
        for (int done = 0; done < len; ) {
            int n = Math.min(buf.length, len - done);
            transfer(first + done, n, ElementKind.BYTE, 1, buf, 0, false);
            for (int i = 0; i < n; i++) {
                dst[off + done + i] = buf[i] != 0;
            }
            done += n;
        }
    }

    /** bool: writes 1 for true and 0 for false. */
    public void write(long first, boolean[] src, int off, int len) {
        requireCode(TypeCode.BOOL, "boolean[]");
        checkArray(off, len, src.length);
        byte[] buf = new byte[Math.min(len, 8192)];
        for (int done = 0; done < len; ) {
            int n = Math.min(buf.length, len - done);
            for (int i = 0; i < n; i++) {
                buf[i] = (byte) (src[off + done + i] ? 1 : 0);
            }
            transfer(first + done, n, ElementKind.BYTE, 1, buf, 0, true);
            done += n;
        }
    }

    /**
     * Copies the raw bytes of elements {@code [first, first+count)}: {@code count * dtype().itemSize()} bytes, in the
     * file's byte order. Works for every dtype.
     */
    public void readRaw(long first, byte[] dst, int off, int count) {
        rawTransfer(first, dst, off, count, false);
    }

    /** Writes the raw bytes of elements {@code [first, first+count)}. */
    public void writeRaw(long first, byte[] src, int off, int count) {
        rawTransfer(first, src, off, count, true);
    }

    // --- single elements ----------------------------------------------------------------------------------------

    /** The float64 (or float32/float16, widened) element at an N-d index of {@link #shape()}. */
    public double getDouble(long... index) {
        long k = flatIndex(index);
        requireReal();
        if (dtype instanceof ScalarType && ((ScalarType) dtype).code() == TypeCode.FLOAT && dtype.itemSize() < 8) {
            float[] one = new float[1];
            read(k, one, 0, 1);
            return one[0];
        }
        double[] one = new double[1];
        read(k, one, 0, 1);
        return one[0];
    }

    public void setDouble(double value, long... index) {
        long k = flatIndex(index);
        requireReal();
        if (dtype instanceof ScalarType && ((ScalarType) dtype).code() == TypeCode.FLOAT && dtype.itemSize() < 8) {
            write(k, new float[] {(float) value}, 0, 1);
        } else {
            write(k, new double[] {value}, 0, 1);
        }
    }

    /** Any integer, bool, datetime or timedelta element, widened to {@code long} (unsigned 64-bit: same bits). */
    public long getLong(long... index) {
        long k = flatIndex(index);
        ScalarType t = integral();
        boolean unsigned = t.code() == TypeCode.UINT || t.code() == TypeCode.BOOL;
        switch ((int) t.itemSize()) {
            case 1: {
                byte[] b = new byte[1];
                read(k, b, 0, 1);
                return unsigned ? b[0] & 0xffL : b[0];
            }
            case 2: {
                short[] s = new short[1];
                read(k, s, 0, 1);
                return unsigned ? s[0] & 0xffffL : s[0];
            }
            case 4: {
                int[] i = new int[1];
                read(k, i, 0, 1);
                return unsigned ? i[0] & 0xffffffffL : i[0];
            }
            default: {
                long[] l = new long[1];
                read(k, l, 0, 1);
                return l[0];
            }
        }
    }

    /** Stores {@code value} into an integer, bool, datetime or timedelta element, truncating to its width. */
    public void setLong(long value, long... index) {
        long k = flatIndex(index);
        ScalarType t = integral();
        switch ((int) t.itemSize()) {
            case 1:
                write(k, new byte[] {(byte) (t.code() == TypeCode.BOOL ? (value != 0 ? 1 : 0) : value)}, 0, 1);
                break;
            case 2:
                write(k, new short[] {(short) value}, 0, 1);
                break;
            case 4:
                write(k, new int[] {(int) value}, 0, 1);
                break;
            default:
                write(k, new long[] {value}, 0, 1);
        }
    }

    // --- copying out -------------------------------------------------------------------------------------------

    /**
     * The header {@code np.save} writes for a copy of this view ({@code np.array(view, order=...)}): same dtype,
     * this view's shape, and {@code fortran_order} True only when Fortran order was asked for and differs from C
     * order (at least two axes longer than 1, no empty axis), as NumPy decides it.
     */
    public NpyHeader saveHeader(boolean fortranOrder) {
        int longAxes = 0;
        for (long d : shape.toArray()) {
            longAxes += d > 1 ? 1 : 0;
        }
        return NpyHeader.of(dtype, shape, fortranOrder && longAxes >= 2 && shape.size() > 0);
    }

    /**
     * Writes this view's data bytes, in C or Fortran order of {@link #shape()}, to {@code out} through a buffer of
     * at most {@code bufferSize} bytes: memory use is bounded by the buffer, not by the view or the file.
     *
     * @param progress told the number of bytes written so far, after each buffer (may be null)
     * @return bytes written ({@code size() * dtype().itemSize()})
     * @throws UnsupportedOperationException for Fortran order of a struct field view (C order works)
     */
    public long transferTo(java.nio.channels.WritableByteChannel out, boolean fortranOrder, int bufferSize,
            java.util.function.LongConsumer progress) throws java.io.IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(Math.max(1, bufferSize));
        long[] written = {0};
        if (!contiguous || perElement != 1) {
            if (fortranOrder && saveHeader(true).fortranOrder()) {
                throw new UnsupportedOperationException("Fortran-order copies of a field view are not supported");
            }
            int item = Math.toIntExact(Math.max(1, dtype.itemSize()));
            int perBuffer = Math.max(1, buf.capacity() / item);
            byte[] tmp = new byte[perBuffer * item];
            for (long k = 0; k < size() && dtype.itemSize() > 0; ) {
                int n = (int) Math.min(perBuffer, size() - k);
                readRaw(k, tmp, 0, n);
                drain(out, java.nio.ByteBuffer.wrap(tmp, 0, n * item));
                k += n;
                written[0] += (long) n * item;
                if (progress != null) {
                    progress.accept(written[0]);
                }
            }
            return written[0];
        }
        if (dtype.itemSize() == 0) {
            return 0;
        }
        CopyPlan order = CopyPlan.of(region, header.itemSize(), fortranOrder && saveHeader(true).fortranOrder());
        byte[] array = buf.array();
        order.forEachRun((offset, length) -> {
            long pos = offset - windowStart;
            while (length > 0) {
                int n = (int) Math.min(length, buf.remaining());
                window.copy(pos, ElementKind.BYTE, ByteOrder.LITTLE_ENDIAN, array, buf.position(), n, false);
                buf.position(buf.position() + n);
                pos += n;
                length -= n;
                if (!buf.hasRemaining()) {
                    buf.flip();
                    written[0] += drain(out, buf);
                    buf.clear();
                    if (progress != null) {
                        progress.accept(written[0]);
                    }
                }
            }
        });
        buf.flip();
        written[0] += drain(out, buf);
        if (progress != null) {
            progress.accept(written[0]);
        }
        return written[0];
    }

    private static long drain(java.nio.channels.WritableByteChannel out, java.nio.ByteBuffer b)
            throws java.io.IOException {
        long n = b.remaining();
        while (b.hasRemaining()) {
            out.write(b);
        }
        return n;
    }

    // --- lifecycle ----------------------------------------------------------------------------------------------

    /** Flushes written data of this view's window to the file (msync); no-op unless read-write. */
    public void force() {
        window.force(0, window.byteSize());
    }

    /** Unmaps (owner only; field views share the owner's mapping). Idempotent. */
    @Override
    public void close() {
        if (owner) {
            window.close();
        }
    }

    @Override
    public String toString() {
        return "MappedArray[" + file + ", " + dtype.descr() + " " + shape + ", " + mode.numpyMode() + "]";
    }

    // --- plumbing -----------------------------------------------------------------------------------------------

    private boolean isHalf() {
        return dtype instanceof ScalarType && ((ScalarType) dtype).code() == TypeCode.FLOAT
                && dtype.itemSize() == 2;
    }

    private void halves(long first, float[] a, int off, int len, boolean write) {
        checkArray(off, len, a.length);
        short[] buf = new short[Math.min(len, 8192)];
        for (int done = 0; done < len; ) {
            int n = Math.min(buf.length, len - done);
            if (write) {
                for (int i = 0; i < n; i++) {
                    buf[i] = Half.fromFloat(a[off + done + i]);
                }
                transfer(first + done, n, ElementKind.SHORT, 1, buf, 0, true);
            } else {
                transfer(first + done, n, ElementKind.SHORT, 1, buf, 0, false);
                for (int i = 0; i < n; i++) {
                    a[off + done + i] = Half.toFloat(buf[i]);
                }
            }
            done += n;
        }
    }

    /**
     * Typed transfer after checking the dtype matches the Java array: {@code kind} values of {@code width} bytes;
     * complex of twice the width fills two Java values per element.
     */
    private void transferTyped(long first, int len, Object array, int off, int arrayLength, boolean write,
            TypeCode family, int width, ElementKind kind) {
        ScalarType t = scalar();
        int perValue = 1;
        boolean ok;
        if (family == TypeCode.FLOAT) {
            ok = (t.code() == TypeCode.FLOAT && t.itemSize() == width)
                    || (t.code() == TypeCode.COMPLEX && t.itemSize() == 2L * width);
            perValue = t.code() == TypeCode.COMPLEX ? 2 : 1;
        } else {
            ok = t.itemSize() == width && (t.code() == TypeCode.INT || t.code() == TypeCode.UINT
                    || (width == 8 && (t.code() == TypeCode.DATETIME || t.code() == TypeCode.TIMEDELTA))
                    || (width == 1 && t.code() == TypeCode.BOOL)
                    || (width == 2 && t.code() == TypeCode.FLOAT));
        }
        if (!ok) {
            throw new IllegalArgumentException("dtype " + t.typeString() + " (" + t.readable() + ") cannot be "
                    + (write ? "written from" : "read into") + " " + kind.name().toLowerCase() + "[]; "
                    + suggestion(t));
        }
        checkArray(off, (long) len * perValue, arrayLength);
        transfer(first, len, kind, perValue, array, off * perValue, write);
    }

    private static String suggestion(ScalarType t) {
        switch (t.code()) {
            case FLOAT:
                return t.itemSize() == 8 ? "use double[]" : t.itemSize() == 4 ? "use float[]"
                        : t.itemSize() == 2 ? "use float[] (converted) or short[] (bits)" : "use readRaw";
            case COMPLEX:
                return t.itemSize() == 16 ? "use double[] (pairs)" : t.itemSize() == 8 ? "use float[] (pairs)"
                        : "use readRaw";
            case INT:
            case UINT:
                return "use " + (t.itemSize() == 1 ? "byte" : t.itemSize() == 2 ? "short" : t.itemSize() == 4
                        ? "int" : "long") + "[]";
            case DATETIME:
            case TIMEDELTA:
                return "use long[]";
            case BOOL:
                return "use boolean[] or byte[]";
            default:
                return "use readRaw";
        }
    }

    private void rawTransfer(long first, byte[] a, int off, int count, boolean write) {
        long bytes = Math.multiplyExact((long) count, dtype.itemSize());
        checkArray(off, bytes, a.length);
        if (dtype.itemSize() == 0) {
            checkElements(first, count);
            return;
        }
        transfer(first, count, ElementKind.BYTE, Math.toIntExact(dtype.itemSize()), a, off, write);
    }

    /**
     * Moves view elements {@code [first, first+count)}: each is {@code javaPerElement} values of {@code kind}
     * ({@code kind.width() * javaPerElement} bytes) in the file's byte order.
     */
    private void transfer(long first, long count, ElementKind kind, int javaPerElement, Object array, int off,
            boolean write) {
        checkElements(first, count);
        if (write && mode == MapMode.READ_ONLY) {
            throw new ReadOnlyBufferException();
        }
        if (count == 0) {
            return;
        }
        ByteOrder order = byteOrder();
        long valueBytes = (long) kind.width() * javaPerElement;
        long itemSize = header.itemSize();
        long k = first;
        long remaining = count;
        int o = off;
        if (contiguous) {
            // runs of the plan hold runElements storage elements = runElements * perElement view elements
            long runValues = plan.runLength() / itemSize * perElement;
            CopyPlan.Cursor run = plan.cursor(k / runValues);
            long inRun = k % runValues;
            if (inRun > 0) { // finish a partly read run first
                int n = (int) Math.min(remaining, runValues - inRun);
                window.copy(run.offset() + inRun * valueBytes - windowStart, kind, order, array, o,
                        n * javaPerElement, write);
                o += n * javaPerElement;
                remaining -= n;
                run.next();
            }
            while (remaining >= runValues) { // whole runs, a line of equally spaced runs per call
                int runs = (int) Math.min(Math.min(run.runsInLine(), remaining / runValues),
                        Integer.MAX_VALUE / Math.max(1, runValues * javaPerElement));
                window.copyRuns(run.offset() - windowStart, run.stride(), runs, (int) (runValues * javaPerElement),
                        kind, order, array, o, write);
                o += (int) (runs * runValues * javaPerElement);
                remaining -= runs * runValues;
                run.advance(runs);
            }
            if (remaining > 0) { // the start of a last, partly read run
                window.copy(run.offset() - windowStart, kind, order, array, o, (int) remaining * javaPerElement,
                        write);
            }
        } else if (!write && itemSize <= GATHER_BYTES) {
            gatherField(k, remaining, kind, javaPerElement, array, o, order);
        } else {
            // writes touch only the field's bytes, value by value: other fields may be written concurrently
            while (remaining > 0) {
                long e = k / perElement;
                long j = k % perElement;
                int n = (int) Math.min(remaining, perElement - j);
                long pos = region.storageIndex(e) * itemSize + blockOffset + j * valueBytes - windowStart;
                window.copy(pos, kind, order, array, o, n * javaPerElement, write);
                k += n;
                o += n * javaPerElement;
                remaining -= n;
            }
        }
    }

    /** Field reads copy whole records in blocks of about this many bytes, then pick the field out. */
    private static final int GATHER_BYTES = 1 << 20;

    /**
     * Reads a field view's elements {@code [k, k+count)}: whole records are copied a block at a time (one chunk
     * access per block) and the field's values picked out of them; a record the range starts or ends inside is read
     * value by value.
     */
    private void gatherField(long k, long count, ElementKind kind, int javaPerElement, Object array, int o,
            ByteOrder order) {
        long itemSize = header.itemSize();
        long valueBytes = (long) kind.width() * javaPerElement;
        long runRecords = plan.runLength() / itemSize;
        byte[] scratch = null;
        while (count > 0) {
            long e = k / perElement;
            long j = k % perElement;
            if (j != 0 || count < perElement) { // a partial record
                int n = (int) Math.min(count, perElement - j);
                long pos = region.storageIndex(e) * itemSize + blockOffset + j * valueBytes - windowStart;
                window.copy(pos, kind, order, array, o, n * javaPerElement, false);
                k += n;
                o += n * javaPerElement;
                count -= n;
                continue;
            }
            long r = e / runRecords;
            long inRun = e % runRecords;
            int records = (int) Math.min(Math.min(count / perElement, runRecords - inRun),
                    Math.max(1, GATHER_BYTES / itemSize));
            int bytes = (int) (records * itemSize);
            if (scratch == null || scratch.length < bytes) {
                scratch = new byte[Math.max(bytes, (int) Math.min(GATHER_BYTES, count / perElement * itemSize))];
            }
            window.copy(plan.runOffset(r) + inRun * itemSize - windowStart, ElementKind.BYTE, order, scratch, 0, bytes,
                    false);
            int values = (int) (perElement * javaPerElement);
            kind.gather(scratch, order, (int) blockOffset, (int) itemSize, values, records, array, o);
            k += (long) records * perElement;
            o += records * values;
            count -= (long) records * perElement;
        }
    }

    private ByteOrder byteOrder() {
        return dtype instanceof ScalarType ? ((ScalarType) dtype).endianness().byteOrder() : ByteOrder.LITTLE_ENDIAN;
    }

    private void requireReal() {
        ScalarType t = scalar();
        if (t.code() != TypeCode.FLOAT || t.isLongDouble()) {
            throw new IllegalArgumentException("getDouble/setDouble need a float16/32/64 dtype, not " + t.typeString()
                    + "; " + suggestion(t));
        }
    }

    private ScalarType integral() {
        ScalarType t = scalar();
        switch (t.code()) {
            case INT:
            case UINT:
            case BOOL:
            case DATETIME:
            case TIMEDELTA:
                return t;
            default:
                throw new IllegalArgumentException("getLong/setLong need an integer, bool, datetime or timedelta"
                        + " dtype, not " + t.typeString() + "; " + suggestion(t));
        }
    }

    private ScalarType scalar() {
        if (!(dtype instanceof ScalarType)) {
            throw new IllegalArgumentException("dtype " + dtype.descr() + " is structured: use field(name) or "
                    + "readRaw");
        }
        return (ScalarType) dtype;
    }

    private void requireCode(TypeCode code, String array) {
        ScalarType t = scalar();
        if (t.code() != code) {
            throw new IllegalArgumentException("dtype " + t.typeString() + " cannot be accessed as " + array + "; "
                    + suggestion(t));
        }
    }

    private void checkElements(long first, long count) {
        if (first < 0 || count < 0 || first > size() - count) {
            throw new IndexOutOfBoundsException("elements [" + first + ", " + (first + count) + ") are outside the"
                    + " view of " + size() + " elements");
        }
    }

    private static void checkArray(int off, long len, int arrayLength) {
        if (off < 0 || len < 0 || off > arrayLength - len) {
            throw new IndexOutOfBoundsException("array range [" + off + ", " + (off + len) + ") is outside an array"
                    + " of length " + arrayLength);
        }
    }

    private long flatIndex(long[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("index has " + index.length + " axes, the view has " + shape.rank()
                    + " (shape " + shape + ")");
        }
        long k = 0;
        for (int a = 0; a < index.length; a++) {
            long d = shape.dim(a);
            if (index[a] < 0 || index[a] >= d) {
                throw new IndexOutOfBoundsException("index " + index[a] + " is out of bounds for axis " + a
                        + " with size " + d);
            }
            k = k * d + index[a];
        }
        return k;
    }
}
