package io.npy4j.array;

import io.npy4j.Complex;
import io.npy4j.NpyArray;
import io.npy4j.dtype.Casting;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.JavaType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.dtype.TypeCode;
import io.npy4j.mapping.ElementKind;
import java.lang.reflect.Array;
import java.time.Instant;

/**
 * Everything {@link NpyArray} promises, built on three primitives a source implements: move elements in their native
 * Java type ({@link #transfer}), move stored bytes ({@link #transferRaw}), and make views. Conversions, N-d
 * accessors, strings, datetimes and nested arrays live here once, for every source.
 */
public abstract class AbstractArray implements NpyArray {
    /** Conversions and gathers work in blocks of this many elements: bounded scratch memory. */
    static final int BLOCK = 8192;
    /** Largest Java array the whole-array conversions make. */
    static final long MAX_JAVA_ARRAY = Integer.MAX_VALUE - 8;

    protected final DType dtype;
    protected final Shape shape;

    protected AbstractArray(DType dtype, Shape shape) {
        this.dtype = dtype;
        this.shape = shape;
    }

    /**
     * Moves elements {@code [first, first+count)} (flat C order, already checked) between the storage and
     * {@code array[off..]}: each element is {@code perElement} values of {@code kind}, in the dtype's byte order.
     */
    protected abstract void transfer(long first, int count, ElementKind kind, int perElement, Object array, int off,
            boolean write);

    /** Moves the stored bytes of elements {@code [first, first+count)} (already checked). */
    protected abstract void transferRaw(long first, int count, byte[] array, int off, boolean write);

    /** Throws the read-only error naming the source and mode. */
    protected abstract RuntimeException readOnly();

    @Override
    public final DType dtype() {
        return dtype;
    }

    @Override
    public final Shape shape() {
        return shape;
    }

    // --- typed bulk access --------------------------------------------------------------------------------------

    @Override
    public void read(long first, double[] dst, int off, int len) {
        move(first, len, JavaType.DOUBLE, dst, off, dst.length, false, Casting.SAFE);
    }

    @Override
    public void read(long first, float[] dst, int off, int len) {
        move(first, len, JavaType.FLOAT, dst, off, dst.length, false, Casting.SAFE);
    }

    @Override
    public void read(long first, long[] dst, int off, int len) {
        move(first, len, JavaType.LONG, dst, off, dst.length, false, Casting.SAFE);
    }

    @Override
    public void read(long first, int[] dst, int off, int len) {
        move(first, len, JavaType.INT, dst, off, dst.length, false, Casting.SAFE);
    }

    @Override
    public void read(long first, short[] dst, int off, int len) {
        move(first, len, JavaType.SHORT, dst, off, dst.length, false, Casting.SAFE);
    }

    @Override
    public void read(long first, byte[] dst, int off, int len) {
        move(first, len, JavaType.BYTE, dst, off, dst.length, false, Casting.SAFE);
    }

    @Override
    public void read(long first, boolean[] dst, int off, int len) {
        move(first, len, JavaType.BOOLEAN, dst, off, dst.length, false, Casting.SAFE);
    }

    @Override
    public void write(long first, double[] src, int off, int len) {
        move(first, len, JavaType.DOUBLE, src, off, src.length, true, Casting.SAFE);
    }

    @Override
    public void write(long first, float[] src, int off, int len) {
        move(first, len, JavaType.FLOAT, src, off, src.length, true, Casting.SAFE);
    }

    @Override
    public void write(long first, long[] src, int off, int len) {
        move(first, len, JavaType.LONG, src, off, src.length, true, Casting.SAFE);
    }

    @Override
    public void write(long first, int[] src, int off, int len) {
        move(first, len, JavaType.INT, src, off, src.length, true, Casting.SAFE);
    }

    @Override
    public void write(long first, short[] src, int off, int len) {
        move(first, len, JavaType.SHORT, src, off, src.length, true, Casting.SAFE);
    }

    @Override
    public void write(long first, byte[] src, int off, int len) {
        move(first, len, JavaType.BYTE, src, off, src.length, true, Casting.SAFE);
    }

    @Override
    public void write(long first, boolean[] src, int off, int len) {
        move(first, len, JavaType.BOOLEAN, src, off, src.length, true, Casting.SAFE);
    }

    @Override
    public void readRaw(long first, byte[] dst, int off, int count) {
        raw(first, dst, off, count, false);
    }

