package io.npy4j.mapping;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The Java primitive a bulk copy moves, with its width and the bulk view transfer for one contiguous piece of a
 * buffer. One virtual call per piece (a chunk's worth of elements), never per element.
 */
public enum ElementKind {
    BYTE(1) {
        @Override
        void transfer(ByteBuffer piece, Object array, int off, int count, boolean write) {
            if (write) {
                piece.put(0, (byte[]) array, off, count);
            } else {
                piece.get(0, (byte[]) array, off, count);
            }
        }
    },
    SHORT(2) {
        @Override
        void transfer(ByteBuffer piece, Object array, int off, int count, boolean write) {
            if (write) {
                piece.asShortBuffer().put(0, (short[]) array, off, count);
            } else {
                piece.asShortBuffer().get(0, (short[]) array, off, count);
            }
        }
    },
    INT(4) {
        @Override
        void transfer(ByteBuffer piece, Object array, int off, int count, boolean write) {
            if (write) {
                piece.asIntBuffer().put(0, (int[]) array, off, count);
            } else {
                piece.asIntBuffer().get(0, (int[]) array, off, count);
            }
        }
    },
    LONG(8) {
        @Override
        void transfer(ByteBuffer piece, Object array, int off, int count, boolean write) {
            if (write) {
                piece.asLongBuffer().put(0, (long[]) array, off, count);
            } else {
                piece.asLongBuffer().get(0, (long[]) array, off, count);
            }
        }
    },
    FLOAT(4) {
        @Override
        void transfer(ByteBuffer piece, Object array, int off, int count, boolean write) {
            if (write) {
                piece.asFloatBuffer().put(0, (float[]) array, off, count);
            } else {
                piece.asFloatBuffer().get(0, (float[]) array, off, count);
            }
        }
    },
    DOUBLE(8) {
        @Override
        void transfer(ByteBuffer piece, Object array, int off, int count, boolean write) {
            if (write) {
                piece.asDoubleBuffer().put(0, (double[]) array, off, count);
            } else {
                piece.asDoubleBuffer().get(0, (double[]) array, off, count);
            }
        }
    };

    private final int width;

    ElementKind(int width) {
        this.width = width;
    }

    /** Bytes per element. */
    public int width() {
        return width;
    }

    /**
     * Moves {@code count} elements between {@code piece} (positioned at 0, ordered) and {@code array[off..]}.
     */
    abstract void transfer(ByteBuffer piece, Object array, int off, int count, boolean write);

    /** Convenience for a piece of a heap buffer: used for the element that straddles two chunks. */
    void transferOne(byte[] bytes, ByteOrder order, Object array, int off, boolean write) {
        transfer(ByteBuffer.wrap(bytes).order(order), array, off, 1, write);
    }
}
