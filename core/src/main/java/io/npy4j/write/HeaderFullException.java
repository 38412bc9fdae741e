package io.npy4j.write;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The header of a file has no room left for its growth axis to take more digits, so rows cannot be appended without
 * moving the data. Files written by NumPy >= 1.23 (and by npy4j) leave room for 21 digits; older ones often do not.
 * Nothing was written. {@link AppendingWriter.Growth#REWRITE} allows rewriting the file with a larger header.
 */
public final class HeaderFullException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final long headerLength;
    private final long rows;

    public HeaderFullException(Path file, long headerLength, long rows) {
        super(file + ": the header (HEADER_LEN " + headerLength + ") has no room for a shape of " + rows
                + " rows; the file must be rewritten to grow (AppendingWriter.Growth.REWRITE, or re-save it with"
                + " NumPy >= 1.23 or npy4j)");
        this.file = file;
        this.headerLength = headerLength;
        this.rows = rows;
    }

    public Path file() {
        return file;
    }

    public long headerLength() {
        return headerLength;
    }

    /** The row count that did not fit. */
    public long rows() {
        return rows;
    }
}
