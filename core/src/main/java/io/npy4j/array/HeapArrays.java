package io.npy4j.array;

import io.npy4j.Order;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.JavaType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.mapping.WindowFactory;
import io.npy4j.select.Region;
import io.npy4j.select.Selection;

/** In-memory arrays: one heap {@code byte[]} of at most 2^31-1 bytes, in the dtype's byte order. */
public final class HeapArrays {
    /** Largest in-memory array, in bytes. */
    public static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private HeapArrays() {
    }

    /** A zero-filled, writable array. */
    public static WindowArray allocate(DType dtype, Shape shape) {
        long bytes = byteLength(dtype, shape, "an in-memory array");
        return wrap(new byte[(int) bytes], dtype, shape, Order.C, true);
    }

    /**
     * An array over {@code bytes} (shared, not copied) holding the data of {@code shape} in {@code order}, as the data
     * part of an {@code .npy} file.
     */
    public static WindowArray wrap(byte[] bytes, DType dtype, Shape shape, Order order, boolean writable) {
        long need = byteLength(dtype, shape, "an in-memory array");
        if (bytes.length < need) {
            throw new IllegalArgumentException(bytes.length + " bytes cannot hold shape " + shape + " of "
                    + dtype.descr() + " (" + need + " bytes)");
        }
        Region region = Selection.all().resolve(shape.toArray(), order == Order.F);
        return WindowArray.open(WindowFactory.heap(bytes, 0, (int) need, writable), dtype, region, "memory");
    }

    /** Data bytes of {@code shape} elements of {@code dtype}, refused past {@link #MAX_BYTES}. */
    public static long byteLength(DType dtype, Shape shape, String what) {
        long n;
        try {
            n = Math.multiplyExact(shape.size(), dtype.itemSize());
        } catch (ArithmeticException e) {
            n = Long.MAX_VALUE;
        }
        if (n > MAX_BYTES) {
            throw new IllegalArgumentException(what + " of shape " + shape + " and dtype " + dtype.descr() + " needs "
                    + (n == Long.MAX_VALUE ? "more than 2^63" : Long.toString(n)) + " bytes, more than one Java array"
                    + " holds (" + MAX_BYTES + "): map the file with Npy.map instead");
        }
        return n;
    }

    /**
     * A new in-memory array holding a flat Java primitive array's values, given in {@code order}, stored as
     * {@code dtype} (converted under {@code casting} when the Java type is not the dtype's native one).
     */
    public static WindowArray fromJava(Object flat, ScalarType dtype, Shape shape, Order order,
            io.npy4j.dtype.Casting casting) {
        JavaType jt = JavaType.ofArray(flat);
        int length = java.lang.reflect.Array.getLength(flat);
        int per = jt == JavaType.nativeFor(dtype) || jt.target(dtype).code() == io.npy4j.dtype.TypeCode.COMPLEX
                ? JavaType.valuesPerElement(dtype) : 1;
        long n = shape.size();
        if (length != n * per) {
            throw new IllegalArgumentException(length + " values do not fill shape " + shape + " (" + n
                    + " elements" + (per == 2 ? ", two values each" : "") + ")");
        }
        byte[] bytes = new byte[(int) byteLength(dtype, shape, "an in-memory array")];
        // the values are the storage order: fill the bytes through a flat view, then shape them
        wrap(bytes, dtype, Shape.of(n), Order.C, true).move(0, (int) n, jt, flat, 0, length, true, casting);
        return wrap(bytes, dtype, shape, order, true);
    }

    /** Copies all elements of {@code src} into {@code dst} (same shape) as stored bytes, a block at a time. */
    static void copyRaw(AbstractArray src, WindowArray dst) {
        long item = Math.max(1, src.dtype().itemSize());
        int per = (int) Math.max(1, Math.min(src.size(), (1 << 20) / item));
        byte[] buf = new byte[(int) (per * item)];
        boolean swap = src.dtype() instanceof ScalarType a && dst.dtype() instanceof ScalarType b
                && a.endianness() != b.endianness() && a.itemSize() > 1;
        for (long k = 0; k < src.size(); ) {
            int n = (int) Math.min(per, src.size() - k);
            src.readRaw(k, buf, 0, n);
            if (swap) {
                swapEach(buf, n, (ScalarType) src.dtype());
            }
            dst.writeRaw(k, buf, 0, n);
            k += n;
        }
    }

    /** Reverses the bytes of each value (UTF-32 code units of U, both halves of complex). */
    static void swapEach(byte[] b, int n, ScalarType t) {
        int w = t.code() == io.npy4j.dtype.TypeCode.UNICODE ? 4
                : t.code() == io.npy4j.dtype.TypeCode.COMPLEX ? (int) t.itemSize() / 2 : (int) t.itemSize();
        for (int p = 0; p + w <= (long) n * t.itemSize(); p += w) {
            for (int i = 0, j = w - 1; i < j; i++, j--) {
                byte x = b[p + i];
                b[p + i] = b[p + j];
                b[p + j] = x;
            }
        }
    }
}
