package io.npy4j.select;

/**
 * {@code count} consecutive elements starting at {@code offset}. Resolved against an array it
 * counts in storage order; applied with {@link Region#then(Selection)} it counts in C order of the
 * region's result. The result is 1-D with shape {@code (count,)}.
 *
 * @param offset first element, must be {@code >= 0} (checked on resolve)
 * @param count  number of elements, {@code >= 0}
 */
public record ElementRange(long offset, long count) implements Selection {

    public ElementRange {
        if (count < 0) {
            throw new IllegalArgumentException("element count " + count + " is negative");
        }
    }

    /**
     * @throws IndexOutOfBoundsException unless {@code 0 <= offset} and
     *                                   {@code offset + count <= } number of elements
     */
    @Override
    public Region resolve(long[] shape, boolean fortranOrder) {
        Region whole = Region.whole(shape, fortranOrder);
        if (offset < 0 || count > whole.size() - offset) {
            throw new IndexOutOfBoundsException("element range offset " + offset + ", count " + count
                    + " is out of bounds for an array of " + whole.size() + " elements");
        }
        // Storage order is contiguous whatever the array's order: one axis of stride 1.
        return new Region(offset, new long[] {count}, new long[] {1});
    }

    Region applyTo(Region source) {
        return source.flatRange(offset, count);
    }
}
