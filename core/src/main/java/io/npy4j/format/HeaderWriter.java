package io.npy4j.format;

import io.npy4j.FormatVersion;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;

/**
 * Writes headers byte-identical to NumPy 2.x {@code np.save} ({@code _write_array_header} and {@code _wrap_header}
 * in {@code numpy/lib/_format_impl.py}).
 */
public final class HeaderWriter {
    /** Data starts at a multiple of this, as NumPy's ARRAY_ALIGN. */
    public static final int ARRAY_ALIGN = 64;
    /** Room left for the growth axis to grow in place: {@code len(str(8*2**64-1))}. */
    public static final int GROWTH_AXIS_MAX_DIGITS = 21;
    static final byte[] MAGIC_PREFIX = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private HeaderWriter() {
    }

    /** The dict text NumPy writes, without alignment padding: keys sorted, each entry ending in {@code ", "}. */
    static String dictText(DType dtype, Shape shape, boolean fortranOrder) {
        StringBuilder sb = new StringBuilder("{'descr': ").append(dtype.descr())
                .append(", 'fortran_order': ").append(fortranOrder ? "True" : "False")
                .append(", 'shape': ").append(shape).append(", }");
        if (shape.rank() > 0) {
            // as NumPy >= 1.24: room for the leading (C) or trailing (Fortran) axis to grow without moving data
            long growth = shape.dim(fortranOrder ? shape.rank() - 1 : 0);
            int pad = GROWTH_AXIS_MAX_DIGITS - Long.toString(growth).length();
            sb.append(" ".repeat(Math.max(0, pad)));
        }
        return sb.toString();
    }

    /**
     * The header NumPy writes for this array. With {@code version == null}, NumPy's choice: 1.0 if the text is
     * latin-1 and fits 65,535 bytes, else 2.0 if latin-1, else 3.0.
     *
     * @throws IllegalArgumentException if a forced version cannot hold the text
     */
    public static NpyHeader canonical(DType dtype, Shape shape, boolean fortranOrder, FormatVersion version) {
        String text = dictText(dtype, shape, fortranOrder);
        if (version != null) {
            byte[] raw = encode(text, version);
            if (raw == null) {
                throw new IllegalArgumentException("header text is not latin-1; format " + version
                        + " cannot hold it (use 3.0)");
            }
            long len = alignedLength(raw.length, version);
            if (len > version.maxHeaderLength()) {
                throw new IllegalArgumentException("Header length " + len + " too big for version=" + version);
            }
            return new NpyHeader(version, dtype, shape, fortranOrder, len);
        }
        for (FormatVersion v : FormatVersion.values()) {
            byte[] raw = encode(text, v);
            if (raw != null && alignedLength(raw.length, v) <= v.maxHeaderLength()) {
                return new NpyHeader(v, dtype, shape, fortranOrder, alignedLength(raw.length, v));
            }
        }
        throw new IllegalArgumentException("header of " + text.length() + " characters is too long for any format");
    }

    /** HEADER_LEN for {@code textBytes} of text: newline plus 1..64 spaces so the data offset is 64-aligned. */
    static long alignedLength(long textBytes, FormatVersion v) {
        long hlen = textBytes + 1;
        long pad = ARRAY_ALIGN - ((v.prefixLength() + hlen) % ARRAY_ALIGN); // never zero, as NumPy
        return hlen + pad;
    }

    /**
     * The complete header bytes (magic, version, HEADER_LEN, text, padding, newline) for {@code header}. The text is
     * padded with spaces to {@code header.headerLength()}, so a header read from a file can be rewritten in place.
     *
     * @throws IllegalArgumentException if the text does not fit the header's version or length
     */
    public static byte[] encode(NpyHeader header) {
        FormatVersion v = header.version();
        byte[] raw = encode(dictText(header.dtype(), header.shape(), header.fortranOrder()), v);
        if (raw == null) {
            throw new IllegalArgumentException("header text is not latin-1; format " + v + " cannot hold it");
        }
        long hlen = header.headerLength();
        if (hlen < raw.length + 1) {
            throw new IllegalArgumentException("header text needs " + (raw.length + 1)
                    + " bytes but the header length is " + hlen);
        }
        int total = Math.toIntExact(v.prefixLength() + hlen);
        ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC_PREFIX).put((byte) v.major()).put((byte) v.minor());
        if (v.lengthFieldSize() == 2) {
            out.putShort((short) hlen);
        } else {
            out.putInt((int) hlen);
        }
        out.put(raw);
        byte[] spaces = new byte[total - out.position() - 1];
        Arrays.fill(spaces, (byte) ' ');
        out.put(spaces).put((byte) '\n');
        return out.array();
    }

    /** The text in the version's charset, or null if it cannot be encoded (non-latin-1 text for 1.0/2.0). */
    private static byte[] encode(String text, FormatVersion v) {
        CharsetEncoder enc = v.charset().newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer b = enc.encode(CharBuffer.wrap(text));
            byte[] raw = new byte[b.remaining()];
            b.get(raw);
            return raw;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
