package io.npy4j.mapping;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A chunk as one {@link MemorySegment} in its own shared {@link Arena} (Java 22+): any size, and closing the arena
 * turns a late access into {@link IllegalStateException} instead of a crash. Unaligned layouts throughout: npz
 * members and struct fields sit at any offset.
 */
final class SegmentChunk extends Chunk {
    private final Arena arena;
    private final MemorySegment segment;

    private SegmentChunk(int index, Arena arena, MemorySegment segment) {
        super(index);
        this.arena = arena;
        this.segment = segment;
    }

    /** Found by {@link WindowFactory} by name: the base code never links this class. */
    static ChunkedWindow.Mapper mapper() {
        return SegmentChunk::map;
    }

    static Chunk map(FileChannel ch, FileChannel.MapMode mode, long offset, long len, int index) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            return new SegmentChunk(index, arena, ch.map(mode, offset, len, arena));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    @Override
    long capacity() {
        return segment.byteSize();
    }

    @Override
    void transfer(long at, ElementKind kind, ByteOrder order, Object array, int off, int count, boolean write) {
        ValueLayout layout = switch (kind) {
            case BYTE -> ValueLayout.JAVA_BYTE;
            case SHORT -> ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
            case INT -> ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
            case LONG -> ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
            case FLOAT -> ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order);
            case DOUBLE -> ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order);
        };
        if (write) {
            MemorySegment.copy(array, off, segment, layout, at, count);
        } else {
            MemorySegment.copy(segment, layout, at, array, off, count);
        }
    }

    @Override
    java.nio.ByteBuffer lend(long at, int len) {
        // tied to the arena: a late access after unmapping throws IllegalStateException, it cannot crash
        return segment.asSlice(at, len).asByteBuffer().asReadOnlyBuffer();
    }

    @Override
    void loadRuns(long at, long stride, int runs, int perRun, ElementKind kind, ByteOrder order, Object array,
            int off) {
        int o = off;
        switch (kind) {
            case BYTE -> {
                byte[] a = (byte[]) array;
                ValueLayout.OfByte l = ValueLayout.JAVA_BYTE;
                for (long r = 0, p = at; r < runs; r++, p += stride) {
                    for (int v = 0; v < perRun; v++) {
                        a[o++] = segment.get(l, p + (long) v * 1);
                    }
                }
            }
            case SHORT -> {
                short[] a = (short[]) array;
                ValueLayout.OfShort l = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
                for (long r = 0, p = at; r < runs; r++, p += stride) {
                    for (int v = 0; v < perRun; v++) {
                        a[o++] = segment.get(l, p + (long) v * 2);
                    }
                }
            }
            case INT -> {
                int[] a = (int[]) array;
                ValueLayout.OfInt l = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
                for (long r = 0, p = at; r < runs; r++, p += stride) {
                    for (int v = 0; v < perRun; v++) {
                        a[o++] = segment.get(l, p + (long) v * 4);
                    }
                }
            }
            case LONG -> {
                long[] a = (long[]) array;
                ValueLayout.OfLong l = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order);
                for (long r = 0, p = at; r < runs; r++, p += stride) {
                    for (int v = 0; v < perRun; v++) {
                        a[o++] = segment.get(l, p + (long) v * 8);
                    }
                }
            }
            case FLOAT -> {
                float[] a = (float[]) array;
                ValueLayout.OfFloat l = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(order);
                for (long r = 0, p = at; r < runs; r++, p += stride) {
                    for (int v = 0; v < perRun; v++) {
                        a[o++] = segment.get(l, p + (long) v * 4);
                    }
                }
            }
            case DOUBLE -> {
                double[] a = (double[]) array;
                ValueLayout.OfDouble l = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(order);
                for (long r = 0, p = at; r < runs; r++, p += stride) {
                    for (int v = 0; v < perRun; v++) {
                        a[o++] = segment.get(l, p + (long) v * 8);
                    }
                }
            }
        }
    }

    @Override
    void load() {
        segment.load();
    }

    @Override
    void force() {
        segment.force();
    }

    @Override
    void unmap() {
        arena.close();
    }
}
