package io.npy4j.virtual;

import java.util.Arrays;
import java.util.Objects;

/**
 * One block of a virtual array: its {@code origin} and {@code shape} in the virtual index space, its source, and an
 * optional staleness guard checked when the block is first opened.
 *
 * @param guard the source file's size and modification time when the manifest was made, or null
 */
public record Block(long[] origin, long[] shape, BlockSource source, Block.FileGuard guard) {

    public Block {
        Objects.requireNonNull(source, "source");
        origin = origin.clone();
        shape = shape.clone();
        if (origin.length != shape.length) {
            throw new IllegalArgumentException("origin " + Arrays.toString(origin) + " and shape "
                    + Arrays.toString(shape) + " differ in rank");
        }
    }

    public Block(long[] origin, long[] shape, BlockSource source) {
        this(origin, shape, source, null);
    }

    @Override
    public long[] origin() {
        return origin.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * What a file was when the manifest was written: a block whose file has another size or modification time is a
     * {@code STALE_SOURCE} error when opened, not silently different data.
     */
    public record FileGuard(long size, long modifiedMillis) {
    }

    @Override
    public String toString() {
        return "Block[origin=" + Arrays.toString(origin) + ", shape=" + Arrays.toString(shape) + ", " + source + "]";
    }
}
