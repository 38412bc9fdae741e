package io.npy4j.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;

/**
 * A planned read: row windows of about {@code partitionBytes} each, from the headers alone, restricted to the rows
 * the pushed {@code _row} filters and limit allow; statistics from the headers.
 */
final class NpyScan implements Scan, Batch, SupportsReportStatistics {
    private final NpyTable table;
    private final StructType readSchema;
    private final RowRange range;
    private final Filter[] pushed;
    private List<RowWindow> windows;

    NpyScan(NpyTable table, StructType readSchema, RowRange range, Filter[] pushed) {
        this.table = table;
        this.readSchema = readSchema;
        this.range = range;
        this.pushed = pushed;
    }

    @Override
    public StructType readSchema() {
        return readSchema;
    }

    @Override
    public String description() {
        List<SourceFile> s = table.sources();
        return "npy " + s.size() + (s.size() == 1 ? " array" : " arrays") + " (" + s.get(0).display()
                + (s.size() > 1 ? ", ..." : "") + "), " + windows().size() + " windows, rows [" + range.from() + ", "
                + (range.to() == Long.MAX_VALUE ? "end" : range.to()) + ")"
                + (pushed.length == 0 ? "" : ", pushed " + Arrays.toString(pushed));
    }

    @Override
    public Batch toBatch() {
        return this;
    }

    @Override
    public InputPartition[] planInputPartitions() {
        return windows().toArray(InputPartition[]::new);
    }

    synchronized List<RowWindow> windows() {
        if (windows == null) {
            windows = plan();
        }
        return windows;
    }

    private List<RowWindow> plan() {
        List<RowWindow> out = new ArrayList<>();
        long target = table.options().partitionBytes();
        for (SourceFile s : table.sources()) {
            var h = s.header();
            long rows = SourceFile.rows(h);
            long from = Math.max(0, range.from() - s.firstRow());
            long to = Math.min(rows, range.to() - s.firstRow()); // below from when the range ends before s
            long perWindow = Math.max(1, target / SourceFile.rowBytes(h));
            // windows on a fixed grid of the file, clipped to the range: a pruned read plans a subset of the windows
            for (long g = from - from % perWindow; g < to; g += perWindow) {
                long a = Math.max(g, from);
                long b = Math.min(to, g + perWindow);
                out.add(new RowWindow(s, a, b, hosts(s, h.dataOffset() + a * SourceFile.rowBytes(h),
                        (b - a) * SourceFile.rowBytes(h))));
            }
        }
        return out;
    }

    /** The hosts holding the window's first byte, when the file system knows (HDFS); local files have none. */
    private String[] hosts(SourceFile s, long offset, long length) {
        if (s.local()) {
            return new String[0];
        }
        try {
            Path p = new Path(s.uri());
            FileSystem fs = p.getFileSystem(table.hadoopConf());
            BlockLocation[] b = fs.getFileBlockLocations(fs.getFileStatus(p), offset, Math.max(1, length));
            return b.length == 0 ? new String[0] : b[0].getHosts();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
        boolean remote = table.sources().stream().anyMatch(s -> !s.local());
        Map<String, String> conf = remote ? table.hadoopConfEntries() : Map.of();
        return new NpyReaderFactory(readSchema, table.options().layout(), table.options().batchBytes(), conf);
    }

    @Override
    public Statistics estimateStatistics() {
        long rows = 0;
        long bytes = 0;
        for (RowWindow w : windows()) {
            rows += w.rows();
            bytes += w.rows() * SourceFile.rowBytes(w.source().header());
        }
        long r = rows;
        long b = bytes;
        return new Statistics() {
            @Override
            public OptionalLong sizeInBytes() {
                return OptionalLong.of(b);
            }

            @Override
            public OptionalLong numRows() {
                return OptionalLong.of(r);
            }
        };
    }
}
