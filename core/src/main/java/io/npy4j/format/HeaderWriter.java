package io.npy4j.format;

import io.npy4j.FormatVersion;
import io.npy4j.NpyHeader;
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
    static final byte[] MAGIC_PREFIX = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private HeaderWriter() {
    }

    /**
     * The complete header bytes (magic, version, HEADER_LEN, text, padding, newline) for {@code header}. The text is
     * padded with spaces to {@code header.headerLength()}, so a header read from a file can be rewritten in place.
     *
     * @throws IllegalArgumentException if the text does not fit the header's version or length
     */
    public static byte[] encode(NpyHeader header) {
        FormatVersion v = header.version();
        byte[] raw = encode(header.text(), v);
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
    static byte[] encode(String text, FormatVersion v) {
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
