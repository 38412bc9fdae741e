package io.npy4j.spark;

import java.io.IOException;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.distributions.Distribution;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.RequiresDistributionAndOrdering;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.StructType;

/**
 * The npy source with one fault: the first attempt of partition 0's write task dies after writing
 * {@code failAfter} rows (it has written some runs into the shared file by then), so Spark retries it.
 */
public class FaultyNpySource extends NpyDataSource {
    static final int FAIL_AFTER = 300;

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        return new NpyTable(schema, properties, null) {
            @Override
            public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
                NpyWriteBuilder real = (NpyWriteBuilder) super.newWriteBuilder(info);
                return new Builder(real);
            }
        };
    }

    private static final class Builder implements WriteBuilder, SupportsTruncate {
        private final NpyWriteBuilder real;

        Builder(NpyWriteBuilder real) {
            this.real = real;
        }

        @Override
        public WriteBuilder truncate() {
            real.truncate();
            return this;
        }

        @Override
        public org.apache.spark.sql.connector.write.Write build() {
            return new Faulty((RequiresDistributionAndOrdering) real.build());
        }
    }

    private static final class Faulty implements RequiresDistributionAndOrdering, BatchWrite {
        private final RequiresDistributionAndOrdering write;
        private final BatchWrite batch;

        Faulty(RequiresDistributionAndOrdering write) {
            this.write = write;
            this.batch = write.toBatch();
        }

        @Override
        public Distribution requiredDistribution() {
            return write.requiredDistribution();
        }

        @Override
        public SortOrder[] requiredOrdering() {
            return write.requiredOrdering();
        }

        @Override
        public BatchWrite toBatch() {
            return this;
        }

        @Override
        public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
            DataWriterFactory real = batch.createBatchWriterFactory(info);
            return (DataWriterFactory) (partitionId, taskId) -> {
                DataWriter<InternalRow> w = real.createWriter(partitionId, taskId);
                boolean doomed = partitionId == 0 && TaskContext.get().attemptNumber() == 0;
                return doomed ? new Dying(w) : w;
            };
        }

        @Override
        public void commit(WriterCommitMessage[] messages) {
            batch.commit(messages);
        }

        @Override
        public void abort(WriterCommitMessage[] messages) {
            batch.abort(messages);
        }
    }

    /**
     * Passes rows on until the fault, then leaves the bytes of the rows it saw half-written (0x7F over them in the
     * preallocated file, as a task killed inside a write would) and throws.
     */
    private static final class Dying implements DataWriter<InternalRow> {
        private final DataWriter<InternalRow> real;
        private int rows;
        private long firstRow = -1;

        Dying(DataWriter<InternalRow> real) {
            this.real = real;
        }

        @Override
        public void write(InternalRow row) throws IOException {
            if (firstRow < 0) {
                firstRow = row.getLong(0);
            }
            if (++rows > FAIL_AFTER) {
                scribble();
                throw new IOException("injected fault: attempt 0 of partition 0 dies after " + FAIL_AFTER + " rows");
            }
            real.write(row);
        }

        private void scribble() throws IOException {
            java.nio.file.Path dir = java.nio.file.Paths.get(System.getProperty("npy4j.faulty.dir"));
            try (var files = java.nio.file.Files.list(dir)) {
                for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) files::iterator) {
                    if (p.getFileName().toString().endsWith(".tmp")) {
                        try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE)) {
                            long offset = io.npy4j.Npy.readHeader(p).dataOffset() + firstRow * 8;
                            byte[] junk = new byte[FAIL_AFTER * 8];
                            java.util.Arrays.fill(junk, (byte) 0x7F);
                            ch.write(java.nio.ByteBuffer.wrap(junk), offset);
                        }
                    }
                }
            }
        }

        @Override
        public WriterCommitMessage commit() throws IOException {
            return real.commit();
        }

        @Override
        public void abort() throws IOException {
            real.abort();
        }

        @Override
        public void close() throws IOException {
            real.close();
        }
    }
}
