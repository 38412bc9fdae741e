package io.npy4j.spark;

import io.npy4j.Npy;
import io.npy4j.Order;
import io.npy4j.dtype.DType;
import io.npy4j.virtual.Block;
import io.npy4j.virtual.BlockSource;
import io.npy4j.virtual.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.distributions.Distribution;
import org.apache.spark.sql.connector.distributions.Distributions;
import org.apache.spark.sql.connector.expressions.SortOrder;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.RequiresDistributionAndOrdering;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/**
 * {@code mode=shards}: each task writes its own {@code .npy} beside the manifest ({@code <stem>-<job>-<partition>-
 * <attempt>.npy}, so attempts never share a file), and the driver writes the virtual-array manifest last, as the
 * commit point: readers see the old manifest or the new one. With a {@code _row} column the rows are range-ordered
 * by it and the shards must cover {@code [0, rows)} exactly once; without one the shards follow partition order.
 * Shard files of attempts that were not committed are deleted at commit.
 */
final class ShardsWrite implements RequiresDistributionAndOrdering, BatchWrite {
    private final Path manifest;
    private final RowEncoder encoder;
    private final boolean overwrite;
    private final long expectedRows;
    private final String job = UUID.randomUUID().toString().substring(0, 8);

    /** @param expectedRows the row count option {@code shape} promises, or -1 */
    ShardsWrite(Path manifest, RowEncoder encoder, long expectedRows, boolean overwrite) {
        this.expectedRows = expectedRows;
        if (!manifest.getFileName().toString().endsWith(".json")) {
            throw new IllegalArgumentException("npy: a shards write names its manifest, a .json path, not "
                    + manifest);
        }
        this.manifest = manifest.toAbsolutePath();
        this.encoder = encoder;
        this.overwrite = overwrite;
    }

    private String stem() {
        String n = manifest.getFileName().toString();
        return n.substring(0, n.length() - ".json".length());
    }

    @Override
    public String description() {
        return "npy shards write of " + manifest;
    }

    @Override
    public Distribution requiredDistribution() {
        return encoder.hasRowColumn() ? Distributions.ordered(NpyWriteBuilder.byRow()) : Distributions.unspecified();
    }

    @Override
    public SortOrder[] requiredOrdering() {
        return encoder.hasRowColumn() ? NpyWriteBuilder.byRow() : new SortOrder[0];
    }

    @Override
    public BatchWrite toBatch() {
        return this;
    }

