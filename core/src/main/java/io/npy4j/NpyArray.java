package io.npy4j;

import io.npy4j.dtype.Casting;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import io.npy4j.select.Selection;
import java.time.Instant;

/**
 * An N-d array of one dtype, whatever holds its bytes: a mapped window of a file ({@link Npy#map}), an in-memory
 * array ({@link Npy#read}, {@link Npy#array}), and the views these hand out ({@link #select}, {@link #field},
 * {@link #row}). Callers see one type; the source only decides speed and what {@link #close()} releases.
 *
 * <p>An array is seen in C order of {@link #shape()}, whatever order its bytes are stored in: flat index {@code k}
 * is the {@code k}-th element of a row-major walk. {@link #order()} tells how the bytes are stored, which is what
 * {@link Npy#save} keeps.
 *
 * <p><b>Typed bulk access.</b> {@code read(first, double[] dst, off, len)} copies {@code len} elements from flat
 * index {@code first}. Each dtype moves as bits into its native Java array (the table in
 * {@link io.npy4j.dtype.JavaType}: unsigned integers keep their bits in the signed type of their width, complex
 * elements are two values); into any other array values are converted when NumPy's {@link Casting#SAFE safe
 * casting} allows ({@code int32 -> double[]}, {@code uint8 -> int[]}, {@code bool -> long[]}), else an
 * {@link IllegalArgumentException} says what to use. Writes convert the other way under the same rule.
 * {@link #readRaw} moves the stored bytes of any dtype.
 *
 * <p><b>Views.</b> {@link #select(Selection)}, {@link #field(String)} and {@link #row(long)} share this array's
 * storage: writes through a view are writes to this array, no data is copied, and closing a view does nothing; the
 * view fails with {@link IllegalStateException} once the array that owns the storage is closed.
 *
 * <p><b>Errors.</b> Flat ranges outside the array throw {@link IndexOutOfBoundsException}; N-d indices follow
 * NumPy (negative counts from the end; the message is NumPy's). Writing to a read-only array throws
 * {@link java.nio.ReadOnlyBufferException} naming the source and mode. A file truncated under a mapping surfaces as
 * {@link java.io.UncheckedIOException} naming the file.
 *
 * <p>Thread safety: reads and writes of disjoint elements may run concurrently; {@link #close()} may race with them
 * safely (they then fail with {@link IllegalStateException}).
 */
public interface NpyArray extends AutoCloseable {

    /** The element type. */
    DType dtype();

    /** The shape (for a field view of a subarray field: the array's shape plus the subarray's). */
    Shape shape();

    /** Number of elements, the product of the shape (1 for a 0-d array). */
    default long size() {
        return shape().size();
    }

    /** Number of axes. */
    default int rank() {
        return shape().rank();
    }

    /**
     * How the bytes are stored: {@link Order#F} when the elements are Fortran-contiguous and not C-contiguous (as
     * NumPy's {@code isfortran}), else {@link Order#C}. {@link Npy#save} writes this order by default, so that a file
     * read and saved again is unchanged.
     */
    Order order();

    /** Whether writes are allowed (read-write or copy-on-write mappings, in-memory arrays). */
    boolean isWritable();

    /** Where the bytes come from, for messages: a file name, or {@code "<memory>"}. */
    String source();

    // --- bulk copies by flat index ------------------------------------------------------------------------------

    /** Copies elements {@code [first, first+len)} into {@code dst[off..]}: bits of f8/c16, or safely converted. */
    void read(long first, double[] dst, int off, int len);

    /** float32, complex64 (pairs), float16 (converted), or values safely converted to float. */
    void read(long first, float[] dst, int off, int len);

    /** int64, uint64, datetime64, timedelta64 (bits), or integers and bools converted. */
    void read(long first, long[] dst, int off, int len);

    /** int32, uint32 (bits), or narrower integers and bools converted. */
    void read(long first, int[] dst, int off, int len);

    /** int16, uint16, float16 (bits), or int8/uint8/bool converted. */
    void read(long first, short[] dst, int off, int len);

    /** int8, uint8, bool (the stored bytes). */
    void read(long first, byte[] dst, int off, int len);

    /** bool: any non-zero byte is true, as NumPy. */
    void read(long first, boolean[] dst, int off, int len);

    /** Copies {@code src[off..off+len)} into elements {@code [first, first+len)}. */
    void write(long first, double[] src, int off, int len);

    void write(long first, float[] src, int off, int len);

    void write(long first, long[] src, int off, int len);

    void write(long first, int[] src, int off, int len);

    void write(long first, short[] src, int off, int len);

    void write(long first, byte[] src, int off, int len);

    void write(long first, boolean[] src, int off, int len);

    /**
     * Copies the stored bytes of elements {@code [first, first+count)}: {@code count * dtype().itemSize()} bytes, in
     * the dtype's byte order. Works for every dtype.
     */
    void readRaw(long first, byte[] dst, int off, int count);

    /**
     * Visits every element's stored bytes in flat C order, in pieces ({@link ChunkVisitor}), without copying them
     * where they lie contiguous in memory: a C-order mapped file or window of rows, an in-memory array, a stored npz
     * member hand out their mapped or heap memory itself, chunk by chunk. Other views (strided selections, fields,
     * Fortran-order storage, virtual arrays) hand out copies of about 1 MiB. Reductions (sums, histograms, min/max)
     * over a mapped array thus run at memory speed with no {@code double[]} of the whole array.
     *
     * <p>Pieces arrive in order, on the calling thread; an exception from the visitor ends the walk and propagates.
     */
    void forEachChunk(ChunkVisitor visitor);

