package io.npy4j.spark;

import java.io.IOException;

/** A file changed (size or modification time) between planning a query and reading one of its partitions. */
public final class SourceChangedException extends IOException {
    private static final long serialVersionUID = 1L;

    public SourceChangedException(String message) {
        super(message);
    }
}
