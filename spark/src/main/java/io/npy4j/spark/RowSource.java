package io.npy4j.spark;

import io.npy4j.MapMode;
import io.npy4j.MapOptions;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.Shape;
import io.npy4j.npz.NpzArchive;
import io.npy4j.select.Selection;
import io.npy4j.virtual.Manifest;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The rows of one {@link RowWindow} as npy4j arrays, batch by batch: a local file is mapped once (npy4j's own
 * windows, the fast path), an npz member or manifest is opened through npy4j, and any other file system is read with
 * Hadoop positioned reads into a small in-memory {@code .npy} per batch (nothing is mapped).
 */
abstract class RowSource implements Closeable {

    /** Rows {@code [first, first+count)} of the window: an array holding them, and the index of row {@code first}. */
    record Slice(NpyArray array, long firstRow) {
    }

    abstract Slice rows(long first, int count) throws IOException;

    static RowSource open(RowWindow w, Map<String, String> hadoopConf) throws IOException {
        SourceFile s = w.source();
        NpyHeader h = s.header();
        Selection rows = h.shape().rank() == 0 ? Selection.all()
                : Selection.parse("[" + w.start() + ":" + w.end() + "]");
        if (!s.local()) {
            return new Positioned(w, h, hadoopConf);
        }
        java.nio.file.Path file = Sources.localPath(new Path(s.uri()), "a file");
        checkUnchanged(s, Files.size(file), Files.getLastModifiedTime(file).toMillis());
        switch (s.kind()) {
            case NPY:
                return new Whole(Npy.map(file, h, rows, MapMode.READ_ONLY), null);
            case NPZ_MEMBER: {
                NpzArchive a = Npy.openNpz(file);
                try {
                    return new Whole(a.open(s.member(), rows, MapMode.READ_ONLY, MapOptions.defaults()), a);
                } catch (IOException | RuntimeException e) {
                    a.close();
                    throw e;
                }
            }
            default: {
                NpyArray all = Manifest.read(file).open(false);
                return new Whole(all.select(rows), all);
            }
        }
    }

    /** A partition whose file is not what the driver planned is an error, never rows of another file. */
    static void checkUnchanged(SourceFile s, long size, long modifiedMillis) throws SourceChangedException {
        if (size != s.size() || modifiedMillis != s.modifiedMillis()) {
            throw new SourceChangedException("npy: " + s.uri() + " changed since the query was planned (size "
                    + s.size() + " -> " + size + " bytes, modified " + Instant.ofEpochMilli(s.modifiedMillis())
                    + " -> " + Instant.ofEpochMilli(modifiedMillis) + "); read it again");
        }
    }

    /** The whole window open at once (mapped lazily by npy4j, or an npz member / virtual array view). */
    private static final class Whole extends RowSource {
        private final NpyArray rows;
        private final AutoCloseable owner;

        Whole(NpyArray rows, AutoCloseable owner) {
            this.rows = rows;
            this.owner = owner;
        }

        @Override
        Slice rows(long first, int count) {
            return new Slice(rows, first);
        }

        @Override
        public void close() throws IOException {
            rows.close();
            if (owner != null) {
                try {
                    owner.close();
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
    }

    /**
     * Hadoop positioned reads: each batch becomes an in-memory {@code .npy} of just its rows (C order: one read;
     * Fortran order: one read per element of the row shape, since each is a contiguous run over the rows).
     */
    private static final class Positioned extends RowSource {
        private final RowWindow window;
        private final NpyHeader header;
        private final FSDataInputStream in;

        Positioned(RowWindow w, NpyHeader h, Map<String, String> conf) throws IOException {
            this.window = w;
            this.header = h;
            Configuration c = new Configuration(false);
            conf.forEach(c::set);
            Path p = new Path(w.source().uri());
            FileSystem fs = p.getFileSystem(c);
            FileStatus st = fs.getFileStatus(p);
            checkUnchanged(w.source(), st.getLen(), st.getModificationTime());
            this.in = fs.open(p);
        }

        @Override
        Slice rows(long first, int count) throws IOException {
            long[] trailing = SourceFile.trailing(header);
            boolean scalar = header.shape().rank() == 0;
            long[] dims = new long[trailing.length + 1];
            dims[0] = count;
            System.arraycopy(trailing, 0, dims, 1, trailing.length);
            NpyHeader part = NpyHeader.of(header.dtype(), scalar ? Shape.scalar() : Shape.of(dims),
                    header.fortranOrder());
            byte[] head = Npy.encodeHeader(part);
            long rowBytes = header.itemSize();
            long perRow = 1;
            for (long t : trailing) {
                perRow *= t;
            }
            int dataBytes = Math.toIntExact(Math.multiplyExact(rowBytes * perRow, count));
            byte[] buf = new byte[Math.addExact(head.length, dataBytes)];
            System.arraycopy(head, 0, buf, 0, head.length);
            long row = window.start() + first;
            if (!header.fortranOrder() || perRow == 1) {
                in.readFully(header.dataOffset() + row * rowBytes * perRow, buf, head.length, dataBytes);
            } else {
                long n = SourceFile.rows(header);
                int run = Math.toIntExact(rowBytes * count);
                for (long j = 0; j < perRow; j++) {
                    in.readFully(header.dataOffset() + (j * n + row) * rowBytes, buf,
                            Math.toIntExact(head.length + j * run), run);
                }
            }
            return new Slice(Npy.read(buf), 0);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
