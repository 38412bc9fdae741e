package io.npy4j.npz;

import io.npy4j.NpyFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The end of a zip archive: where its central directory is, how long, how many records, and the archive comment,
 * read from the end-of-central-directory record (and its zip64 twin), and written back for an appended archive.
 * commons-compress reads the directory's records; it does not say where the directory lies, which an in-place
 * append needs (it copies the directory's bytes as they are).
 *
 * <p>Located as Python's zipfile locates it ({@code _EndRecData}): the last 22 bytes, else the last occurrence of
 * the signature in the final 64 KiB + 22 bytes. So bytes after the end record that a reader should ignore must
 * stay under 64 KiB and hold no signature; the append's layout depends on it (SPEC §13.1).
 *
 * @param cdOffset where the central directory starts
 * @param cdSize its length in bytes
 * @param count the number of records in it
 * @param comment the archive comment (usually empty)
 * @param start where the trailer starts (the zip64 end record if there is one, else the end record)
 * @param end the byte after the end record's comment
 */
record ZipTrailer(long cdOffset, long cdSize, long count, byte[] comment, long start, long end) {
    static final int EOCD = 0x06054b50;
    static final int EOCD64 = 0x06064b50;
    static final int LOCATOR64 = 0x07064b50;
    static final int EOCD_LENGTH = 22;
    static final int EOCD64_LENGTH = 56;
    static final int LOCATOR64_LENGTH = 20;
    private static final long MAX16 = 0xffff;
    private static final long MAX32 = 0xffffffffL;

    /**
     * The trailer whose end record is last in the file, as zipfile finds it.
     *
     * @throws NpyFormatException {@code ARCHIVE} if there is none, it is inconsistent, or the archive has bytes
     *     before its first record that its offsets do not count (prefix data, as a self-extracting archive has)
     */
    static ZipTrailer read(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        int tail = (int) Math.min(size, (1 << 16) + EOCD_LENGTH);
        ByteBuffer b = readAt(ch, size - tail, tail, file);
        int at = -1;
        if (tail >= EOCD_LENGTH && b.getInt(tail - EOCD_LENGTH) == EOCD) {
            at = tail - EOCD_LENGTH;
        } else {
            for (int i = tail - EOCD_LENGTH; i >= 0; i--) {
                if (b.getInt(i) == EOCD) {
                    at = i;
                    break;
                }
            }
        }
        if (at < 0) {
            throw error(file, "no end-of-central-directory record in the last " + tail + " bytes", size);
        }
        return parse(ch, file, size - tail + at, b, at);
    }

    /**
     * The last trailer in the file that is consistent (its directory right before it, starting with a directory
     * record), searched backwards through the whole file; null if none. For the repair of an archive whose append
     * was killed while it wrote past a hole (SPEC §13.1): the old archive's trailer is then further than 64 KiB from
     * the end.
     */
    static ZipTrailer findLast(FileChannel ch, Path file) throws IOException {
        long size = ch.size();
        int step = 1 << 20;
        for (long hi = size; hi > 0; ) {
            long lo = Math.max(0, hi - step);
            int n = (int) Math.min(hi - lo + 3, size - lo);
            ByteBuffer b = readAt(ch, lo, n, file);
            for (int i = (int) (hi - lo) - 1; i >= 0; i--) {
                if (i + 4 <= n && b.getInt(i) == EOCD && lo + i + EOCD_LENGTH <= size) {
                    try {
                        ByteBuffer e = readAt(ch, lo + i, EOCD_LENGTH, file);
                        ZipTrailer t = parse(ch, file, lo + i, e, 0);
                        if (t.count == 0 || readAt(ch, t.cdOffset, 4, file).getInt(0) == 0x02014b50) {
                            return t;
                        }
                    } catch (NpyFormatException notThisOne) {
                        // a signature inside member data or a torn record: keep looking
                    }
                }
            }
            hi = lo;
        }
        return null;
    }

    private static ZipTrailer parse(FileChannel ch, Path file, long eocdPos, ByteBuffer b, int at) throws IOException {
        int commentLength = b.getShort(at + 20) & 0xffff;
        long end = eocdPos + EOCD_LENGTH + commentLength;
        if (end > ch.size()) {
            throw error(file, "the end record at byte " + eocdPos + " announces a " + commentLength
                    + "-byte comment past the end of the file", eocdPos);
        }
        byte[] comment = readAt(ch, eocdPos + EOCD_LENGTH, commentLength, file).array();
        long count = b.getShort(at + 10) & 0xffff;
        long cdSize = b.getInt(at + 12) & MAX32;
        long cdOffset = b.getInt(at + 16) & MAX32;
        long start = eocdPos;
        if (eocdPos >= LOCATOR64_LENGTH + EOCD64_LENGTH) {
            ByteBuffer loc = readAt(ch, eocdPos - LOCATOR64_LENGTH, LOCATOR64_LENGTH, file);
            if (loc.getInt(0) == LOCATOR64) {
                long z = loc.getLong(8);
                if (z != eocdPos - LOCATOR64_LENGTH - EOCD64_LENGTH) {
                    throw error(file, "the zip64 end record is at byte " + z + ", not right before its locator"
                            + " (prefix data or a record with extensible data, which npy4j does not append to)", z);
                }
                ByteBuffer r = readAt(ch, z, EOCD64_LENGTH, file);
                if (r.getInt(0) != EOCD64) {
                    throw error(file, "no zip64 end record at byte " + z + " where its locator points", z);
                }
                count = r.getLong(32);
                cdSize = r.getLong(40);
                cdOffset = r.getLong(48);
                start = z;
            }
        }
        if (cdOffset < 0 || cdSize < 0 || cdOffset + cdSize != start) {
            throw error(file, "the central directory of " + cdSize + " bytes at byte " + cdOffset + " does not end"
                    + " where the end records start (byte " + start + "): the archive has prefix data (a"
                    + " self-extracting stub or concatenated files), which npy4j does not append to", start);
        }
        return new ZipTrailer(cdOffset, cdSize, count, comment, start, end);
    }

    /** The trailer for a directory of {@code cdSize} bytes and {@code count} records at {@code cdOffset}. */
    static byte[] encode(long cdOffset, long cdSize, long count, byte[] comment) {
        boolean zip64 = count >= MAX16 || cdSize >= MAX32 || cdOffset >= MAX32;
        ByteBuffer b = ByteBuffer.allocate((zip64 ? EOCD64_LENGTH + LOCATOR64_LENGTH : 0) + EOCD_LENGTH
                + comment.length).order(ByteOrder.LITTLE_ENDIAN);
        if (zip64) { // as Python's zipfile writes them (_write_end_record)
            b.putInt(EOCD64).putLong(EOCD64_LENGTH - 12).putShort((short) 45).putShort((short) 45).putInt(0)
                    .putInt(0).putLong(count).putLong(count).putLong(cdSize).putLong(cdOffset);
            b.putInt(LOCATOR64).putInt(0).putLong(cdOffset + cdSize).putInt(1);
        }
        b.putInt(EOCD).putShort((short) 0).putShort((short) 0)
                .putShort((short) Math.min(count, MAX16)).putShort((short) Math.min(count, MAX16))
                .putInt((int) Math.min(cdSize, MAX32)).putInt((int) Math.min(cdOffset, MAX32))
                .putShort((short) comment.length).put(comment);
        return b.array();
    }

    static ByteBuffer readAt(FileChannel ch, long pos, int length, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw error(file, "the archive ends at byte " + (pos + b.position()) + ", inside a record of "
                        + length + " bytes at byte " + pos, pos + b.position());
            }
        }
        return b.flip();
    }

    private static NpyFormatException error(Path file, String detail, long at) {
        return new NpyFormatException(NpyFormatException.Kind.ARCHIVE, detail, file, null, at);
    }
}
