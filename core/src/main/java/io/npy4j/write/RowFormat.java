package io.npy4j.write;

import io.npy4j.FormatVersion;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.Order;
import io.npy4j.array.DataWriter;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.JavaType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.dtype.TypeCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * The rows of a file that grows along one axis: the dtype, the shape of one row (every axis but the growth axis) and
 * the storage order. A block of rows is always given as rows stacked on axis 0 ({@code (k,) + rowShape}, or just
 * {@code rowShape} for one row), in either order of the file; in a Fortran-order file row {@code j} is
 * {@code a[..., j]} and is stored in Fortran order of the row shape.
 */
final class RowFormat {
    private static final int BUFFER = 1 << 20;
    final DType dtype;
    final Shape rowShape;
    final boolean fortran;
    final long rowElements;
    final long rowBytes;

    RowFormat(DType dtype, Shape rowShape, boolean fortran) {
        if (dtype.hasObjects()) {
            throw new IllegalArgumentException("dtype " + dtype.descr() + " holds Python objects, which npy4j never"
                    + " writes");
        }
        this.dtype = dtype;
        this.rowShape = rowShape;
        this.fortran = fortran && rowShape.rank() >= 1;
        this.rowElements = rowShape.size();
        this.rowBytes = Math.multiplyExact(rowElements, dtype.itemSize());
    }

    /** The rows of an existing file: its growth axis is the first (C order) or the last (Fortran order). */
    static RowFormat of(NpyHeader h) {
        long[] d = h.shape().toArray();
        if (d.length == 0) {
            throw new IllegalArgumentException("a 0-d array has no axis to grow along");
        }
        long[] row = h.fortranOrder() ? Arrays.copyOf(d, d.length - 1) : Arrays.copyOfRange(d, 1, d.length);
        return new RowFormat(h.dtype(), Shape.of(row), h.fortranOrder());
    }

    /** The file's shape with {@code rows} rows. */
    Shape fileShape(long rows) {
        long[] r = rowShape.toArray();
        long[] s = new long[r.length + 1];
        if (fortran) {
            System.arraycopy(r, 0, s, 0, r.length);
            s[r.length] = rows;
        } else {
            s[0] = rows;
            System.arraycopy(r, 0, s, 1, r.length);
        }
        return Shape.of(s);
    }

    /**
     * The header of the file grown to {@code rows} rows, in the place of {@code current}: same version, same
     * header length (the growth axis's digits take padding), so the data does not move.
     *
     * @return null if the new text does not fit the header length
     */
    NpyHeader grown(NpyHeader current, long rows) {
        NpyHeader h = new NpyHeader(current.version(), dtype, fileShape(rows), current.fortranOrder(),
                current.headerLength());
        return encodeInPlace(h) == null ? null : h;
    }

