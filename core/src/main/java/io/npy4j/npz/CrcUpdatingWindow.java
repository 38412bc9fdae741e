package io.npy4j.npz;

import io.npy4j.NpyFormatException;
import io.npy4j.mapping.ByteWindow;
import io.npy4j.mapping.ElementKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * The window of a stored member mapped read-write: writes go to the archive in place, and {@code close()} (and
 * {@code force()}) recompute the member's CRC-32 and write it into its local header and its central directory
 * record, so that NumPy's zipfile still accepts the archive. Concurrent writers of one member through separate
 * mappings must not close at the same time (each rewrites the CRC of what it sees).
 */
final class CrcUpdatingWindow implements ByteWindow {
    private static final int CENTRAL = 0x02014b50;
    private static final int END = 0x06054b50;
    private static final int END64_LOCATOR = 0x07064b50;
    private final ByteWindow inner;
    private final Path archive;
    private final ZipArchiveEntry entry;
    private final long contentStart;
    private volatile boolean closed;

    CrcUpdatingWindow(ByteWindow inner, Path archive, ZipArchiveEntry entry, long contentStart) {
        this.inner = inner;
        this.archive = archive;
        this.entry = entry;
        this.contentStart = contentStart;
    }

    @Override
    public long byteSize() {
        return inner.byteSize();
    }

    @Override
    public String source() {
        return archive + ":" + entry.getName();
    }

    @Override
    public void copy(long pos, ElementKind kind, ByteOrder order, Object array, int off, int count, boolean write) {
        inner.copy(pos, kind, order, array, off, count, write);
    }

    @Override
    public void copyRuns(long pos, long stride, int runs, int perRun, ElementKind kind, ByteOrder order,
            Object array, int off, boolean write) {
        inner.copyRuns(pos, stride, runs, perRun, kind, order, array, off, write);
    }

    @Override
    public void force(long pos, long len) {
        inner.force(pos, len);
        updateCrc();
    }

    @Override
    public boolean isWritable() {
        return inner.isWritable();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        inner.force(0, inner.byteSize());
        inner.close();
        updateCrc();
    }

    private void updateCrc() {
        try (FileChannel ch = FileChannel.open(archive, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            CRC32 crc = new CRC32();
            ByteBuffer b = ByteBuffer.allocate(1 << 20);
            for (long p = contentStart, end = contentStart + entry.getSize(); p < end; ) {
                b.clear().limit((int) Math.min(b.capacity(), end - p));
                int n = ch.read(b, p);
                if (n < 0) {
                    throw new IOException("archive ends inside member " + entry.getName());
                }
                crc.update(b.array(), 0, n);
                p += n;
            }
            ByteBuffer value = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) crc.getValue());
            ch.write(value.duplicate(), entry.getLocalHeaderOffset() + 14);
            ch.write(value.duplicate(), centralRecord(ch) + 16);
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Offset of this member's central directory record (found by its local header offset and name). */
    private long centralRecord(FileChannel ch) throws IOException {
        long size = ch.size();
        int tail = (int) Math.min(size, 65_557);
        ByteBuffer t = ByteBuffer.allocate(tail).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(t, size - tail);
        int eocd = -1;
        for (int i = tail - 22; i >= 0; i--) {
            if (t.getInt(i) == END) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new NpyFormatException(NpyFormatException.Kind.ARCHIVE, "no end of central directory record",
                    archive, entry.getName(), size);
        }
        long cd = t.getInt(eocd + 16) & 0xffffffffL;
        if (cd == 0xffffffffL && eocd >= 20 && t.getInt(eocd - 20) == END64_LOCATOR) {
            ByteBuffer z = ByteBuffer.allocate(56).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(z, t.getLong(eocd - 20 + 8));
            cd = z.getLong(48);
        }
        ByteBuffer r = ByteBuffer.allocate(46).order(ByteOrder.LITTLE_ENDIAN);
        byte[] want = entry.getRawName();
        for (long p = cd; p + 46 <= size; ) {
            r.clear();
            ch.read(r, p);
            if (r.getInt(0) != CENTRAL) {
                break;
            }
            int n = r.getShort(28) & 0xffff;
            int x = r.getShort(30) & 0xffff;
            int c = r.getShort(32) & 0xffff;
            ByteBuffer name = ByteBuffer.allocate(n);
            ch.read(name, p + 46);
            if (Arrays.equals(name.array(), want)) {
                return p;
            }
            p += 46 + n + x + c;
        }
        throw new NpyFormatException(NpyFormatException.Kind.ARCHIVE, "member not found in the central directory",
                archive, entry.getName(), cd);
    }
}
