package io.npy4j;

import java.util.function.LongConsumer;

/**
 * How {@link Npy#save} writes: the data order, whether to write the header, and a progress callback.
 *
 * @param order {@link Order#C} or {@link Order#F}; null keeps the array's own {@link NpyArray#order()}, as
 *     {@code np.save} does
 * @param dataOnly write the data bytes only, no header (a raw dump)
 * @param progress told the number of data bytes written so far, after each buffer (may be null)
 * @param bufferSize bytes moved per write: memory stays bounded by it whatever the array's size
 */
public record SaveOptions(Order order, boolean dataOnly, LongConsumer progress, int bufferSize) {

    public SaveOptions {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("buffer size must be positive, not " + bufferSize);
        }
    }

    /** The array's order, header and data, no progress, 1 MiB buffer. */
    public static SaveOptions defaults() {
        return new SaveOptions(null, false, null, 1 << 20);
    }

    public SaveOptions withOrder(Order o) {
        return new SaveOptions(o, dataOnly, progress, bufferSize);
    }

    public SaveOptions withDataOnly(boolean d) {
        return new SaveOptions(order, d, progress, bufferSize);
    }

    public SaveOptions withProgress(LongConsumer p) {
        return new SaveOptions(order, dataOnly, p, bufferSize);
    }

    public SaveOptions withBufferSize(int bytes) {
        return new SaveOptions(order, dataOnly, progress, bytes);
    }
}