    /**
     * The bytes of {@code h} at its own header length: NumPy's text with its growth room where that fits (what
     * {@code np.save} writes), else the bare dict text padded with spaces, as headers of NumPy < 1.23 are (their
     * padding only aligns the data), so such a file grows in place as long as its padding lasts.
     *
     * @return null if even the bare text does not fit
     */
    static byte[] encodeInPlace(NpyHeader h) {
        try {
            return Npy.encodeHeader(h);
        } catch (IllegalArgumentException e) {
            FormatVersion v = h.version();
            byte[] raw = h.text().stripTrailing().getBytes(v.charset());
            long hlen = h.headerLength();
            if (raw.length + 1 > hlen || !new String(raw, v.charset()).equals(h.text().stripTrailing())) {
                return null;
            }
            ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(v.prefixLength() + hlen))
                    .order(ByteOrder.LITTLE_ENDIAN);
            out.put(MAGIC).put((byte) v.major()).put((byte) v.minor());
            if (v.lengthFieldSize() == 2) {
                out.putShort((short) hlen);
            } else {
                out.putInt((int) hlen);
            }
            out.put(raw);
            while (out.remaining() > 1) {
                out.put((byte) ' ');
            }
            return out.put((byte) '\n').array();
        }
    }

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    /** Rows in {@code block}, checked against the dtype and row shape. */
    long rowsOf(NpyArray block) {
        if (!block.dtype().equals(dtype)) {
            throw new IllegalArgumentException("block of dtype " + block.dtype().descr() + ", expected "
                    + dtype.descr() + " (convert it with astype)");
        }
        Shape s = block.shape();
        if (s.equals(rowShape)) {
            return 1;
        }
        long[] d = s.toArray();
        if (d.length == rowShape.rank() + 1 && Shape.of(Arrays.copyOfRange(d, 1, d.length)).equals(rowShape)) {
            return d[0];
        }
        throw new IllegalArgumentException("block of shape " + s + " is neither one row of shape " + rowShape
                + " nor rows of shape (k, " + rowShape.toString().substring(1));
    }

    /** Writes the rows of {@code block} (checked with {@link #rowsOf}) in file order; returns bytes written. */
    long write(NpyArray block, long rows, WritableByteChannel out) throws IOException {
        int buffer = (int) Math.max(1, Math.min(BUFFER, rows * rowBytes));
        if (!fortran) {
            return DataWriter.write(block, out, false, buffer, null);
        }
        if (block.shape().equals(rowShape)) {
            return DataWriter.write(block, out, true, buffer, null);
        }
        long n = 0;
        for (long i = 0; i < rows; i++) {
            n += DataWriter.write(block.row(i), out, true, (int) Math.max(1, Math.min(BUFFER, rowBytes)), null);
        }
        return n;
    }

    /**
     * Flat Java values of whole rows, each row's values in C order of the row shape, as a block ({@code double[]}
     * for float64, {@code int[]} for int32, ...; converted where NumPy's same-kind casting allows; complex dtypes
     * take pairs).
     */
    NpyArray block(Object flatValues) {
        if (!(dtype instanceof ScalarType st)) {
            throw new IllegalArgumentException("dtype " + dtype.descr() + " has no Java array type: write rows as"
                    + " an NpyArray or as raw bytes");
        }
        int length = java.lang.reflect.Array.getLength(flatValues);
        int per = st.code() == TypeCode.COMPLEX && (flatValues instanceof double[] || flatValues instanceof float[])
                ? 2 : 1;
        long perRow = rowElements * per;
        if (perRow == 0 || length % perRow != 0) {
            throw new IllegalArgumentException(length + " values are not whole rows of shape " + rowShape + " ("
                    + perRow + " values each)");
        }
        long[] s = fileShapeC(length / perRow);
        return Npy.array(flatValues, st, Order.C, s);
    }

    /**
     * Whether whole rows of {@code flatValues} go to the file by a plain copy into the dtype's byte order, without
     * the in-memory array {@link #block} builds: the Java type holds the dtype's values unchanged (signed integers,
     * float32/64, complex pairs of either) and a row's C order is its file order (C order, or rows of at most one
     * axis).
     */
    boolean copiesDirectly(Object flatValues) {
        if (!(dtype instanceof ScalarType st) || (fortran && rowShape.rank() > 1) || rowElements == 0) {
            return false;
        }
        TypeCode c = st.code();
        boolean plain = c == TypeCode.INT || c == TypeCode.COMPLEX || (c == TypeCode.FLOAT && st.itemSize() >= 4);
        if (!plain || st.isLongDouble() || flatValues == null || !flatValues.getClass().isArray()
                || !flatValues.getClass().getComponentType().isPrimitive() || flatValues instanceof boolean[]
                || flatValues instanceof char[]) {
            return false;
        }
        return JavaType.ofArray(flatValues) == JavaType.nativeFor(st);
    }

    /** Rows in {@code flatValues} ({@link #copiesDirectly} true), checked to be whole rows. */
    long rowsOfValues(Object flatValues) {
        int length = java.lang.reflect.Array.getLength(flatValues);
        long perRow = rowElements * JavaType.valuesPerElement((ScalarType) dtype);
        if (length % perRow != 0) {
            throw new IllegalArgumentException(length + " values are not whole rows of shape " + rowShape + " ("
                    + perRow + " values each)");
        }
        return length / perRow;
    }

    /**
     * Writes {@code flatValues} ({@link #copiesDirectly} true) through {@code scratch}, a buffer at a time, in the
     * dtype's byte order (one bulk copy per buffer, swapping bytes where the order is not the machine's); a direct
     * buffer goes to a file channel without the JDK's copy into its own temporary direct buffer.
     */
    void writeValues(Object flatValues, WritableByteChannel out, ByteBuffer scratch) throws IOException {
        ScalarType st = (ScalarType) dtype;
        int width = (int) (st.itemSize() / JavaType.valuesPerElement(st));
        int length = java.lang.reflect.Array.getLength(flatValues);
        int per = scratch.capacity() / width;
        scratch.order(st.endianness().byteOrder());
        for (int at = 0; at < length; ) {
            int n = Math.min(per, length - at);
            scratch.clear();
            if (flatValues instanceof double[] d) {
                scratch.asDoubleBuffer().put(d, at, n);
            } else if (flatValues instanceof float[] f) {
                scratch.asFloatBuffer().put(f, at, n);
            } else if (flatValues instanceof long[] l) {
                scratch.asLongBuffer().put(l, at, n);
            } else if (flatValues instanceof int[] i) {
                scratch.asIntBuffer().put(i, at, n);
            } else if (flatValues instanceof short[] h) {
                scratch.asShortBuffer().put(h, at, n);
            } else {
                scratch.put((byte[]) flatValues, at, n);
            }
            scratch.position(0).limit(n * width);
            writeFully(out, scratch);
            at += n;
        }
    }

    /** A scratch buffer for {@link #writeValues}: direct for file channels, on the heap for other destinations. */
    static ByteBuffer scratchFor(WritableByteChannel out) {
        return out instanceof java.nio.channels.FileChannel ? ByteBuffer.allocateDirect(BUFFER)
                : ByteBuffer.allocate(BUFFER);
    }

    private long[] fileShapeC(long rows) {
        long[] r = rowShape.toArray();
        long[] s = new long[r.length + 1];
        s[0] = rows;
        System.arraycopy(r, 0, s, 1, r.length);
        return s;
    }

    /** Rows in {@code len} raw bytes (stored bytes of whole rows in file order). */
    long rowsOfRaw(int len) {
        if (rowBytes == 0 ? len != 0 : len % rowBytes != 0) {
            throw new IllegalArgumentException(len + " bytes are not whole rows of " + rowBytes + " bytes");
        }
        return rowBytes == 0 ? 0 : len / rowBytes;
    }

    static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    /** NumPy's rule for {@code fortran_order}: True only with two axes longer than 1 and no empty axis. */
    static boolean numpyFortran(boolean fortran, Shape shape) {
        int longAxes = 0;
        for (long d : shape.toArray()) {
            longAxes += d > 1 ? 1 : 0;
        }
        return fortran && longAxes >= 2 && shape.size() > 0;
    }
}