    /**
     * {@link #forEachChunk} with the array split into contiguous parts visited concurrently, one per core (the
     * calling thread takes the first, the common {@code ForkJoinPool} the others) once the data reach 8 MiB: pieces
     * arrive in any order, on several threads, so the visitor must be thread-safe (sum into a {@code DoubleAdder}, or
     * per-piece results keyed by {@code first}). The first exception ends every part and reaches the caller.
     */
    void parallelForEachChunk(ChunkVisitor visitor);

    /** Writes the stored bytes of elements {@code [first, first+count)}. */
    void writeRaw(long first, byte[] src, int off, int count);

    // --- views --------------------------------------------------------------------------------------------------

    /**
     * The elements {@code selection} picks of this array's shape, as a view ({@code a[selection]} in NumPy, e.g.
     * {@code select(Selection.parse("[10:20, ::-2]"))}).
     *
     * @throws IndexOutOfBoundsException if the selection does not fit the shape (NumPy's message)
     */
    NpyArray select(Selection selection);

    /** {@code select(Selection.parse(indexExpression))}. */
    default NpyArray select(String indexExpression) {
        return select(Selection.parse(indexExpression));
    }

    /**
     * One field of a structured array, as a view; a subarray field {@code ('x', '<f4', (3,))} becomes a view of
     * {@code shape + (3,)} float32 elements.
     *
     * @throws IllegalArgumentException if the dtype is not structured or has no field (or title) {@code name}
     */
    NpyArray field(String name);

    /** The view {@code a[i]}: index {@code i} of the first axis (negative from the end), one axis fewer. */
    NpyArray row(long i);

    /** The rows {@code a[0], a[1], ...} as views, in order. */
    default Iterable<NpyArray> rows() {
        return () -> new java.util.Iterator<>() {
            private final long n = rank() == 0 ? failRows() : shape().dim(0);
            private long i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public NpyArray next() {
                if (i >= n) {
                    throw new java.util.NoSuchElementException();
                }
                return row(i++);
            }
        };
    }

    private static long failRows() {
        throw new IllegalArgumentException("a 0-d array has no rows");
    }

    // --- single elements (N-d index, negative counts from the end) ----------------------------------------------

    /** The element as a double: floats, ints and bools (safely convertible to float64). */
    double getDouble(long... index);

    /** float32/float16 elements, or ints and bools safely convertible to float32. */
    float getFloat(long... index);

    /**
     * Any integer, bool, datetime or timedelta element as a {@code long} (uint64: the same bits; datetime: the count of
     * units, NaT is {@code Long.MIN_VALUE}).
     */
    long getLong(long... index);

    /** int32 and narrower integers, bool (uint32: the same bits). */
    int getInt(long... index);

    /** A bool element. */
    boolean getBoolean(long... index);

    /** A complex element, or a real one with imaginary part 0. */
    Complex getComplex(long... index);

    /** An {@code S} (bytes, decoded as ISO-8859-1) or {@code U} element, trailing NULs stripped as NumPy does. */
    String getString(long... index);

    /** A {@code datetime64} element as an instant; {@code null} for NaT. */
    Instant getInstant(long... index);

    void setDouble(double value, long... index);

    /** Stores an integer into an integer, bool, datetime or timedelta element (wrapping to its width, as C). */
    void setLong(long value, long... index);

    void setBoolean(boolean value, long... index);

    // --- whole-array conversions (at most 2^31-1 elements) ------------------------------------------------------

    /** All elements in C order as doubles, under {@link Casting#SAFE} (complex: pairs). */
    default double[] asDoubleArray() {
        return asDoubleArray(Casting.SAFE);
    }

    double[] asDoubleArray(Casting casting);

    default float[] asFloatArray() {
        return asFloatArray(Casting.SAFE);
    }

    float[] asFloatArray(Casting casting);

    default long[] asLongArray() {
        return asLongArray(Casting.SAFE);
    }

    long[] asLongArray(Casting casting);

    default int[] asIntArray() {
        return asIntArray(Casting.SAFE);
    }

    int[] asIntArray(Casting casting);

    default short[] asShortArray() {
        return asShortArray(Casting.SAFE);
    }

    short[] asShortArray(Casting casting);

    default byte[] asByteArray() {
        return asByteArray(Casting.SAFE);
    }

    byte[] asByteArray(Casting casting);

    default boolean[] asBooleanArray() {
        return asBooleanArray(Casting.SAFE);
    }

    boolean[] asBooleanArray(Casting casting);

    /** {@code S}/{@code U} elements as strings, in C order. */
    String[] asStrings();

    /** {@code datetime64} elements as instants ({@code null} for NaT), in C order. */
    Instant[] asInstants();

    /** Complex (or real) elements, in C order. */
    Complex[] asComplexArray();

    /**
     * The whole array as nested Java arrays of its native type: {@code double[][]} for a 2-D float64 array,
     * {@code int[]} for 1-D int32, {@code boolean[][]} for bool, {@code String[]} for S/U, {@code long} counts for
     * datetimes, {@link Complex} objects for complex; a 0-d array gives the boxed scalar. For small arrays: each
     * axis must have at most 2^31-1 entries.
     */
    Object toArray();

    /**
     * An in-memory copy converted to {@code dtype} ({@code a.astype(dtype, casting=...)}), in C order.
     *
     * @throws IllegalArgumentException if {@code casting} does not allow the conversion
     */
    NpyArray astype(DType dtype, Casting casting);

    /** An in-memory copy of this array (or view), in C order ({@code np.ascontiguousarray(view)}). */
    NpyArray copy();

    // --- lifecycle ----------------------------------------------------------------------------------------------

    /** Flushes written data to the file (msync and fsync of a read-write mapping); a no-op otherwise. */
    void force();

    /** Releases the storage (unmaps) if this array owns it; views do nothing. Idempotent. */
    @Override
    void close();
}