    @Override
    public void writeRaw(long first, byte[] src, int off, int count) {
        raw(first, src, off, count, true);
    }

    /** Pieces of copied bytes handed to visitors by the generic {@link #forEachChunk}. */
    private static final int VISIT_BYTES = 1 << 20;

    @Override
    public void forEachChunk(io.npy4j.ChunkVisitor visitor) {
        if (dtype.itemSize() > 0) {
            visit(0, size(), visitor);
        }
    }

    @Override
    public void parallelForEachChunk(io.npy4j.ChunkVisitor visitor) {
        long n = size();
        if (dtype.itemSize() == 0 || n == 0) {
            return;
        }
        int parts = Parallel.parts(dtype.itemSize() * n, n); // the data length fits a long
        if (parts == 1) {
            visit(0, n, visitor);
        } else {
            Parallel.run(n, parts, (first, count) -> visit(first, count, visitor));
        }
    }

    /**
     * Hands elements {@code [first, first+count)} to {@code visitor} in order; this default copies about 1 MiB at a
     * time ({@link #transferRaw}).
     */
    protected void visit(long first, long count, io.npy4j.ChunkVisitor visitor) {
        long item = dtype.itemSize();
        int per = (int) Math.max(1, Math.min(count, VISIT_BYTES / item));
        byte[] scratch = new byte[Math.toIntExact(per * item)];
        java.nio.ByteOrder order = visitOrder();
        for (long k = first; k < first + count; ) {
            int m = (int) Math.min(per, first + count - k);
            transferRaw(k, m, scratch, 0, false);
            visitor.visit(k, java.nio.ByteBuffer.wrap(scratch, 0, (int) (m * item)).slice().asReadOnlyBuffer()
                    .order(order));
            k += m;
        }
    }

    /** The byte order a visitor's buffers carry: the dtype's, little-endian where it has none. */
    protected final java.nio.ByteOrder visitOrder() {
        return dtype instanceof ScalarType s ? s.endianness().byteOrder() : java.nio.ByteOrder.LITTLE_ENDIAN;
    }

    private void raw(long first, byte[] a, int off, int count, boolean write) {
        checkElements(first, count);
        long bytes = (long) count * dtype.itemSize();
        if (off < 0 || off > a.length - bytes) {
            throw new IndexOutOfBoundsException(count + " elements of " + dtype.itemSize() + " bytes from array index "
                    + off + " need " + bytes + " bytes, outside an array of length " + a.length);
        }
        if (write && !isWritable()) {
            throw readOnly();
        }
        if (count > 0 && dtype.itemSize() > 0) {
            transferRaw(first, count, a, off, write);
        }
    }

    /**
     * A typed move of {@code len} elements: bits when {@code jt} is the dtype's native Java type, else values
     * converted block by block under {@code casting}.
     */
    final void move(long first, int len, JavaType jt, Object array, int off, int arrayLength, boolean write,
            Casting casting) {
        ScalarType t = scalar();
        JavaType nat = JavaType.nativeFor(t);
        boolean ok = write ? jt.canWrite(t, casting) : jt.canRead(t, casting);
        if (!ok) {
            throw new IllegalArgumentException("dtype " + t.typeString() + " (" + t.readable() + ") cannot be "
                    + (write ? "written from " : "read into ") + jt.arrayName() + (casting == Casting.SAFE ? ""
                    : " under " + casting + " casting") + "; " + JavaType.suggestion(t)
                    + (casting == Casting.UNSAFE ? "" : ", or convert with an explicit Casting"));
        }
        ScalarType via = jt.target(t);
        int per = jt == nat || via.code() == TypeCode.COMPLEX ? JavaType.valuesPerElement(t) : 1;
        checkElements(first, len);
        if (off < 0 || len < 0 || off > arrayLength - (long) len * per) {
            throw new IndexOutOfBoundsException(len + " elements" + (per == 2 ? " (" + 2L * len + " values, real"
                    + " and imaginary)" : "") + " from array index " + off + " do not fit an array of length "
                    + arrayLength);
        }
        if (write && !isWritable()) {
            throw readOnly();
        }
        if (len == 0) {
            return;
        }
        if (jt == nat) {
            transfer(first, len, ElementKind.valueOf(nat.name()), per, array, off, write);
            return;
        }
        int natPer = JavaType.valuesPerElement(t);
        int block = Math.min(len, BLOCK);
        Object scratch = Array.newInstance(nat.arrayClass().getComponentType(), block * natPer);
        ElementKind kind = ElementKind.valueOf(nat.name());
        for (int done = 0; done < len; ) {
            int n = Math.min(block, len - done);
            if (write) {
                Convert.convert(via, array, off + done * per, t, scratch, 0, n, first + done);
                transfer(first + done, n, kind, natPer, scratch, 0, true);
            } else {
                transfer(first + done, n, kind, natPer, scratch, 0, false);
                Convert.convert(t, scratch, 0, via, array, off + done * per, n, first + done);
            }
            done += n;
        }
    }

