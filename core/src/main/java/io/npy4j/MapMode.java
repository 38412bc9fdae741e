package io.npy4j;

import java.nio.channels.FileChannel;

/** How {@link Npy#map} maps a file, as NumPy's {@code np.memmap} modes. */
public enum MapMode {
    /** {@code 'r'}: read-only; the file is opened read-only, so a mapping can never change or extend it. */
    READ_ONLY("r", FileChannel.MapMode.READ_ONLY),
    /** {@code 'r+'}: writes reach the file (shared with other processes on the host); {@code force()} flushes. */
    READ_WRITE("r+", FileChannel.MapMode.READ_WRITE),
    /** {@code 'c'}: copy-on-write; writes stay in this process and never reach the file. */
    COPY_ON_WRITE("c", FileChannel.MapMode.PRIVATE),
    /**
     * {@code 'w+'}: create or overwrite the file with the given header, size it to hold the data (sparse where the
     * file system allows, so it reads as zeros), then map read-write.
     */
    CREATE("w+", FileChannel.MapMode.READ_WRITE);

    private final String numpyMode;
    private final FileChannel.MapMode channelMode;

    MapMode(String numpyMode, FileChannel.MapMode channelMode) {
        this.numpyMode = numpyMode;
        this.channelMode = channelMode;
    }

    /** NumPy's mode string. */
    public String numpyMode() {
        return numpyMode;
    }

    FileChannel.MapMode channelMode() {
        return channelMode;
    }
}
