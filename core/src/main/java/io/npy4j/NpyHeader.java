package io.npy4j;

import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
        return canonical(dtype, shape, fortranOrder, null);
    }

    /**
     * As {@link #of(DType, Shape, boolean)} with a forced version.
     *
     * @throws IllegalArgumentException if the header text cannot be encoded in that version or is too long for it
     */
    public static NpyHeader of(DType dtype, Shape shape, boolean fortranOrder, FormatVersion version) {
        return canonical(dtype, shape, fortranOrder, Objects.requireNonNull(version));
    }

    /** Data starts at a multiple of this, as NumPy's ARRAY_ALIGN. */
    static final int ARRAY_ALIGN = 64;
    /** Room left for the growth axis to grow in place: {@code len(str(8*2**64-1))}. */
    static final int GROWTH_AXIS_MAX_DIGITS = 21;

    /**
     * The dict text NumPy writes for this header, without the alignment padding and newline: keys sorted, each entry
     * ending in {@code ", "}, then spaces that leave room for the growth axis (as NumPy >= 1.24).
     */
    public String text() {
        return dictText(dtype, shape, fortranOrder);
    }

    private static String dictText(DType dtype, Shape shape, boolean fortranOrder) {
        StringBuilder sb = new StringBuilder("{'descr': ").append(dtype.descr())
                .append(", 'fortran_order': ").append(fortranOrder ? "True" : "False")
                .append(", 'shape': ").append(shape).append(", }");
        if (shape.rank() > 0) {
            // room for the leading (C) or trailing (Fortran) axis to grow without moving data
            long growth = shape.dim(fortranOrder ? shape.rank() - 1 : 0);
            int pad = GROWTH_AXIS_MAX_DIGITS - Long.toString(growth).length();
            sb.append(" ".repeat(Math.max(0, pad)));
        }
        return sb.toString();
    }

    /**
     * NumPy's choice of version and length ({@code _wrap_header}): with {@code version == null}, 1.0 if the text is
     * latin-1 and fits 65,535 bytes, else 2.0 if latin-1, else 3.0.
     */
    private static NpyHeader canonical(DType dtype, Shape shape, boolean fortranOrder, FormatVersion version) {
        String text = dictText(dtype, shape, fortranOrder);
        if (version != null) {
            long raw = encodedLength(text, version);
            if (raw < 0) {
                throw new IllegalArgumentException("header text is not latin-1; format " + version
                        + " cannot hold it (use 3.0)");
            }
            long len = alignedLength(raw, version);
            if (len > version.maxHeaderLength()) {
                throw new IllegalArgumentException("Header length " + len + " too big for version=" + version);
            }
            return new NpyHeader(version, dtype, shape, fortranOrder, len);
        }
        for (FormatVersion v : FormatVersion.values()) {
            long raw = encodedLength(text, v);
            if (raw >= 0 && alignedLength(raw, v) <= v.maxHeaderLength()) {
                return new NpyHeader(v, dtype, shape, fortranOrder, alignedLength(raw, v));
            }
        }
        throw new IllegalArgumentException("header of " + text.length() + " characters is too long for any format");
    }

    /** HEADER_LEN for {@code textBytes} of text: newline plus 1..64 spaces so the data offset is 64-aligned. */
    private static long alignedLength(long textBytes, FormatVersion v) {
        long hlen = textBytes + 1;
        long pad = ARRAY_ALIGN - ((v.prefixLength() + hlen) % ARRAY_ALIGN); // never zero, as NumPy
        return hlen + pad;
    }

    /** Bytes of the text in the version's charset, or -1 if it cannot be encoded (non-latin-1 for 1.0/2.0). */
    private static long encodedLength(String text, FormatVersion v) {
        try {
            ByteBuffer b = v.charset().newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            return b.remaining();
        } catch (CharacterCodingException e) {
            return -1;
        }
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