    // --- single elements ----------------------------------------------------------------------------------------

    /** Flat C-order index of an N-d index; negative entries count from the end, as NumPy. */
    protected final long flatIndex(long[] index) {
        if (index.length > shape.rank()) {
            throw new IndexOutOfBoundsException("too many indices for array: array is " + shape.rank()
                    + "-dimensional, but " + index.length + " were indexed");
        }
        if (index.length < shape.rank()) {
            throw new IllegalArgumentException("an element needs " + shape.rank() + " indices (shape " + shape
                    + "), not " + index.length + "; row(i) gives a view of a sub-array");
        }
        long k = 0;
        for (int a = 0; a < index.length; a++) {
            long d = shape.dim(a);
            long i = index[a] < 0 ? index[a] + d : index[a];
            if (i < 0 || i >= d) {
                throw new IndexOutOfBoundsException("index " + index[a] + " is out of bounds for axis " + a
                        + " with size " + d);
            }
            k = k * d + i;
        }
        return k;
    }

    @Override
    public double getDouble(long... index) {
        refuseComplex("getDouble");
        double[] one = new double[1];
        move(flatIndex(index), 1, JavaType.DOUBLE, one, 0, 1, false, Casting.SAFE);
        return one[0];
    }

    @Override
    public float getFloat(long... index) {
        refuseComplex("getFloat");
        float[] one = new float[1];
        move(flatIndex(index), 1, JavaType.FLOAT, one, 0, 1, false, Casting.SAFE);
        return one[0];
    }

    @Override
    public long getLong(long... index) {
        long[] one = new long[1];
        move(flatIndex(index), 1, JavaType.LONG, one, 0, 1, false, Casting.SAFE);
        return one[0];
    }

    @Override
    public int getInt(long... index) {
        int[] one = new int[1];
        move(flatIndex(index), 1, JavaType.INT, one, 0, 1, false, Casting.SAFE);
        return one[0];
    }

    @Override
    public boolean getBoolean(long... index) {
        ScalarType t = scalar();
        if (t.code() != TypeCode.BOOL) {
            throw new IllegalArgumentException("getBoolean needs a bool dtype, not " + t.typeString() + "; "
                    + JavaType.suggestion(t));
        }
        boolean[] one = new boolean[1];
        move(flatIndex(index), 1, JavaType.BOOLEAN, one, 0, 1, false, Casting.SAFE);
        return one[0];
    }

    @Override
    public Complex getComplex(long... index) {
        double[] two = new double[2];
        ScalarType t = scalar();
        long k = flatIndex(index);
        if (t.code() == TypeCode.COMPLEX) {
            move(k, 1, JavaType.DOUBLE, two, 0, 2, false, Casting.SAFE);
        } else {
            move(k, 1, JavaType.DOUBLE, two, 0, 1, false, Casting.SAFE);
        }
        return new Complex(two[0], two[1]);
    }

    @Override
    public String getString(long... index) {
        ScalarType t = texts();
        byte[] b = new byte[(int) t.itemSize()];
        readRaw(flatIndex(index), b, 0, 1);
        return Text.decode(t, b, 0);
    }

    @Override
    public Instant getInstant(long... index) {
        ScalarType t = datetimes();
        long[] one = new long[1];
        move(flatIndex(index), 1, JavaType.LONG, one, 0, 1, false, Casting.SAFE);
        return Text.instant(t, one[0]);
    }

    @Override
    public void setDouble(double value, long... index) {
        ScalarType t = scalar();
        long k = flatIndex(index);
        if (t.code() == TypeCode.FLOAT && !t.isLongDouble()) { // float64 into float32/16 rounds, as a[i] = x does
            move(k, 1, JavaType.DOUBLE, new double[] {value}, 0, 1, true, Casting.SAME_KIND);
        } else {
            move(k, 1, JavaType.DOUBLE, new double[] {value}, 0, 1, true, Casting.SAFE);
        }
    }

