package io.npy4j.spark;

import org.apache.spark.sql.connector.read.InputPartition;

/**
 * One input partition: rows {@code [start, end)} of one source (counted within it; {@code _row} adds the source's
 * first global row), planned from the header alone.
 *
 * @param hosts where the file system keeps these bytes (empty for local files)
 */
record RowWindow(SourceFile source, long start, long end, String[] hosts) implements InputPartition {
    RowWindow {
        hosts = hosts.clone();
    }

    @Override
    public String[] preferredLocations() {
        return hosts.clone();
    }

    long rows() {
        return end - start;
    }
}
