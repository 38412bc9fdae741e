package io.npy4j;

import java.nio.ByteBuffer;

/**
 * Receives an array's data in place, one piece at a time ({@link NpyArray#forEachChunk}).
 *
 * <pre>{@code
 * double[] sum = {0};
 * array.forEachChunk((first, data) -> {
 *     DoubleBuffer d = data.asDoubleBuffer(); // already in the dtype's byte order
 *     for (int i = 0; i < d.limit(); i++) {
 *         sum[0] += d.get(i);
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface ChunkVisitor {
    /**
     * One piece: {@code data} holds elements {@code [first, first + data.remaining() / itemSize)} of the array in
     * flat C order, from position 0, read-only, in the dtype's byte order (little-endian for structured dtypes).
     * The buffer is valid during this call only: it may be the file's mapped memory, unmapped afterwards.
     */
    void visit(long first, ByteBuffer data);
}
