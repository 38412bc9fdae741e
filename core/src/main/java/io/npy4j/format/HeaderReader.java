package io.npy4j.format;

import io.npy4j.FormatVersion;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyFormatException.Kind;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import io.npy4j.dtype.SubarrayType;
import io.npy4j.literal.Excerpt;
import io.npy4j.literal.LiteralSyntaxException;
import io.npy4j.literal.PyLiteral;
import io.npy4j.literal.PyValue;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and validates an {@code .npy} header from a channel, consuming exactly the header bytes: the channel is left
 * at the first data byte. Follows NumPy's {@code read_magic}, {@code _check_version} and {@code _read_array_header},
 * adding the checks NumPy leaves to later failures (negative, bool and oversized dimensions, size overflow).
 *
 * <p>Cost is linear in the header length and never allocates more than the bytes actually read, whatever HEADER_LEN
 * claims.
 */
public final class HeaderReader {
    /** Default cap on HEADER_LEN, overridable with the system property {@code npy4j.header.maxSize}. */
    public static final int DEFAULT_MAX_HEADER_SIZE = Integer.getInteger("npy4j.header.maxSize", 1 << 20);
    static final Set<String> EXPECTED_KEYS = Set.of("descr", "fortran_order", "shape");
    private static final int READ_STEP = 1 << 16;

    private HeaderReader() {
    }

    /**
     * Reads a header.
     *
     * @param in source positioned at the magic string; left at the first data byte
     * @param maxHeaderSize largest HEADER_LEN accepted
     * @param available bytes the source holds from its current position, or -1 if unknown: lets a header that
     *     claims more than that fail before anything is allocated
     */
    public static NpyHeader read(ReadableByteChannel in, int maxHeaderSize, long available) throws IOException {
        byte[] magic = readUpTo(in, 8);
        for (int i = 0; i < Math.min(magic.length, 6); i++) {
            if (magic[i] != HeaderWriter.MAGIC_PREFIX[i]) {
                throw new NpyFormatException(Kind.BAD_MAGIC, "not an .npy file: the first bytes are "
                        + hex(magic, Math.min(magic.length, 6)) + ", expected 93 4e 55 4d 50 59 (\\x93NUMPY)", i);
            }
        }
        if (magic.length < 8) {
            throw new NpyFormatException(Kind.TRUNCATED, magic.length == 0 ? "empty input: expected the 8-byte magic"
                    : "input ends after " + magic.length + " of the 8 magic and version bytes", magic.length);
        }
        int major = magic[6] & 0xff;
        int minor = magic[7] & 0xff;
        FormatVersion version = FormatVersion.of(major, minor);
        if (version == null) {
            throw new NpyFormatException(Kind.UNSUPPORTED_VERSION, "format version " + major + "." + minor
                    + " is not supported (1.0, 2.0 and 3.0 are)", 6);
        }
        int lf = version.lengthFieldSize();
        byte[] lenBytes = readUpTo(in, lf);
        if (lenBytes.length < lf) {
            throw new NpyFormatException(Kind.TRUNCATED, "input ends inside the " + lf + "-byte header length field ("
                    + lenBytes.length + " bytes present)", 8 + lenBytes.length);
        }
        long headerLen = 0;
        for (int i = lf - 1; i >= 0; i--) {
            headerLen = (headerLen << 8) | (lenBytes[i] & 0xff);
        }
        int textStart = version.prefixLength();
        if (available >= 0 && headerLen > available - textStart) {
            throw new NpyFormatException(Kind.TRUNCATED, "header length " + headerLen + " but only "
                    + Math.max(0, available - textStart) + " bytes follow the length field", textStart);
        }
        if (headerLen > maxHeaderSize) {
            throw new NpyFormatException(Kind.HEADER_TOO_LARGE, "header length " + headerLen
                    + " exceeds the limit of " + maxHeaderSize + " bytes (system property npy4j.header.maxSize)", 8);
        }
        byte[] raw = readUpTo(in, (int) headerLen);
        if (raw.length < headerLen) {
            throw new NpyFormatException(Kind.TRUNCATED, "input ends inside the header: expected " + headerLen
                    + " bytes, got " + raw.length, textStart + raw.length);
        }
        String text = decode(raw, version, textStart);
        return interpret(text, version, headerLen, textStart);
    }

    /** Reads a header from the start of {@code bytes}; the data, if any, follows it in the array. */
    public static NpyHeader read(byte[] bytes, int maxHeaderSize) throws IOException {
        return read(over(bytes, bytes.length), maxHeaderSize, bytes.length);
    }