    @Override
    public void setLong(long value, long... index) {
        ScalarType t = scalar();
        switch (t.code()) {
            case INT:
            case UINT:
            case BOOL:
            case DATETIME:
            case TIMEDELTA:
                break;
            default:
                throw new IllegalArgumentException("setLong needs an integer, bool, datetime or timedelta dtype, not "
                        + t.typeString() + "; " + JavaType.suggestion(t));
        }
        long k = flatIndex(index);
        if (t.code() == TypeCode.DATETIME || t.code() == TypeCode.TIMEDELTA || t.itemSize() == 8) {
            move(k, 1, JavaType.LONG, new long[] {value}, 0, 1, true, Casting.SAFE);
        } else {
            move(k, 1, JavaType.LONG, new long[] {value}, 0, 1, true, Casting.UNSAFE);
        }
    }

    @Override
    public void setBoolean(boolean value, long... index) {
        move(flatIndex(index), 1, JavaType.BOOLEAN, new boolean[] {value}, 0, 1, true, Casting.SAFE);
    }

    // --- whole-array conversions --------------------------------------------------------------------------------

    private int javaLength(int per) {
        long n = size() * per;
        if (size() > MAX_JAVA_ARRAY / per) {
            throw new IllegalArgumentException("array of " + size() + " elements (shape " + shape + ") is too large"
                    + " for one Java array (at most " + MAX_JAVA_ARRAY + " values): read it in ranges, or select"
                    + " a part first");
        }
        return (int) n;
    }

    private int perFor(JavaType jt) {
        ScalarType t = scalar();
        return t.code() == TypeCode.COMPLEX && (jt == JavaType.DOUBLE || jt == JavaType.FLOAT) ? 2 : 1;
    }

    private Object whole(JavaType jt, Casting casting) {
        int per = perFor(jt);
        Object a = Array.newInstance(jt.arrayClass().getComponentType(), javaLength(per));
        move(0, (int) size(), jt, a, 0, Array.getLength(a), false, casting);
        return a;
    }

    @Override
    public double[] asDoubleArray(Casting casting) {
        return (double[]) whole(JavaType.DOUBLE, casting);
    }

    @Override
    public float[] asFloatArray(Casting casting) {
        return (float[]) whole(JavaType.FLOAT, casting);
    }

    @Override
    public long[] asLongArray(Casting casting) {
        return (long[]) whole(JavaType.LONG, casting);
    }

    @Override
    public int[] asIntArray(Casting casting) {
        return (int[]) whole(JavaType.INT, casting);
    }

    @Override
    public short[] asShortArray(Casting casting) {
        return (short[]) whole(JavaType.SHORT, casting);
    }

    @Override
    public byte[] asByteArray(Casting casting) {
        return (byte[]) whole(JavaType.BYTE, casting);
    }

    @Override
    public boolean[] asBooleanArray(Casting casting) {
        return (boolean[]) whole(JavaType.BOOLEAN, casting);
    }

    @Override
    public String[] asStrings() {
        ScalarType t = texts();
        String[] out = new String[javaLength(1)];
        int item = (int) t.itemSize();
        int block = Math.max(1, Math.min(out.length, (1 << 20) / Math.max(1, item)));
        byte[] buf = new byte[block * item];
        for (int done = 0; done < out.length; ) {
            int n = Math.min(block, out.length - done);
            readRaw(done, buf, 0, n);
            for (int i = 0; i < n; i++) {
                out[done + i] = Text.decode(t, buf, i * item);
            }
            done += n;
        }
        return out;
    }

    @Override
    public Instant[] asInstants() {
        ScalarType t = datetimes();
        long[] counts = asLongArray();
        Instant[] out = new Instant[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = Text.instant(t, counts[i]);
        }
        return out;
    }

    @Override
    public Complex[] asComplexArray() {
        ScalarType t = scalar();
        double[] v = asDoubleArray();
        Complex[] out = new Complex[(int) size()];
        boolean pairs = t.code() == TypeCode.COMPLEX;
        for (int i = 0; i < out.length; i++) {
            out[i] = pairs ? new Complex(v[2 * i], v[2 * i + 1]) : new Complex(v[i], 0);
        }
        return out;
    }

