package io.npy4j;

import io.npy4j.mapping.WindowFactory;

/**
 * How {@link Npy#map} reaches a file's bytes, per call: the size of each mapped chunk, how many chunks stay mapped at
 * once, and whether to map at all. Memory and address space per array are at most {@code chunkSize * maxLiveChunks}
 * (copy-on-write arrays keep every chunk they wrote).
 *
 * <p>{@link #defaults()} takes {@code -Dnpy4j.mapping.chunkSize} and {@code -Dnpy4j.mapping.maxLiveChunks} when set,
 * else 128 MiB and 4: 512 MiB of address space per array, which works under {@code ulimit -v 2000000}.
 *
 * @param chunkSize bytes per chunk, a power of two (at most 2^30 on Java 17, 1 MiB for positional reads; larger
 *     values are lowered to that)
 * @param maxLiveChunks chunks kept mapped at once, at least 1; mapping one more unmaps the oldest
 * @param positional read and write with positional I/O into heap chunks instead of mapping (for file systems where
 *     mapping is slow or unsafe; copy-on-write is then unavailable)
 * @param readAhead read each chunk's pages in when it is mapped ({@code MappedByteBuffer.load}): one sequential
 *     read for scans of whole windows, instead of a fault per page; wasteful for sparse access
 */
public record MapOptions(long chunkSize, int maxLiveChunks, boolean positional, boolean readAhead) {

    /** Options without read-ahead. */
    public MapOptions(long chunkSize, int maxLiveChunks, boolean positional) {
        this(chunkSize, maxLiveChunks, positional, false);
    }

    public MapOptions {
        if (chunkSize <= 0 || Long.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("chunk size must be a power of two, not " + chunkSize);
        }
        if (maxLiveChunks < 1) {
            throw new IllegalArgumentException("at least one chunk must stay mapped, not " + maxLiveChunks);
        }
    }

    /** The defaults, from the system properties where set. */
    public static MapOptions defaults() {
        return new MapOptions(WindowFactory.defaultChunkSize(), WindowFactory.defaultMaxLiveChunks(), false);
    }

    public MapOptions withChunkSize(long bytes) {
        return new MapOptions(bytes, maxLiveChunks, positional, readAhead);
    }

    public MapOptions withMaxLiveChunks(int n) {
        return new MapOptions(chunkSize, n, positional, readAhead);
    }

    /** These options with positional reads and writes instead of mapping. */
    public MapOptions withPositional(boolean p) {
        return new MapOptions(chunkSize, maxLiveChunks, p, readAhead);
    }

    /** These options with read-ahead on or off. */
    public MapOptions withReadAhead(boolean r) {
        return new MapOptions(chunkSize, maxLiveChunks, positional, r);
    }
}
