package io.npy4j.mapping;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens {@link ByteWindow}s, choosing the mapping implementation once per JVM.
 *
 * <p>The Java 17 base maps {@code MappedByteBuffer} chunks of at most 2^30 bytes. On Java 22+ the multi-release jar
 * adds {@code SegmentChunk} under {@code META-INF/versions/22}: {@code MemorySegment} chunks of any size (16 GiB by
 * default) whose shared arenas make unmapping safe by construction. It is found by name, so the base never links it;
 * from a classes directory, a shaded jar without {@code Multi-Release: true}, or with
 * {@code -Dnpy4j.mapping.impl=buffer}, the base is used.
 */
public final class WindowFactory {
    /**
     * Cap on live chunks per window, unless {@code -Dnpy4j.mapping.maxLiveChunks} says otherwise. With the default
     * chunk size a window holds at most 512 MiB of address space, so the defaults work under {@code ulimit -v 2000000}.
     */
    public static final int DEFAULT_MAX_LIVE_CHUNKS = 4;
    /** Default chunk size, unless {@code -Dnpy4j.mapping.chunkSize} says otherwise: 128 MiB for both implementations. */
    public static final long DEFAULT_CHUNK_SIZE = 1L << 27;
    private static final ChunkedWindow.Mapper SEGMENTS = findSegments();

    private WindowFactory() {
    }

    /** The implementation this JVM uses: {@code "segment"} (Java 22+ FFM) or {@code "buffer"} (Java 17). */
    public static String implementation() {
        return SEGMENTS != null ? "segment" : "buffer";
    }

    /**
     * Maps {@code length} bytes of {@code file} from {@code fileOffset}, lazily, in chunks of
     * {@code -Dnpy4j.mapping.chunkSize} bytes (a power of two; default 2^30 for buffers, 2^34 for segments).
     *
     * @param mode how to map; {@code READ_ONLY} opens the file read-only so a mapping can never extend it
     */
    public static ByteWindow open(Path file, long fileOffset, long length, FileChannel.MapMode mode)
            throws IOException {
        return open(file, fileOffset, length, mode, defaultChunkSize(), defaultMaxLiveChunks(), false);
    }

    /**
     * Maps (or, with {@code positional}, reads with positional reads into heap chunks) {@code length} bytes of
     * {@code file} from {@code fileOffset}, in chunks of {@code chunkSize} bytes (a power of two), at most
     * {@code maxLiveChunks} of them live at once.
     */
    public static ByteWindow open(Path file, long fileOffset, long length, FileChannel.MapMode mode, long chunkSize,
            int maxLiveChunks, boolean positional) throws IOException {
        return open(file, fileOffset, length, mode, chunkSize, maxLiveChunks, positional, false);
    }

    /** As above; {@code readAhead} reads each chunk's pages in when it is mapped ({@code MappedByteBuffer.load}). */
    public static ByteWindow open(Path file, long fileOffset, long length, FileChannel.MapMode mode, long chunkSize,
            int maxLiveChunks, boolean positional, boolean readAhead) throws IOException {
        int maxShift = positional ? ReadChunk.MAX_SHIFT : SEGMENTS != null ? 62 : BufferChunk.MAX_SHIFT;
        if (chunkSize <= 0 || Long.bitCount(chunkSize) != 1) {
            throw new IllegalArgumentException("chunk size must be a power of two, not " + chunkSize);
        }
        int shift = Math.min(Long.numberOfTrailingZeros(chunkSize), maxShift);
        if (maxLiveChunks < 1) {
            throw new IllegalArgumentException("at least one chunk must stay mapped, not " + maxLiveChunks);
        }
        ChunkedWindow.Mapper mapper = positional ? ReadChunk::read : SEGMENTS != null ? SEGMENTS : BufferChunk::map;
        ByteWindow w = open(file, fileOffset, length, mode, mapper, shift, maxLiveChunks);
        if (readAhead && w instanceof ChunkedWindow c) {
            c.readAhead(true);
        }
        return w;
    }