    @Override
    public Object toArray() {
        ScalarType t = scalar();
        Object flat;
        switch (t.code()) {
            case BOOL:
                flat = asBooleanArray();
                break;
            case UINT: // the smallest Java type that holds every value; uint64 keeps its bits in long
                flat = t.itemSize() == 1 ? asShortArray() : t.itemSize() == 2 ? asIntArray() : asLongArray();
                break;
            case INT:
            case DATETIME:
            case TIMEDELTA:
                flat = whole(JavaType.nativeFor(t), Casting.SAFE);
                break;
            case FLOAT:
                if (t.isLongDouble()) {
                    throw new IllegalArgumentException("long double " + t.typeString() + " has no Java type: use"
                            + " readRaw");
                }
                flat = t.itemSize() == 8 ? asDoubleArray() : asFloatArray();
                break;
            case COMPLEX:
                flat = asComplexArray();
                break;
            case BYTES:
            case UNICODE:
                flat = asStrings();
                break;
            default:
                throw new IllegalArgumentException("dtype " + t.typeString() + " (" + t.readable() + ") has no Java"
                        + " type: use readRaw");
        }
        return Nesting.reshape(flat, shape);
    }

    @Override
    public NpyArray astype(DType target, Casting casting) {
        ScalarType t = scalar();
        if (!(target instanceof ScalarType to) || !casting.allows(t, to)) {
            throw new IllegalArgumentException("cannot cast " + t.typeString() + " to " + target.descr()
                    + " under " + casting + " casting");
        }
        WindowArray out = HeapArrays.allocate(to, shape);
        JavaType fromNat = JavaType.nativeFor(t);
        JavaType toNat = JavaType.nativeFor(to);
        if (fromNat == null || toNat == null) { // same non-numeric type in another byte order, or raw bytes
            HeapArrays.copyRaw(this, out);
            return out;
        }
        int fromPer = JavaType.valuesPerElement(t);
        int toPer = JavaType.valuesPerElement(to);
        int block = (int) Math.min(size(), BLOCK);
        Object a = Array.newInstance(fromNat.arrayClass().getComponentType(), block * fromPer);
        Object b = Array.newInstance(toNat.arrayClass().getComponentType(), block * toPer);
        for (long done = 0; done < size(); ) {
            int n = (int) Math.min(block, size() - done);
            transfer(done, n, ElementKind.valueOf(fromNat.name()), fromPer, a, 0, false);
            Convert.convert(t, a, 0, to, b, 0, n, done);
            out.transfer(done, n, ElementKind.valueOf(toNat.name()), toPer, b, 0, true);
            done += n;
        }
        return out;
    }

    @Override
    public NpyArray copy() {
        WindowArray out = HeapArrays.allocate(dtype, shape);
        HeapArrays.copyRaw(this, out);
        return out;
    }

    // --- checks -------------------------------------------------------------------------------------------------

    protected final ScalarType scalar() {
        if (!(dtype instanceof ScalarType)) {
            throw new IllegalArgumentException("dtype " + dtype.descr() + " is structured: use field(name) or"
                    + " readRaw");
        }
        ScalarType t = (ScalarType) dtype;
        if (t.hasObjects()) {
            throw new IllegalArgumentException("dtype object holds Python objects, which npy4j never reads");
        }
        return t;
    }

    private void refuseComplex(String what) {
        ScalarType t = scalar();
        if (t.code() == TypeCode.COMPLEX) {
            throw new IllegalArgumentException(what + " needs a real dtype, not complex " + t.typeString() + "; use"
                    + " getComplex, or " + JavaType.suggestion(t));
        }
    }

    private ScalarType texts() {
        ScalarType t = scalar();
        if (t.code() != TypeCode.BYTES && t.code() != TypeCode.UNICODE) {
            throw new IllegalArgumentException("strings need an S or U dtype, not " + t.typeString() + "; "
                    + JavaType.suggestion(t));
        }
        return t;
    }

    private ScalarType datetimes() {
        ScalarType t = scalar();
        if (t.code() != TypeCode.DATETIME) {
            throw new IllegalArgumentException("instants need a datetime64 dtype, not " + t.typeString() + "; "
                    + JavaType.suggestion(t));
        }
        return t;
    }

    protected final void checkElements(long first, long count) {
        if (first < 0 || count < 0 || first > size() - count) {
            throw new IndexOutOfBoundsException("elements [" + first + ", " + (first + count) + ") are outside the"
                    + " array of " + size() + " elements (shape " + shape + ")");
        }
    }
}
