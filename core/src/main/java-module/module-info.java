/**
 * npy4j: NumPy {@code .npy} files from Java. The entry point is {@link io.npy4j.Npy}; arrays are
 * {@link io.npy4j.NpyArray}. Only the API packages are exported: the array implementations, the header codec and the
 * chunked mapping ({@code io.npy4j.array}, {@code io.npy4j.format}, {@code io.npy4j.mapping}) are internal.
 */
module io.npy4j {
    // sun.misc.Unsafe.invokeCleaner unmaps buffers deterministically on Java 17-23 (looked up reflectively)
    requires jdk.unsupported;
    requires org.apache.commons.compress;
    requires com.fasterxml.jackson.core;

    exports io.npy4j;
    exports io.npy4j.dtype;
    exports io.npy4j.literal;
    exports io.npy4j.npz;
    exports io.npy4j.select;
    exports io.npy4j.virtual;
    exports io.npy4j.write;
}
