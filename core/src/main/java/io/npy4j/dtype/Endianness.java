package io.npy4j.dtype;

import java.nio.ByteOrder;

/** The byte-order character of a descr. NumPy never writes {@code '='}: native order is spelled out. */
public enum Endianness {
    /** {@code '<'}. */
    LITTLE('<'),
    /** {@code '>'}. */
    BIG('>'),
    /** {@code '|'}: byte-sized or order-less types (bool, int8, bytes, void, object). */
    NOT_APPLICABLE('|');

    private final char symbol;

    Endianness(char symbol) {
        this.symbol = symbol;
    }

    /** The descr character. */
    public char symbol() {
        return symbol;
    }

    /** The JDK byte order to decode with; {@code NOT_APPLICABLE} decodes as little-endian (single bytes). */
    public ByteOrder byteOrder() {
        return this == BIG ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    }

    /** This platform's order, which NumPy substitutes for {@code '='} and for {@code '|'} on multi-byte types. */
    public static Endianness nativeOrder() {
        return ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN ? BIG : LITTLE;
    }
}