    /** A window over {@code bytes[offset, offset+length)} on the heap; the array is shared, not copied. */
    public static ByteWindow heap(byte[] bytes, int offset, int length, boolean writable) {
        return new HeapWindow(bytes, offset, length, writable);
    }

    /** The chunk size from {@code -Dnpy4j.mapping.chunkSize}, else {@link #DEFAULT_CHUNK_SIZE}. */
    public static long defaultChunkSize() {
        long size = Long.getLong("npy4j.mapping.chunkSize", DEFAULT_CHUNK_SIZE);
        int maxShift = SEGMENTS != null ? 62 : BufferChunk.MAX_SHIFT;
        if (size <= 0 || Long.bitCount(size) != 1 || size > (1L << maxShift)) {
            throw new IllegalArgumentException("npy4j.mapping.chunkSize must be a power of two up to 2^" + maxShift
                    + " for the " + implementation() + " implementation, not " + size);
        }
        return size;
    }

    /** The live-chunk cap from {@code -Dnpy4j.mapping.maxLiveChunks}, else {@link #DEFAULT_MAX_LIVE_CHUNKS}. */
    public static int defaultMaxLiveChunks() {
        return Integer.getInteger("npy4j.mapping.maxLiveChunks", DEFAULT_MAX_LIVE_CHUNKS);
    }

    /** The Java 17 implementation with explicit chunking (tests use chunks of a few bytes). */
    public static ByteWindow openBuffered(Path file, long fileOffset, long length, FileChannel.MapMode mode,
            int chunkShift, int maxLiveChunks) throws IOException {
        if (chunkShift > BufferChunk.MAX_SHIFT) {
            throw new IllegalArgumentException("a buffer chunk holds at most 2^30 bytes, not 2^" + chunkShift);
        }
        return open(file, fileOffset, length, mode, BufferChunk::map, chunkShift, maxLiveChunks);
    }

    /** Positional reads into heap chunks, as used where the file system cannot map (tests force it). */
    static ByteWindow openPositional(Path file, long fileOffset, long length, FileChannel.MapMode mode,
            int chunkShift, int maxLiveChunks) throws IOException {
        return open(file, fileOffset, length, mode, ReadChunk::read, chunkShift, maxLiveChunks);
    }

    private static ByteWindow open(Path file, long fileOffset, long length, FileChannel.MapMode mode,
            ChunkedWindow.Mapper mapper, int chunkShift, int maxLiveChunks) throws IOException {
        FileChannel ch = openChannel(file, mode);
        try {
            if (!canMap(ch)) { // degrade, don't fail: positional reads into bounded heap chunks
                return new ChunkedWindow(file, ReadChunk::read, ch, mode, fileOffset, length,
                        Math.min(chunkShift, ReadChunk.MAX_SHIFT), maxLiveChunks);
            }
            return new ChunkedWindow(file, mapper, ch, mode, fileOffset, length, chunkShift, maxLiveChunks);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * A channel for mapping in {@code mode}: read-only for readers, so a mapping can never extend the file;
     * read-write otherwise (copy-on-write needs it even though the file never changes).
     */
    static FileChannel openChannel(Path file, FileChannel.MapMode mode) throws IOException {
        return mode == FileChannel.MapMode.READ_ONLY
                ? FileChannel.open(file, StandardOpenOption.READ)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Whether the channel's file system can map at all (a zip file system's channel cannot). */
    private static boolean canMap(FileChannel ch) throws IOException {
        try {
            ch.map(FileChannel.MapMode.READ_ONLY, 0, 0);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    private static ChunkedWindow.Mapper findSegments() {
        if (Runtime.version().feature() < 22 || "buffer".equals(System.getProperty("npy4j.mapping.impl"))) {
            return null;
        }
        try {
            Class<?> c = Class.forName("io.npy4j.mapping.SegmentChunk");
            return (ChunkedWindow.Mapper) MethodHandles.lookup()
                    .findStatic(c, "mapper", MethodType.methodType(ChunkedWindow.Mapper.class)).invoke();
        } catch (ClassNotFoundException e) {
            return null; // no overlay on the class path (classes directory, or a jar without Multi-Release)
        } catch (Throwable t) {
            throw new ExceptionInInitializerError(t);
        }
    }
}
