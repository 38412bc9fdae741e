package io.npy4j.spark;

import io.npy4j.Npy;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
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
 * {@code mode=window}: one {@code .npy} written by all tasks at once (SPEC §19.5). The driver preallocates a sparse
 * temporary file with the final header beside the target; each task writes runs of consecutive rows at their
 * offsets; the commit requires that the committed tasks' runs cover {@code [0, rows)} exactly once, then forces the
 * file and renames it over the target. A retried attempt rewrites the same rows (the data must be deterministic);
 * speculation is refused, since a speculative attempt writes before Spark's commit coordinator picks one.
 */
final class WindowWrite implements RequiresDistributionAndOrdering, BatchWrite {
    private final Path target;
    private final RowEncoder encoder;
    private final NpyHeader header;
    private final boolean overwrite;
    private final Path temporary;

    WindowWrite(Path target, RowEncoder encoder, long[] shape, boolean overwrite) {
        this.target = target.toAbsolutePath();
        this.encoder = encoder;
        this.header = NpyHeader.of(encoder.dtype(), Shape.of(shape), false);
        this.overwrite = overwrite;
        this.temporary = this.target.resolveSibling("." + this.target.getFileName() + "." + UUID.randomUUID()
                + ".tmp");
    }

    @Override
    public String description() {
        return "npy window write of " + target + " " + header.shape() + " " + header.dtype().descr();
    }

    @Override
    public Distribution requiredDistribution() {
        return Distributions.ordered(NpyWriteBuilder.byRow());
    }

    @Override
    public SortOrder[] requiredOrdering() {
        return NpyWriteBuilder.byRow();
    }

    @Override
    public BatchWrite toBatch() {
        return this;
    }

    @Override
    public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
        if (NpyDataSource.session().sparkContext().conf().getBoolean("spark.speculation", false)) {
            throw new IllegalStateException("npy: a window write refuses spark.speculation=true: a speculative"
                    + " attempt writes its rows into the shared file before Spark's commit coordinator chooses an"
                    + " attempt, so two attempts would race on the same bytes; turn speculation off for this job or"
                    + " use mode=shards, whose attempts write separate files");
        }
        if (!overwrite && Files.exists(target)) {
            throw new IllegalStateException("npy: " + target + " exists; use save mode 'overwrite' to replace it");
        }
        try {
            Npy.createIfAbsent(temporary, header);
        } catch (IOException e) {
            throw new UncheckedIOException("npy: cannot preallocate " + temporary + ": " + e.getMessage(), e);
        }
        return new Factory(temporary.toString(), Npy.encodeHeader(header), encoder);
    }

    @Override
    public void commit(WriterCommitMessage[] messages) {
        try {
            List<WrittenRows> rows = new ArrayList<>();
            for (WriterCommitMessage m : messages) {
                rows.add((WrittenRows) m);
            }
            WrittenRows.requireExactCover(rows, SourceFile.rows(header), target.toString());
            try (FileChannel ch = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            if (!overwrite && Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString(), null, "npy: appeared during the write;"
                        + " use save mode 'overwrite' to replace it");
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(target.getParent());
        } catch (IOException e) {
            deleteTemporary();
            throw new UncheckedIOException("npy: committing " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteTemporary();
            throw e;
        }
    }

    @Override
    public void abort(WriterCommitMessage[] messages) {
        deleteTemporary();
    }

    private void deleteTemporary() {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // best effort: the name starts with a dot and ends in .tmp
        }
    }

    /** Makes the rename durable (Linux opens directories for reading; elsewhere this is skipped). */
    static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not supported on this platform
        }
    }

    private record Factory(String file, byte[] headerBytes, RowEncoder encoder) implements DataWriterFactory {
        @Override
        public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
            try {
                return new Writer(Paths.get(file), Npy.readHeader(headerBytes), encoder);
            } catch (IOException e) {
                throw new UncheckedIOException("npy: opening " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Buffers runs of consecutive rows (up to 8 MiB) and writes each at its offset with one positioned write. */
    private static final class Writer implements DataWriter<InternalRow> {
        private static final int BUFFER = 8 << 20;
        private final FileChannel channel;
        private final NpyHeader header;
        private final RowEncoder encoder;
        private final ByteBuffer buffer;
        private final long rows;
        private final WrittenRows.Runs runs = new WrittenRows.Runs();
        private long runStart = -1;
        private long next = -1;

        Writer(Path file, NpyHeader header, RowEncoder encoder) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
            this.header = header;
            this.encoder = encoder;
            long rowBytes = encoder.rowBytes();
            int cap = (int) Math.max(rowBytes, Math.min(BUFFER, (BUFFER / Math.max(1, rowBytes)) * rowBytes));
            this.buffer = ByteBuffer.allocate(cap).order(ByteOrder.LITTLE_ENDIAN);
            this.rows = SourceFile.rows(header);
        }

        @Override
        public void write(InternalRow row) throws IOException {
            long r = encoder.rowIndex(row);
            if (r < 0 || r >= rows) {
                throw new IllegalArgumentException("npy: _row " + r + " is outside [0, " + rows + ") of shape "
                        + header.shape());
            }
            if (r != next || buffer.remaining() < encoder.rowBytes()) {
                flush();
                runStart = r;
            }
            encoder.encode(row, r, buffer);
            next = r + 1;
        }

        private void flush() throws IOException {
            if (runStart < 0 || buffer.position() == 0) {
                return;
            }
            buffer.flip();
            long at = header.dataOffset() + runStart * encoder.rowBytes();
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            buffer.clear();
            runs.add(runStart, next);
            runStart = -1;
        }

        @Override
        public WriterCommitMessage commit() throws IOException {
            flush();
            channel.force(false); // durable before the driver renames (the driver forces again for local pages)
            return runs.message(null);
        }

        @Override
        public void abort() throws IOException {
            channel.close();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
