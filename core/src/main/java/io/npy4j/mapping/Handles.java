package io.npy4j.mapping;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte-array views for decoding values out of copied records; static final so the JIT inlines them. */
final class Handles {
    static final VarHandle SHORT_LE = view(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle SHORT_BE = view(short[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle INT_LE = view(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT_BE = view(int[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle LONG_LE = view(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG_BE = view(long[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle FLOAT_LE = view(float[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle FLOAT_BE = view(float[].class, ByteOrder.BIG_ENDIAN);
    static final VarHandle DOUBLE_LE = view(double[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle DOUBLE_BE = view(double[].class, ByteOrder.BIG_ENDIAN);

    private Handles() {
    }

    private static VarHandle view(Class<?> arrayType, ByteOrder order) {
        return MethodHandles.byteArrayViewVarHandle(arrayType, order);
    }
}
