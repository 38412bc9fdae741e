package io.npy4j.spark;

import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.connector.expressions.Expressions;
import org.apache.spark.sql.connector.expressions.SortDirection;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;

/**
 * {@code df.write.format("npy")}: {@code mode=window} (one {@code .npy}, {@link WindowWrite}) or {@code mode=shards}
 * (one {@code .npy} per partition plus a manifest, {@link ShardsWrite}). Spark's {@code overwrite} save mode replaces
 * the target atomically at commit; {@code append} writes only a target that does not exist yet.
 */
final class NpyWriteBuilder implements WriteBuilder, SupportsTruncate {
    private final LogicalWriteInfo info;
    private final NpyOptions options;
    private boolean overwrite;

    NpyWriteBuilder(LogicalWriteInfo info, NpyOptions options) {
        this.info = info;
        this.options = options;
    }

    @Override
    public WriteBuilder truncate() {
        overwrite = true;
        return this;
    }

    @Override
    public Write build() {
        if (options.paths().size() != 1) {
            throw new IllegalArgumentException("npy: a write takes one path, not " + options.paths());
        }
        Path target = Sources.localPath(new org.apache.hadoop.fs.Path(options.paths().get(0)),
                "a write target");
        long[] shape = options.shape();
        if (options.writeMode().equals("shards")) {
            long[] trailing = shape == null ? new long[0] : Arrays.copyOfRange(shape, 1, shape.length);
            return new ShardsWrite(target, RowEncoder.of(info.schema(), trailing), shape == null ? -1 : shape[0],
                    overwrite);
        }
        if (shape == null) {
            throw new IllegalArgumentException("npy: a window write needs option shape (the row count first, e.g."
                    + " '1000' or '1000,3'), and a LONG column _row numbering the rows 0..rows-1");
        }
        RowEncoder enc = RowEncoder.of(info.schema(), Arrays.copyOfRange(shape, 1, shape.length));
        if (!enc.hasRowColumn()) {
            throw new IllegalArgumentException("npy: a window write needs a LONG column _row numbering the rows"
                    + " 0.." + (shape[0] - 1) + " (row_number() - 1 or zipWithIndex; monotonically_increasing_id()"
                    + " is not dense)");
        }
        return new WindowWrite(target, enc, shape, overwrite);
    }

    /** {@code ORDER BY _row}: keeps each task's rows in runs. */
    static SortOrder[] byRow() {
        return new SortOrder[] {Expressions.sort(Expressions.column(NpyTable.ROW), SortDirection.ASCENDING)};
    }
}
