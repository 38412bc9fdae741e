package io.npy4j.mapping;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens {@link ByteWindow}s. This Java 17 version maps {@code MappedByteBuffer} chunks; the multi-release jar holds a
 * Java 22+ version of this class under {@code META-INF/versions/22} that maps one {@code MemorySegment} per window
 * (unless {@code -Dnpy4j.mapping.impl=buffer}).
 */
public final class WindowFactory {
    /** Default chunk size of the buffer implementation: 2^30 bytes (the largest power of two a buffer can hold). */
    public static final int DEFAULT_CHUNK_SHIFT = 30;
    /** Default cap on live chunks per window. */
    public static final int DEFAULT_MAX_LIVE_CHUNKS = 64;

    private WindowFactory() {
    }

    /** Which implementation this JVM uses: {@code "buffer"} (Java 17 chunks) or {@code "segment"} (Java 22+ FFM). */
    public static String implementation() {
        return "buffer";
    }

    /**
     * Maps {@code length} bytes of {@code file} from {@code fileOffset}, lazily.
     *
     * @param mode how to map; {@code READ_ONLY} opens the file read-only so a mapping can never extend it
     */
    public static ByteWindow open(Path file, long fileOffset, long length, FileChannel.MapMode mode)
            throws IOException {
        return openBuffered(file, fileOffset, length, mode, chunkShift(), maxLiveChunks());
    }

    /** The Java 17 implementation with explicit chunking (tests use chunks of a few bytes). */
    public static ByteWindow openBuffered(Path file, long fileOffset, long length, FileChannel.MapMode mode,
            int chunkShift, int maxLiveChunks) throws IOException {
        OpenOption[] options = mode == FileChannel.MapMode.READ_ONLY
                ? new OpenOption[] {StandardOpenOption.READ}
                // copy-on-write needs a read-write channel even though the file never changes
                : new OpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
        FileChannel ch = FileChannel.open(file, options);
        try {
            return new BufferWindow(file, ch, mode, fileOffset, length, chunkShift, maxLiveChunks);
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    static int chunkShift() {
        long size = Long.getLong("npy4j.mapping.chunkSize", 1L << DEFAULT_CHUNK_SHIFT);
        if (size <= 0 || Long.bitCount(size) != 1 || size > (1L << 30)) {
            throw new IllegalArgumentException("npy4j.mapping.chunkSize must be a power of two up to 2^30, not "
                    + size);
        }
        return Long.numberOfTrailingZeros(size);
    }

    static int maxLiveChunks() {
        return Integer.getInteger("npy4j.mapping.maxLiveChunks", DEFAULT_MAX_LIVE_CHUNKS);
    }
}
