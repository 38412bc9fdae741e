package io.npy4j.spark;

import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * Reads one {@link RowWindow} as columnar batches: each batch refills the vectors of the requested columns with one
 * bulk copy per leaf, and positions {@code _row}.
 */
final class WindowReader implements PartitionReader<ColumnarBatch> {
    private final RowWindow window;
    private final RowSource source;
    private final Columns.Column[] columns; // null where the read column is _row or _file
    private final NpyVector[] vectors;
    private final Vectors.RowIndex rowIndex;
    private final ColumnarBatch batch;
    private final int batchRows;
    private NpyArray viewsOf;
    private final NpyArray[] views;
    private long position;

    WindowReader(RowWindow window, StructType readSchema, Columns.Layout layout, long batchBytes,
            Map<String, String> hadoopConf) throws IOException {
        this.window = window;
        NpyHeader h = window.source().header();
        List<Columns.Column> all = Columns.of(h.dtype(), SourceFile.trailing(h), layout, window.source().display());
        long rowBytes = SourceFile.rowBytes(h);
        long elementsPerRow = Math.max(1, rowBytes / Math.max(1, h.itemSize()));
        long rows = Math.max(1, Math.min(window.rows(), batchBytes / rowBytes));
        this.batchRows = (int) Math.min(rows, Math.max(1, (Integer.MAX_VALUE - 16) / elementsPerRow));
        StructField[] fields = readSchema.fields();
        this.columns = new Columns.Column[fields.length];
        this.vectors = new NpyVector[fields.length];
        this.views = new NpyArray[fields.length];
        Vectors.RowIndex ri = null;
        for (int i = 0; i < fields.length; i++) {
            String name = fields[i].name();
            if (name.equals(NpyTable.ROW)) {
                ri = new Vectors.RowIndex();
                vectors[i] = ri;
            } else if (name.equals(NpyTable.FILE)) {
                vectors[i] = new Vectors.Constant(window.source().display());
            } else {
                Columns.Column c = all.stream().filter(x -> x.field().name().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("npy: no column " + name));
                columns[i] = c;
                vectors[i] = c.vector(batchRows);
            }
        }
        this.rowIndex = ri;
        this.batch = new ColumnarBatch(vectors.clone());
        this.source = RowSource.open(window, hadoopConf);
    }

    @Override
    public boolean next() throws IOException {
        long left = window.rows() - position;
        if (left <= 0) {
            return false;
        }
        int count = (int) Math.min(batchRows, left);
        RowSource.Slice s = source.rows(position, count);
        if (s.array() != viewsOf) { // one set of column views per array (once per window when it is mapped)
            for (int i = 0; i < columns.length; i++) {
                views[i] = columns[i] == null ? null : columns[i].view().apply(s.array());
            }
            viewsOf = s.array();
        }
        for (int i = 0; i < columns.length; i++) {
            if (columns[i] != null) {
                vectors[i].fill(views[i], s.firstRow(), count);
            }
        }
        if (rowIndex != null) {
            rowIndex.at(window.source().firstRow() + window.start() + position);
        }
        batch.setNumRows(count);
        position += count;
        return true;
    }

    @Override
    public ColumnarBatch get() {
        return batch;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