    @Override
    public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
        if (!overwrite && Files.exists(manifest)) {
            throw new IllegalStateException("npy: " + manifest + " exists; use save mode 'overwrite' to replace it");
        }
        try {
            Files.createDirectories(manifest.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return new Factory(manifest.getParent().toString(), stem() + "-" + job, encoder);
    }

    @Override
    public void commit(WriterCommitMessage[] messages) {
        List<WrittenRows> shards = new ArrayList<>();
        for (WriterCommitMessage m : messages) {
            WrittenRows w = (WrittenRows) m;
            if (w.starts().length > 0) {
                shards.add(w);
            }
        }
        try {
            long rows;
            List<Block> blocks = new ArrayList<>();
            long[] trailing = encoder.trailing();
            if (encoder.hasRowColumn()) {
                rows = shards.stream().mapToLong(s -> s.ends()[s.ends().length - 1]).max().orElse(0);
                WrittenRows.requireExactCover(shards, rows, manifest.toString());
                for (WrittenRows s : shards) {
                    if (s.starts().length != 1) {
                        throw new IllegalStateException("npy: shard " + s.shard() + " holds rows that are not"
                                + " consecutive (" + s.starts().length + " runs); each shard must be one run of _row");
                    }
                }
                shards.sort(Comparator.comparingLong(s -> s.starts()[0]));
            } else {
                rows = 0; // partition order: each shard's rows follow the previous shard's
            }
            long origin = 0;
            for (WrittenRows s : shards) {
                long n = s.ends()[0] - s.starts()[0];
                long at = encoder.hasRowColumn() ? s.starts()[0] : origin;
                blocks.add(new Block(concat(at, new long[trailing.length]), concat(n, trailing),
                        BlockSource.npy(Paths.get(s.shard()))));
                origin = at + n;
            }
            rows = Math.max(rows, origin);
            if (expectedRows >= 0 && rows != expectedRows) {
                throw new IllegalStateException("npy: the shards of " + manifest + " hold " + rows + " rows, option"
                        + " shape says " + expectedRows + "; no manifest was written");
            }
            DType dtype = encoder.dtype();
            Manifest.of(dtype, concat(rows, trailing), null, blocks).write(manifest);
            WindowWrite.forceDirectory(manifest.getParent());
        } catch (IOException e) {
            deleteShards(Set.of());
            throw new UncheckedIOException("npy: committing " + manifest + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteShards(Set.of());
            throw e;
        }
        Set<String> keep = new HashSet<>();
        shards.forEach(s -> keep.add(s.shard()));
        deleteShards(keep);
    }

    private static long[] concat(long first, long[] rest) {
        long[] r = new long[rest.length + 1];
        r[0] = first;
        System.arraycopy(rest, 0, r, 1, rest.length);
        return r;
    }

    @Override
    public void abort(WriterCommitMessage[] messages) {
        deleteShards(Set.of());
    }

    /** Deletes this job's shard files except {@code keep} (attempts that lost, or all of them on failure). */
    private void deleteShards(Set<String> keep) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(manifest.getParent(), stem() + "-" + job + "-*")) {
            for (Path p : ds) {
                if (!keep.contains(p.toString())) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException ignored) {
            // best effort; the names carry the job id
        }
    }

    private record Factory(String dir, String prefix, RowEncoder encoder) implements DataWriterFactory {
        @Override
        public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
            Path shard = Paths.get(dir, String.format("%s-%05d-%d.npy", prefix, partitionId, taskId));
            try {
                return new Writer(shard, encoder);
            } catch (IOException e) {
                throw new UncheckedIOException("npy: creating " + shard + ": " + e.getMessage(), e);
            }
        }
    }

    /** Streams the task's rows into its shard through npy4j's {@code NpyWriter} (renamed into place at commit). */
    private static final class Writer implements DataWriter<InternalRow> {
        private static final int BUFFER = 4 << 20;
        private final Path shard;
        private final RowEncoder encoder;
        private final io.npy4j.write.NpyWriter out;
        private final ByteBuffer buffer;
        private final WrittenRows.Runs runs = new WrittenRows.Runs();
        private long first = -1;
        private long next = -1;
        private long count;

        Writer(Path shard, RowEncoder encoder) throws IOException {
            this.shard = shard;
            this.encoder = encoder;
            this.out = Npy.newWriter(shard, encoder.dtype(), Order.C, encoder.trailing());
            long rb = Math.max(1, encoder.rowBytes());
            this.buffer = ByteBuffer.allocate((int) Math.max(rb, (BUFFER / rb) * rb)).order(ByteOrder.LITTLE_ENDIAN);
        }

        @Override
        public void write(InternalRow row) throws IOException {
            long r = encoder.hasRowColumn() ? encoder.rowIndex(row) : count;
            if (r < 0) {
                throw new IllegalArgumentException("npy: _row " + r + " is negative");
            }
            if (first < 0) {
                first = r;
            } else if (r != next) {
                runs.add(first, next);
                first = r;
            }
            if (buffer.remaining() < encoder.rowBytes()) {
                drain();
            }
            encoder.encode(row, r, buffer);
            next = r + 1;
            count++;
        }

        private void drain() throws IOException {
            buffer.flip();
            out.writeRaw(buffer.array(), 0, buffer.limit());
            buffer.clear();
        }

        @Override
        public WriterCommitMessage commit() throws IOException {
            if (buffer.position() > 0) {
                drain();
            }
            if (first >= 0) {
                runs.add(first, next);
            }
            if (count == 0) {
                out.abort();
                return new WrittenRows(new long[0], new long[0], shard.toString());
            }
            out.close(); // forces and renames the shard into place
            WrittenRows w = runs.message(shard.toString());
            return encoder.hasRowColumn() ? w : new WrittenRows(new long[] {0}, new long[] {count}, shard.toString());
        }

        @Override
        public void abort() throws IOException {
            out.abort();
        }

        @Override
        public void close() throws IOException {
            out.abort(); // no-op after commit
        }
    }
}
