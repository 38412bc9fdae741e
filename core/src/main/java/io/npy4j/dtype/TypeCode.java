package io.npy4j.dtype;

/**
 * The kind letter of a scalar descr, with the item sizes NumPy accepts for it. Each constant's javadoc names the
 * letter.
 */
public enum TypeCode {
    /** {@code 'b'}: bool, one byte, any non-zero byte is true. */
    BOOL('b', "bool"),
    /** {@code 'i'}: two's complement signed integer. */
    INT('i', "int"),
    /** {@code 'u'}: unsigned integer. */
    UINT('u', "uint"),
    /** {@code 'f'}: IEEE binary16/32/64; 12 and 16 bytes are the platform's long double, kept as raw bytes. */
    FLOAT('f', "float"),
    /** {@code 'c'}: complex, real part then imaginary part, each a float of half the size. */
    COMPLEX('c', "complex"),
    /** {@code 'S'}: NUL-padded bytes of fixed length. */
    BYTES('S', "bytes"),
    /** {@code 'U'}: UCS-4 code units, NUL-padded; the item size is 4 bytes per character. */
    UNICODE('U', "str"),
    /** {@code 'V'}: raw bytes. */
    VOID('V', "void"),
    /** {@code 'M'}: datetime64, an int64 count of units since 1970-01-01T00:00; NaT is -2^63. */
    DATETIME('M', "datetime64"),
    /** {@code 'm'}: timedelta64, an int64 count of units; NaT is -2^63. */
    TIMEDELTA('m', "timedelta64"),
    /** {@code 'O'}: Python object references; the data is a pickle, which npy4j never loads. */
    OBJECT('O', "object");

    private final char letter;
    private final String numpyName;

    TypeCode(char letter, String numpyName) {
        this.letter = letter;
        this.numpyName = numpyName;
    }

    /** The descr letter. */
    public char letter() {
        return letter;
    }

    /** NumPy's type name stem ({@code float} in {@code float64}). */
    public String numpyName() {
        return numpyName;
    }

    /** Whether {@code size} (bytes) is a legal item size for this kind. */
    public boolean isValidSize(long size) {
        switch (this) {
            case BOOL:
                return size == 1;
            case INT:
            case UINT:
                return size == 1 || size == 2 || size == 4 || size == 8;
            case FLOAT:
                return size == 2 || size == 4 || size == 8 || size == 12 || size == 16;
            case COMPLEX:
                return size == 8 || size == 16 || size == 24 || size == 32;
            case DATETIME:
            case TIMEDELTA:
            case OBJECT:
                return size == 8;
            case UNICODE:
                return size >= 0 && size % 4 == 0 && size <= Integer.MAX_VALUE;
            default:
                return size >= 0 && size <= Integer.MAX_VALUE;
        }
    }

    /** Whether the byte order is meaningful for this kind at {@code size} bytes. */
    boolean hasByteOrder(long size) {
        switch (this) {
            case BOOL:
            case BYTES:
            case VOID:
            case OBJECT:
                return false;
            case UNICODE:
                return true; // NumPy keeps '<U0' and '>U0' apart
            default:
                return size > 1;
        }
    }

    static TypeCode byLetter(char c) {
        for (TypeCode t : values()) {
            if (t.letter == c) {
                return t;
            }
        }
        return null;
    }
}
