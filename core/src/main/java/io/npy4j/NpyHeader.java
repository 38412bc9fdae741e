package io.npy4j;

import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import io.npy4j.format.HeaderWriter;
import java.util.Objects;

/**
 * Everything an {@code .npy} header says, apart from the data: format version, dtype, shape, storage order and the
 * header's own length, from which the data offset and length follow.
 *
 * <p>A header is complete on its own, cheap to keep or send, and knows nothing of where it was read from. Read one
 * with {@link Npy#readHeader}; make one for writing with {@link #of(DType, Shape, boolean)}, which picks the version
 * and length {@code np.save} would.
 *
 * @param version format version
 * @param dtype element type
 * @param shape logical shape (for Fortran order too: the header never stores the reversed shape)
 * @param fortranOrder true if the data is stored column-major
 * @param headerLength the HEADER_LEN field: bytes of header text including its padding and final newline
 */
public record NpyHeader(FormatVersion version, DType dtype, Shape shape, boolean fortranOrder, long headerLength) {

    public NpyHeader {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        if (headerLength < 0 || headerLength > version.maxHeaderLength()) {
            throw new IllegalArgumentException("header length " + headerLength + " does not fit format " + version
                    + " (at most " + version.maxHeaderLength() + ")");
        }
        if (!dtype.hasObjects()) {
            try {
                Math.addExact(version.prefixLength() + headerLength,
                        Math.multiplyExact(shape.size(), dtype.itemSize())); // data must be addressable
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + shape + " (" + shape.size() + " elements) of "
                        + io.npy4j.literal.Excerpt.of(dtype.descr()) + " (" + dtype.itemSize()
                        + " bytes each) needs more than 2^63-1 bytes");
            }
        }
    }

    /**
     * The header {@code np.save} writes for an array of this dtype, shape and order: the smallest version that can
     * hold the text, and NumPy's 64-byte aligned length with room for the growth axis.
     */
    public static NpyHeader of(DType dtype, Shape shape, boolean fortranOrder) {
        return HeaderWriter.canonical(dtype, shape, fortranOrder, null);
    }

    /**
     * As {@link #of(DType, Shape, boolean)} with a forced version.
     *
     * @throws IllegalArgumentException if the header text cannot be encoded in that version or is too long for it
     */
    public static NpyHeader of(DType dtype, Shape shape, boolean fortranOrder, FormatVersion version) {
        return HeaderWriter.canonical(dtype, shape, fortranOrder, Objects.requireNonNull(version));
    }

    /** Byte offset of the data from the start of the file: {@code prefix + HEADER_LEN}. */
    public long dataOffset() {
        return version.prefixLength() + headerLength;
    }

    /** Number of elements (1 for a 0-d array). */
    public long elementCount() {
        return shape.size();
    }

    /** Bytes per element. */
    public long itemSize() {
        return dtype.itemSize();
    }

    /**
     * Bytes of array data: element count times item size; -1 when the dtype holds objects, whose data is a pickle
     * of unknown length.
     */
    public long dataLength() {
        return dtype.hasObjects() ? -1 : shape.size() * dtype.itemSize();
    }
}
