package io.npy4j.npz;

/**
 * One member of an {@code .npz} archive as its central directory lists it.
 *
 * @param name the array's name: the zip name without its {@code .npy} suffix, as {@code np.load(...).files} lists it
 * @param zipName the name stored in the archive ({@code "a.npy"})
 * @param compressed true for deflated members ({@code np.savez_compressed}), false for stored ({@code np.savez})
 * @param compressedSize bytes the member occupies in the archive
 * @param size bytes of the member's {@code .npy} content
 * @param crc32 the CRC-32 of the content, as the archive records it
 */
public record NpzEntry(String name, String zipName, boolean compressed, long compressedSize, long size, long crc32) {

    /** {@code "stored"} or {@code "deflated"}. */
    public String compression() {
        return compressed ? "deflated" : "stored";
    }
}
