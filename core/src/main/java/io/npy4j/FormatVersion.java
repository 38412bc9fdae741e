package io.npy4j;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The {@code .npy} format versions: they differ only in the width of HEADER_LEN and the header encoding. */
public enum FormatVersion {
    /** 1.0: 2-byte HEADER_LEN (headers up to 65,535 bytes), latin-1 text. */
    V1_0(1, 0, 2, StandardCharsets.ISO_8859_1),
    /** 2.0 (NumPy 1.9): 4-byte HEADER_LEN, latin-1 text. */
    V2_0(2, 0, 4, StandardCharsets.ISO_8859_1),
    /** 3.0 (NumPy 1.17): 4-byte HEADER_LEN, UTF-8 text. */
    V3_0(3, 0, 4, StandardCharsets.UTF_8);

    private final int major;
    private final int minor;
    private final int lengthFieldSize;
    private final Charset charset;

    FormatVersion(int major, int minor, int lengthFieldSize, Charset charset) {
        this.major = major;
        this.minor = minor;
        this.lengthFieldSize = lengthFieldSize;
        this.charset = charset;
    }

    public int major() {
        return major;
    }

    public int minor() {
        return minor;
    }

    /** Bytes of the little-endian HEADER_LEN field: 2 or 4. */
    public int lengthFieldSize() {
        return lengthFieldSize;
    }

    /** How the header text is encoded. */
    public Charset charset() {
        return charset;
    }

    /** Offset of the header text: magic (6) + version (2) + HEADER_LEN field. */
    public int prefixLength() {
        return 8 + lengthFieldSize;
    }

    /** Largest HEADER_LEN the length field can hold. */
    public long maxHeaderLength() {
        return lengthFieldSize == 2 ? 0xFFFFL : 0xFFFF_FFFFL;
    }

    /** The version with these numbers, or null. */
    public static FormatVersion of(int major, int minor) {
        for (FormatVersion v : values()) {
            if (v.major == major && v.minor == minor) {
                return v;
            }
        }
        return null;
    }

    /** {@code "1.0"}, as npyinfo prints it. */
    @Override
    public String toString() {
        return major + "." + minor;
    }
}
