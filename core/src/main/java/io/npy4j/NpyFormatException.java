package io.npy4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A file or byte stream that is not a valid {@code .npy} (or that npy4j refuses to read), with what is wrong and
 * where.
 *
 * <p>The context lives in fields and the message is built from them, as {@link java.nio.file.FileSystemException}
 * does: {@code data.npy at byte 10: header keys are ['descr', 'shape']; expected descr, fortran_order, shape}.
 */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The precise failure. */
    public enum Kind {
        /** The first bytes are not {@code \x93NUMPY}. */
        BAD_MAGIC,
        /** A format version other than 1.0, 2.0 or 3.0. */
        UNSUPPORTED_VERSION,
        /** The input ends inside the magic, version, length field or header text. */
        TRUNCATED,
        /** HEADER_LEN exceeds the configured limit ({@code npy4j.header.maxSize}, 1 MiB by default). */
        HEADER_TOO_LARGE,
        /** A version 3.0 header that is not valid UTF-8. */
        HEADER_ENCODING,
        /** The header text is not a Python literal of the accepted subset. */
        HEADER_SYNTAX,
        /** The header is a literal but not a dict. */
        HEADER_NOT_DICT,
        /** The header dict's keys are not exactly descr, fortran_order and shape. */
        HEADER_KEYS,
        /** The shape is not a tuple of non-negative integers below 2^63. */
        BAD_SHAPE,
        /** fortran_order is not True or False. */
        BAD_FORTRAN_ORDER,
        /** The descr is not a valid dtype description. */
        BAD_DESCR,
        /** The element count, byte count or file size overflows a signed 64-bit integer. */
        SIZE_OVERFLOW,
        /** The file is shorter than its header promises (data offset + data length). */
        DATA_TRUNCATED,
        /** The data holds Python objects (a pickle), which npy4j never loads. */
        OBJECT_DTYPE,
        /** The data is too large for one Java array ({@code Npy.read}, 2^31-1 bytes): map it with {@code Npy.map}. */
        TOO_LARGE,
        /** An {@code .npz} that is not a readable zip archive (truncated, no central directory, bad records). */
        ARCHIVE,
        /** An npz member name that is empty, absolute, or has {@code /}, {@code \\}, {@code ..} or NUL in it. */
        MEMBER_NAME,
        /** Two npz members with the same name. */
        DUPLICATE_MEMBER,
        /** No member of that name in the archive. */
        NO_SUCH_MEMBER,
        /** A member's local header disagrees with the central directory (name, method, offset). */
        LOCAL_HEADER_MISMATCH,
        /** A member's bytes do not match its CRC-32. */
        CRC_MISMATCH,
        /** A member inflates to more bytes than it declares, or than the limit allows (a zip bomb). */
        INFLATE_LIMIT,
        /** An encrypted member: npy4j reads no encrypted archives. */
        ENCRYPTED,
        /** A member compressed with a method other than stored or deflated. */
        UNSUPPORTED_METHOD,
        /** A read of a virtual array's hole when it has no fill value. */
        HOLE,
        /** A virtual-array manifest that is not valid JSON of the documented schema. */
        MANIFEST,
        /** A block's source file changed (size or modification time) since the manifest was written. */
        STALE_SOURCE
    }

    private final Kind kind;
    private final String detail;
    private final transient Path file;
    private final String member;
    private final long byteOffset;

    /**
     * @param kind the failure
     * @param detail what is wrong, quoting the bad value
     * @param file the file, or null for a stream
     * @param member the npz member name, or null
     * @param byteOffset offset of the problem from the start of the {@code .npy} bytes, or -1 if unknown
     */
    public NpyFormatException(Kind kind, String detail, Path file, String member, long byteOffset) {
        super((String) null);
        this.kind = Objects.requireNonNull(kind);
        // a backstop: callers quote input through Excerpt, but a message must never grow with the input
        this.detail = io.npy4j.literal.Excerpt.of(Objects.requireNonNull(detail),
                4 * io.npy4j.literal.Excerpt.MAX_CHARS);
        this.file = file;
        this.member = member;
        this.byteOffset = byteOffset;
    }

    /** A stream error (no file known yet). */
    public NpyFormatException(Kind kind, String detail, long byteOffset) {
        this(kind, detail, null, null, byteOffset);
    }

    /** This error with the archive and member named (the stack trace and cause are kept). */
    public NpyFormatException withMember(Path archive, String memberName) {
        NpyFormatException e = new NpyFormatException(kind, detail, archive, memberName, byteOffset);
        e.initCause(getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }

    /** This error with the file named (the stack trace and cause are kept). */
    public NpyFormatException withFile(Path f) {
        NpyFormatException e = new NpyFormatException(kind, detail, f, member, byteOffset);
        e.initCause(getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }

    public Kind kind() {
        return kind;
    }

    /** What is wrong, without the location. */
    public String detail() {
        return detail;
    }

    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** The npz member, when the {@code .npy} was read from an archive. */
    public Optional<String> member() {
        return Optional.ofNullable(member);
    }

    /** Byte offset of the problem from the start of the {@code .npy} bytes, or -1 if not tied to one. */
    public long byteOffset() {
        return byteOffset;
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
        }
        if (member != null) {
            sb.append(sb.length() > 0 ? ":" : "").append(member);
        }
        if (byteOffset >= 0) {
            sb.append(sb.length() > 0 ? " " : "").append("at byte ").append(byteOffset);
        }
        return sb.append(sb.length() > 0 ? ": " : "").append(detail).toString();
    }
}
