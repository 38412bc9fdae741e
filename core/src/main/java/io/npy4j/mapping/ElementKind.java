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
        void transferSmall(ByteBuffer ordered, int at, Object array, int off, int count, boolean write) {
            byte[] a = (byte[]) array;
            for (int i = 0; i < count; i++) {
                if (write) {
                    ordered.put(at + i * 1, a[off + i]);
                } else {
                    a[off + i] = ordered.get(at + i * 1);
                }
            }
        }

        @Override
        void readRuns(ByteBuffer ordered, int at, int stride, int runs, int perRun, Object array, int off) {
            byte[] a = (byte[]) array;
            if (perRun == 1) {
                for (int r = 0, p = at; r < runs; r++, p += stride) {
                    a[off + r] = ordered.get(p);
                }
                return;
            }
            for (int r = 0, p = at, o = off; r < runs; r++, p += stride) {
                for (int v = 0; v < perRun; v++) {
                    a[o++] = ordered.get(p + v * 1);
                }
            }
        }

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
        void transferSmall(ByteBuffer ordered, int at, Object array, int off, int count, boolean write) {
            short[] a = (short[]) array;
            for (int i = 0; i < count; i++) {
                if (write) {
                    ordered.putShort(at + i * 2, a[off + i]);
                } else {
                    a[off + i] = ordered.getShort(at + i * 2);
                }
            }
        }

        @Override
        void readRuns(ByteBuffer ordered, int at, int stride, int runs, int perRun, Object array, int off) {
            short[] a = (short[]) array;
            if (perRun == 1) {
                for (int r = 0, p = at; r < runs; r++, p += stride) {
                    a[off + r] = ordered.getShort(p);
                }
                return;
            }
            for (int r = 0, p = at, o = off; r < runs; r++, p += stride) {
                for (int v = 0; v < perRun; v++) {
                    a[o++] = ordered.getShort(p + v * 2);
                }
            }
        }

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
        void transferSmall(ByteBuffer ordered, int at, Object array, int off, int count, boolean write) {
            int[] a = (int[]) array;
            for (int i = 0; i < count; i++) {
                if (write) {
                    ordered.putInt(at + i * 4, a[off + i]);
                } else {
                    a[off + i] = ordered.getInt(at + i * 4);
                }
            }
        }

        @Override
        void readRuns(ByteBuffer ordered, int at, int stride, int runs, int perRun, Object array, int off) {
            int[] a = (int[]) array;
            if (perRun == 1) {
                for (int r = 0, p = at; r < runs; r++, p += stride) {
                    a[off + r] = ordered.getInt(p);
                }
                return;
            }
            for (int r = 0, p = at, o = off; r < runs; r++, p += stride) {
                for (int v = 0; v < perRun; v++) {
                    a[o++] = ordered.getInt(p + v * 4);
                }
            }
        }

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
        void transferSmall(ByteBuffer ordered, int at, Object array, int off, int count, boolean write) {
            long[] a = (long[]) array;
            for (int i = 0; i < count; i++) {
                if (write) {
                    ordered.putLong(at + i * 8, a[off + i]);
                } else {
                    a[off + i] = ordered.getLong(at + i * 8);
                }
            }
        }

        @Override
        void readRuns(ByteBuffer ordered, int at, int stride, int runs, int perRun, Object array, int off) {
            long[] a = (long[]) array;
            if (perRun == 1) {
                for (int r = 0, p = at; r < runs; r++, p += stride) {
                    a[off + r] = ordered.getLong(p);
                }
                return;
            }
            for (int r = 0, p = at, o = off; r < runs; r++, p += stride) {
                for (int v = 0; v < perRun; v++) {
                    a[o++] = ordered.getLong(p + v * 8);
                }
            }
        }

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
        void transferSmall(ByteBuffer ordered, int at, Object array, int off, int count, boolean write) {
            float[] a = (float[]) array;
            for (int i = 0; i < count; i++) {
                if (write) {
                    ordered.putFloat(at + i * 4, a[off + i]);
                } else {
                    a[off + i] = ordered.getFloat(at + i * 4);
                }
            }
        }

        @Override
        void readRuns(ByteBuffer ordered, int at, int stride, int runs, int perRun, Object array, int off) {
            float[] a = (float[]) array;
            if (perRun == 1) {
                for (int r = 0, p = at; r < runs; r++, p += stride) {
                    a[off + r] = ordered.getFloat(p);
                }
                return;
            }
            for (int r = 0, p = at, o = off; r < runs; r++, p += stride) {
                for (int v = 0; v < perRun; v++) {
                    a[o++] = ordered.getFloat(p + v * 4);
                }
            }
        }

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
        void transferSmall(ByteBuffer ordered, int at, Object array, int off, int count, boolean write) {
            double[] a = (double[]) array;
            for (int i = 0; i < count; i++) {
                if (write) {
                    ordered.putDouble(at + i * 8, a[off + i]);
                } else {
                    a[off + i] = ordered.getDouble(at + i * 8);
                }
            }
        }

        @Override
        void readRuns(ByteBuffer ordered, int at, int stride, int runs, int perRun, Object array, int off) {
            double[] a = (double[]) array;
            if (perRun == 1) {
                for (int r = 0, p = at; r < runs; r++, p += stride) {
                    a[off + r] = ordered.getDouble(p);
                }
                return;
            }
            for (int r = 0, p = at, o = off; r < runs; r++, p += stride) {
                for (int v = 0; v < perRun; v++) {
                    a[o++] = ordered.getDouble(p + v * 8);
                }
            }
        }

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

    /** Element by element with absolute access on an ordered buffer: for a few elements, cheaper than views. */
    abstract void transferSmall(ByteBuffer ordered, int at, Object array, int off, int count, boolean write);

    /**
     * Loads {@code runs} runs of {@code perRun} elements, {@code stride} bytes apart from byte {@code at}, with
     * absolute access on an ordered buffer: one tight loop per kind, so that the loads of many runs are in flight at
     * once (a column of a wide array is bound by memory latency, one cache line per row).
     */
    abstract void readRuns(ByteBuffer ordered, int at, int stride, int runs, int perRun, Object array, int off);

    /** Convenience for a piece of a heap buffer: used for the element that straddles two chunks. */
    void transferOne(byte[] bytes, ByteOrder order, Object array, int off, boolean write) {
        transfer(ByteBuffer.wrap(bytes).order(order), array, off, 1, write);
    }
}
