package io.npy4j.mapping;

import java.io.IOException;
import java.nio.file.Path;

/** Rewrites a bare "Map failed" into advice, as Lucene's {@code convertMapFailedIOException} does. */
final class MapFailures {
    private MapFailures() {
    }

    static IOException explain(Path file, long offset, long len, int chunkShift, IOException e) {
        String msg = e.getMessage() == null ? "" : e.getMessage();
        if (!msg.contains("Map failed") && !(e.getCause() instanceof OutOfMemoryError)) {
            return e;
        }
        IOException x = new IOException("cannot map " + len + " bytes of " + file + " at offset " + offset
                + ": the process is out of address space or mappings. Check 'ulimit -v' (virtual memory),"
                + " 'sysctl vm.max_map_count' (mappings per process), close windows you no longer use, or lower"
                + " -Dnpy4j.mapping.chunkSize (now " + (1L << chunkShift) + ") / -Dnpy4j.mapping.maxLiveChunks");
        x.initCause(e.getCause() != null ? e.getCause() : e);
        return x;
    }
}