    /**
     * Reads a header from the first {@code length} bytes of a source of {@code available} bytes, or returns null
     * when the header goes on past them (read it from the source then). Every error is the one {@link #read} gives
     * for the whole source.
     */
    public static NpyHeader readPrefix(byte[] bytes, int length, int maxHeaderSize, long available)
            throws IOException {
        if (length < available) {
            if (length < 12) {
                return null;
            }
            FormatVersion v = FormatVersion.of(bytes[6] & 0xff, bytes[7] & 0xff);
            if (v != null && Arrays.equals(bytes, 0, 6, HeaderWriter.MAGIC_PREFIX, 0, 6)) {
                long headerLen = 0;
                for (int i = v.lengthFieldSize() - 1; i >= 0; i--) {
                    headerLen = (headerLen << 8) | (bytes[8 + i] & 0xff);
                }
                if (v.prefixLength() + headerLen > length) {
                    return null;
                }
            } // else the error lies in these bytes
        }
        return read(over(bytes, length), maxHeaderSize, available);
    }

    private static ReadableByteChannel over(byte[] bytes, int length) {
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
        return new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) {
                if (!b.hasRemaining()) {
                    return -1;
                }
                int n = Math.min(dst.remaining(), b.remaining());
                ByteBuffer slice = b.slice();
                slice.limit(n);
                dst.put(slice);
                b.position(b.position() + n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    private static String decode(byte[] raw, FormatVersion version, int textStart) throws NpyFormatException {
        if (version.charset() == StandardCharsets.ISO_8859_1) {
            return new String(raw, StandardCharsets.ISO_8859_1); // NumPy decodes 1.0/2.0 as latin-1, not ASCII
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CharBuffer out = CharBuffer.allocate(raw.length);
        CoderResult r = dec.decode(in, out, true);
        if (r.isError()) {
            throw new NpyFormatException(Kind.HEADER_ENCODING, "version 3.0 header is not valid UTF-8: byte 0x"
                    + Integer.toHexString(raw[in.position()] & 0xff) + " at this offset", textStart + in.position());
        }
        dec.flush(out);
        return out.flip().toString();
    }

    static NpyHeader interpret(String text, FormatVersion version, long headerLen, int textStart)
            throws NpyFormatException {
        NpyHeader fast = FastHeader.tryParse(text, version, headerLen);
        return fast != null ? fast : interpretLiteral(text, version, headerLen, textStart);
    }

    /** The general path: any literal NumPy's {@code safe_eval} accepts, and every error. */
    static NpyHeader interpretLiteral(String text, FormatVersion version, long headerLen, int textStart)
            throws NpyFormatException {
        PyValue value;
        try {
            value = PyLiteral.parse(text, version != FormatVersion.V3_0);
        } catch (LiteralSyntaxException e) {
            long at = textStart + byteIndex(text, e.index(), version);
            throw new NpyFormatException(Kind.HEADER_SYNTAX, "cannot parse header: " + e.reason() + " in "
                    + quote(text), at);
        }
        if (!(value instanceof PyValue.Dict)) {
            throw new NpyFormatException(Kind.HEADER_NOT_DICT, "header is not a dictionary: " + clip(value.repr()),
                    textStart);
        }
        Map<PyValue, PyValue> d = ((PyValue.Dict) value).entries();
        Set<String> keys = new TreeSet<>();
        List<String> keyReprs = new ArrayList<>();
        boolean allStr = true;
        for (PyValue k : d.keySet()) {
            keyReprs.add(k.repr());
            if (k instanceof PyValue.Str) {
                keys.add(((PyValue.Str) k).value());
            } else {
                allStr = false;
            }
        }
        if (!allStr || !keys.equals(EXPECTED_KEYS)) {
            keyReprs.sort(null);
            throw new NpyFormatException(Kind.HEADER_KEYS, "header keys are " + clip(keyReprs.toString())
                    + "; expected descr, fortran_order, shape", textStart);
        }
        PyValue shapeValue = d.get(new PyValue.Str("shape"));
        PyValue fortranValue = d.get(new PyValue.Str("fortran_order"));
        PyValue descrValue = d.get(new PyValue.Str("descr"));
        Shape shape = shape(shapeValue, textStart);
        if (!(fortranValue instanceof PyValue.Bool)) {
            throw new NpyFormatException(Kind.BAD_FORTRAN_ORDER, "fortran_order is not a valid bool: "
                    + clip(fortranValue.repr()), textStart);
        }
        DType dtype;
        try {
            dtype = DType.fromDescr(descrValue);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new NpyFormatException(Kind.BAD_DESCR, "descr is not a valid dtype descriptor: "
                    + clip(descrValue.repr()) + " (" + e.getMessage() + ")", textStart);
        }
        if (dtype instanceof SubarrayType) {
            // np.memmap would silently append the subarray axes to the shape; np.load fails. Refuse.
            throw new NpyFormatException(Kind.BAD_DESCR, "descr " + clip(descrValue.repr())
                    + " is a subarray at the top level, which NumPy never writes", textStart);
        }
        if (!dtype.hasObjects()) {
            try {
                long bytes = Math.multiplyExact(shape.size(), dtype.itemSize());
                Math.addExact(textStart + headerLen, bytes);
            } catch (ArithmeticException e) {
                throw new NpyFormatException(Kind.SIZE_OVERFLOW, "shape " + shape + " of " + clip(dtype.descr()) + " ("
                        + dtype.itemSize() + " bytes each) needs more than 2^63-1 bytes", textStart);
            }
        }
        return new NpyHeader(version, dtype, shape, ((PyValue.Bool) fortranValue).value(), headerLen);
    }

    private static Shape shape(PyValue v, int textStart) throws NpyFormatException {
        if (!(v instanceof PyValue.Tuple)) {
            throw new NpyFormatException(Kind.BAD_SHAPE, "shape is not valid: " + clip(v.repr())
                    + " (expected a tuple of integers)", textStart);
        }
        List<PyValue> items = ((PyValue.Tuple) v).items();
        if (items.size() > Shape.MAX_RANK) {
            // NumPy: "maximum supported dimension for an ndarray is currently 64, found 65"
            throw new NpyFormatException(Kind.BAD_SHAPE, "shape has " + items.size() + " dimensions; at most "
                    + Shape.MAX_RANK + " are supported (NumPy's limit): " + clip(v.repr()), textStart);
        }
        long[] dims = new long[items.size()];
        for (int i = 0; i < dims.length; i++) {
            PyValue item = items.get(i);
            if (!(item instanceof PyValue.Int)) {
                throw new NpyFormatException(Kind.BAD_SHAPE, "shape is not valid: " + clip(v.repr()) + " (dimension "
                        + i + " is " + item.typeName() + " " + clip(item.repr()) + ")", textStart);
            }
            BigInteger b = ((PyValue.Int) item).value();
            if (b.signum() < 0 || b.bitLength() > 63) {
                throw new NpyFormatException(Kind.BAD_SHAPE, "shape is not valid: " + clip(v.repr()) + " (dimension "
                        + i + " = " + clip(b.toString()) + " is " + (b.signum() < 0 ? "negative" : "2^63 or more")
                        + ")", textStart);
            }
            dims[i] = b.longValue();
        }
        try {
            return Shape.of(dims);
        } catch (ArithmeticException e) {
            throw new NpyFormatException(Kind.SIZE_OVERFLOW, "element count of shape " + clip(v.repr())
                    + " overflows a signed 64-bit integer", textStart);
        }
    }

    /** Reads until {@code n} bytes or end of input; returns what was read. */
    static byte[] readUpTo(ReadableByteChannel in, int n) throws IOException {
        byte[] out = new byte[Math.min(n, READ_STEP)];
        int filled = 0;
        while (filled < n) {
            if (filled == out.length) {
                // grow as bytes actually arrive: a lying HEADER_LEN cannot make us allocate up front
                out = java.util.Arrays.copyOf(out, (int) Math.min(n, (long) out.length * 2));
            }
            int r = in.read(ByteBuffer.wrap(out, filled, out.length - filled));
            if (r < 0) {
                return java.util.Arrays.copyOf(out, filled);
            }
            if (r == 0) {
                throw new IOException("channel returned no bytes: non-blocking channels are not supported");
            }
            filled += r;
        }
        return out.length == filled ? out : java.util.Arrays.copyOf(out, filled);
    }

    private static long byteIndex(String text, int charIndex, FormatVersion v) {
        int i = Math.min(charIndex, text.length());
        return v == FormatVersion.V3_0 ? text.substring(0, i).getBytes(StandardCharsets.UTF_8).length : i;
    }

    private static String quote(String text) {
        return clip(new PyValue.Str(text.strip()).repr());
    }

    private static String clip(String s) {
        return Excerpt.of(s);
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? " " : "").append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }
}
