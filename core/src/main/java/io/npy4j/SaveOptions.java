package io.npy4j;

import java.util.function.LongConsumer;

/**
 * How {@link Npy#save} writes: the data order, whether to write the header, a progress callback, and whether a save
 * to a path waits for the disk.
 *
 * @param order {@link Order#C} or {@link Order#F}; null keeps the array's own {@link NpyArray#order()}, as
 *     {@code np.save} does
 * @param dataOnly write the data bytes only, no header (a raw dump)
 * @param progress told the number of data bytes written so far, after each buffer (may be null)
 * @param bufferSize bytes moved per write: memory stays bounded by it whatever the array's size
 * @param durable for saves to a path: force the new file to disk before the rename (the default; SPEC §6.1). False
 *     keeps the save atomic for readers (the rename still replaces the file whole) but not across a crash or power
 *     loss, as {@code np.save}, which never forces
 */
public record SaveOptions(Order order, boolean dataOnly, LongConsumer progress, int bufferSize, boolean durable) {

    public SaveOptions {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("buffer size must be positive, not " + bufferSize);
        }
    }

    /** As the canonical constructor, durable. */
    public SaveOptions(Order order, boolean dataOnly, LongConsumer progress, int bufferSize) {
        this(order, dataOnly, progress, bufferSize, true);
    }

    /** The array's order, header and data, no progress, 1 MiB buffer, durable. */
    public static SaveOptions defaults() {
        return new SaveOptions(null, false, null, 1 << 20, true);
    }

    public SaveOptions withOrder(Order o) {
        return new SaveOptions(o, dataOnly, progress, bufferSize, durable);
    }

    public SaveOptions withDataOnly(boolean d) {
        return new SaveOptions(order, d, progress, bufferSize, durable);
    }

    public SaveOptions withProgress(LongConsumer p) {
        return new SaveOptions(order, dataOnly, p, bufferSize, durable);
    }

    public SaveOptions withBufferSize(int bytes) {
        return new SaveOptions(order, dataOnly, progress, bytes, durable);
    }

    /**
     * {@code false}: a save to a path skips the force to disk (still written to a temporary file and renamed: readers
     * see the old file or the new one, never a part). After a crash or power loss the target may then hold the old
     * file, the new one, or (file systems without ext4's replace-by-rename flush) an empty or partly written one.
     */
    public SaveOptions withDurable(boolean d) {
        return new SaveOptions(order, dataOnly, progress, bufferSize, d);
    }
}
