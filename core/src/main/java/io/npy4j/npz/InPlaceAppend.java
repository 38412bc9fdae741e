package io.npy4j.npz;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * Adds members to an existing archive without touching the bytes of the members it has: the new local entries go
 * after the last member's data, then a new central directory (the old one's bytes, unchanged, plus the new records)
 * and end records. The order of the writes keeps the archive readable, as the old archive, by npy4j and by Python's
 * zipfile until the one step that makes the new one visible (SPEC §13.1):
 *
 * <ol>
 *   <li>A copy of the old central directory and end record is written past where the new archive will end,
 *       page-aligned, in one write, and forced: it is now the last end record in the file, so every reader finds
 *       the old archive through it.</li>
 *   <li>The new members are written after the old members' data (over the old directory, no longer needed), each
 *       local header after its data (with the CRC computed while writing), then the new central directory and end
 *       records right behind them; forced. All of it lies before the copy, so readers still see the old
 *       archive.</li>
 *   <li>The file is truncated right after the new end record (one atomic {@code ftruncate}), and forced: the new
 *       archive is visible, compact, with nothing of the copy left.</li>
 * </ol>
 *
 * A process killed in step 2 leaves the old archive (plus unreferenced bytes that the next append reuses); killed
 * after step 3, the new one. Only a kill inside step 1's single write, when it spans more than one page, can leave
 * a torn copy that no zip reader can find the old end record behind: the next append repairs that (it truncates
 * the file after the last consistent end record, the old archive's, with a warning).
 */
final class InPlaceAppend {
    private static final System.Logger LOG = System.getLogger("io.npy4j.npz");
    private static final long MAX32 = 0xffffffffL;
    private static final int ALIGN = 64;
    private static final int PAGE = 4096;

    /** One member to append: staged bytes, or a stored array written straight into the archive. */
    static final class Item {
        final String zipName;
        final byte[] rawName;
        final boolean deflated;
        final long size;
        final long compressedSize;
        final MemberBytes staged;
        final NpyArray array;
        long crc;
        long lho;
        byte[] localHeader;

        Item(MemberBytes staged) {
            this.zipName = staged.zipName();
            this.rawName = zipName.getBytes(StandardCharsets.UTF_8);
            this.deflated = staged.deflated();
            this.size = staged.size();
            this.compressedSize = staged.compressedSize();
            this.staged = staged;
            this.array = null;
            this.crc = staged.crc();
        }

        Item(String zipName, NpyArray array) {
            this.zipName = zipName;
            this.rawName = zipName.getBytes(StandardCharsets.UTF_8);
            this.deflated = false;
            io.npy4j.NpyHeader h = Npy.headerFor(array, null);
            this.size = h.dataOffset() + h.dataLength();
            this.compressedSize = size;
            this.staged = null;
            this.array = array;
            this.crc = -1;
        }

        boolean zip64() {
            return size >= MAX32 || compressedSize >= MAX32;
        }
    }

    private InPlaceAppend() {
    }

    /**
     * Appends {@code items} to the archive at {@code real} (symbolic links resolved), under the archive's lock.
     *
     * @throws NpyFormatException {@code DUPLICATE_MEMBER} if the archive already has one of the names; {@code
     *     ARCHIVE} for an archive npy4j cannot append to in place (prefix data, an end record that does not follow
     *     its directory, a comment holding the end-record signature), or that it cannot read
     */
    static void append(Path file, Path real, List<Item> items) throws IOException {
        try (ArchiveLock lock = ArchiveLock.acquire(real)) {
            FileChannel ch = lock.channel();
            ZipTrailer t = readOrRepair(file, ch);
            long data;
            try (NpzArchive old = NpzArchive.open(file, ch)) {
                if (old.entries().size() != t.count()) {
                    throw new NpyFormatException(NpyFormatException.Kind.ARCHIVE, "the end record counts " + t.count()
                            + " members, the central directory holds " + old.entries().size(), file, null, t.start());
                }
                Set<String> names = new HashSet<>();
                for (NpzEntry e : old.entries()) {
                    names.add(e.zipName());
                    names.add(e.name());
                }
                for (Item i : items) {
                    String name = i.zipName.substring(0, i.zipName.length() - 4);
                    if (names.contains(i.zipName) || names.contains(name)) {
                        throw new NpyFormatException(NpyFormatException.Kind.DUPLICATE_MEMBER, "the archive already has"
                                + " a member named " + io.npy4j.literal.Excerpt.of(name) + ": an append adds new"
                                + " names only (NpzWriter.update replaces a member)", file, name, -1);
                    }
                }
                data = old.endOfData(t.cdOffset());
            }
            if (indexOf(t.comment(), ZipTrailer.EOCD) >= 0) {
                throw new NpyFormatException(NpyFormatException.Kind.ARCHIVE, "the archive comment holds the"
                        + " end-of-central-directory signature, so readers could not tell where the archive ends",
                        file, null, t.start());
            }
            if (t.cdSize() > Integer.MAX_VALUE - 16) {
                throw new NpyFormatException(NpyFormatException.Kind.TOO_LARGE, "the central directory has "
                        + t.cdSize() + " bytes, more than npy4j copies in memory", file, null, t.cdOffset());
            }
            byte[] cd0 = ZipTrailer.readAt(ch, t.cdOffset(), (int) t.cdSize(), file).array();
            write(ch, t, cd0, data, items, file);
        }
    }

    /** Truncates an archive torn by a killed append after its last good trailer (see the class comment). */
    static void repairIfTorn(Path file, Path real) throws IOException {
        try (ArchiveLock lock = ArchiveLock.acquire(real)) {
            readOrRepair(file, lock.channel());
        }
    }

    /** The archive's trailer; an archive torn by a killed append is first truncated after its last good trailer. */
    private static ZipTrailer readOrRepair(Path file, FileChannel ch) throws IOException {
        try {
            return ZipTrailer.read(ch, file);
        } catch (NpyFormatException e) {
            ZipTrailer last = ZipTrailer.findLast(ch, file);
            if (last == null || last.end() >= ch.size()) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "{0}: {1} bytes after the last complete end record at byte {2}"
                    + " (an append killed while writing): truncated to {3} bytes, the archive as it was before that"
                    + " append", file, ch.size() - last.end(), last.end() - ZipTrailer.EOCD_LENGTH
                    - last.comment().length, last.end());
            ch.truncate(last.end());
            ch.force(true);
            return ZipTrailer.read(ch, file);
        }
    }

    private static void write(FileChannel ch, ZipTrailer t, byte[] cd0, long data, List<Item> items, Path file)
            throws IOException {
        long[] dosTime = dosTime();
        long cdOffset = layout(items, data, dosTime);
        byte[] tail = directory(cd0, t.count(), t.comment(), items, cdOffset, dosTime);
        long end = cdOffset + tail.length;
        // 1. the old directory, copied past the new end: the last end record in the file until step 3
        long copyAt = roundUp(Math.max(ch.size(), end), PAGE);
        byte[] copyTrailer = ZipTrailer.encode(copyAt, cd0.length, t.count(), t.comment());
        writeFully(ch, ByteBuffer.allocate(cd0.length + copyTrailer.length).put(cd0).put(copyTrailer).flip(), copyAt);
        ch.force(false);
        // 2. the members, then the new directory, all before the copy
        writeMembers(ch, items, dosTime, 1, null);
        tail = directory(cd0, t.count(), t.comment(), items, cdOffset, dosTime); // with the CRCs computed in 2
        writeFully(ch, ByteBuffer.wrap(tail), cdOffset);
        ch.force(false);
        // 3. the commit: the copy goes, the new end record is last
        ch.truncate(end);
        ch.force(true);
    }

    /**
     * A whole new archive of {@code items} into the empty {@code ch} (NpzWriter's stored members): the layout is
     * known up front, so the members are written by {@code threads} threads at once, each to its own place.
     *
     * @param afterMember given each member's length once it is written (for the writer's background force), or null
     */
    static void writeNew(FileChannel ch, List<Item> items, int threads, java.util.function.LongConsumer afterMember)
            throws IOException {
        long[] dosTime = dosTime();
        long cdOffset = layout(items, 0, dosTime);
        writeMembers(ch, items, dosTime, threads, afterMember);
        writeFully(ch, ByteBuffer.wrap(directory(new byte[0], 0, new byte[0], items, cdOffset, dosTime)), cdOffset);
    }

    /** Places the items from {@code start} on; returns where the directory goes. */
    private static long layout(List<Item> items, long start, long[] dosTime) {
        long pos = start;
        for (Item i : items) {
            i.lho = pos;
            i.localHeader = localHeader(i, pos, dosTime);
            pos += i.localHeader.length + i.compressedSize;
        }
        return pos;
    }

    /** The central directory ({@code cd0}'s records, then the items'), and the end records after it. */
    private static byte[] directory(byte[] cd0, long count0, byte[] comment, List<Item> items, long cdOffset,
            long[] dosTime) {
        int recordBytes = 0;
        for (Item i : items) {
            recordBytes += centralRecordLength(i);
        }
        long cdSize = cd0.length + (long) recordBytes;
        byte[] trailer = ZipTrailer.encode(cdOffset, cdSize, count0 + items.size(), comment);
        ByteBuffer cd = ByteBuffer.allocate(Math.toIntExact(cdSize + trailer.length)).order(ByteOrder.LITTLE_ENDIAN);
        cd.put(cd0);
        for (Item i : items) {
            centralRecord(cd, i, dosTime);
        }
        return cd.put(trailer).array();
    }

    private static void writeMembers(FileChannel ch, List<Item> items, long[] dosTime, int threads,
            java.util.function.LongConsumer afterMember) throws IOException {
        if (threads <= 1 || items.size() <= 1) {
            for (Item i : items) {
                writeMember(ch, i, dosTime);
                if (afterMember != null) {
                    afterMember.accept(i.compressedSize);
                }
            }
            return;
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic
                .AtomicReference<>();
        Runnable worker = () -> {
            for (int k; failure.get() == null && (k = next.getAndIncrement()) < items.size(); ) {
                try {
                    writeMember(ch, items.get(k), dosTime);
                    if (afterMember != null) {
                        afterMember.accept(items.get(k).compressedSize);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        List<Thread> helpers = new java.util.ArrayList<>();
        for (int t = 1; t < Math.min(threads, items.size()); t++) {
            Thread h = new Thread(worker, "npy4j-npz-write");
            h.setDaemon(true);
            h.start();
            helpers.add(h);
        }
        worker.run();
        for (Thread h : helpers) {
            try {
                h.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new java.io.InterruptedIOException("interrupted while writing"));
            }
        }
        Throwable f = failure.get();
        if (f instanceof IOException io) {
            throw io;
        } else if (f instanceof RuntimeException r) {
            throw r;
        } else if (f instanceof Error err) {
            throw err;
        }
    }

    /** The item's bytes at its place, then its local header (with the CRC computed while writing). */
    private static void writeMember(FileChannel ch, Item i, long[] dosTime) throws IOException {
        long at = i.lho + i.localHeader.length;
        if (i.staged != null) {
            i.staged.bytes().transferTo(ch, at);
        } else {
            CRC32 crc = new CRC32();
            Staging.PositionalChannel out = new Staging.PositionalChannel(ch, at) {
                @Override
                public int write(ByteBuffer src) throws IOException {
                    crc.update(src.duplicate());
                    return super.write(src);
                }
            };
            Npy.save(out, i.array);
            if (out.position() - at != i.size) {
                throw new IOException("member " + i.zipName + ": " + (out.position() - at) + " bytes written, "
                        + i.size + " expected (was the array changed meanwhile?)");
            }
            i.crc = crc.getValue();
            i.localHeader = localHeader(i, i.lho, dosTime);
        }
        writeFully(ch, ByteBuffer.wrap(i.localHeader), i.lho);
    }

    private static byte[] localHeader(Item i, long pos, long[] dosTime) {
        boolean zip64 = i.zip64();
        int extra = zip64 ? 20 : 0;
        int pad = 0;
        if (!i.deflated) { // commons-compress's alignment field (0xa11e): the data 64-byte aligned, as NpzWriter's
            long dataAt = pos + 30 + i.rawName.length + extra + 6;
            pad = (int) ((ALIGN - dataAt % ALIGN) % ALIGN);
            extra += 6 + pad;
        }
        ByteBuffer b = ByteBuffer.allocate(30 + i.rawName.length + extra).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x04034b50).putShort((short) (zip64 ? 45 : 20)).putShort(flags(i))
                .putShort((short) (i.deflated ? 8 : 0)).putShort((short) dosTime[0]).putShort((short) dosTime[1])
                .putInt((int) Math.max(i.crc, 0)).putInt((int) (zip64 ? MAX32 : i.compressedSize))
                .putInt((int) (zip64 ? MAX32 : i.size)).putShort((short) i.rawName.length).putShort((short) extra)
                .put(i.rawName);
        if (zip64) {
            b.putShort((short) 1).putShort((short) 16).putLong(i.size).putLong(i.compressedSize);
        }
        if (!i.deflated) {
            b.putShort((short) 0xa11e).putShort((short) (2 + pad)).putShort((short) ALIGN);
        }
        return b.array(); // the rest of the alignment field is zeros
    }

    private static short flags(Item i) {
        boolean ascii = i.zipName.chars().allMatch(c -> c < 0x80);
        return (short) (ascii ? 0 : 0x800); // bit 11: the name is UTF-8
    }

    private static int zip64Fields(Item i) {
        return (i.size >= MAX32 ? 1 : 0) + (i.compressedSize >= MAX32 ? 1 : 0) + (i.lho >= MAX32 ? 1 : 0);
    }

    private static int centralRecordLength(Item i) {
        int n = zip64Fields(i);
        return 46 + i.rawName.length + (n > 0 ? 4 + 8 * n : 0);
    }

    /** As Python's zipfile writes a central record; zip64 fields for exactly the values that need them. */
    private static void centralRecord(ByteBuffer b, Item i, long[] dosTime) {
        int n = zip64Fields(i);
        int version = n > 0 || i.zip64() ? 45 : 20;
        b.putInt(0x02014b50).putShort((short) (3 << 8 | version)).putShort((short) version).putShort(flags(i))
                .putShort((short) (i.deflated ? 8 : 0)).putShort((short) dosTime[0]).putShort((short) dosTime[1])
                .putInt((int) i.crc).putInt((int) Math.min(i.compressedSize, MAX32))
                .putInt((int) Math.min(i.size, MAX32)).putShort((short) i.rawName.length)
                .putShort((short) (n > 0 ? 4 + 8 * n : 0)).putShort((short) 0).putShort((short) 0)
                .putShort((short) 0).putInt(0600 << 16).putInt((int) Math.min(i.lho, MAX32)).put(i.rawName);
        if (n > 0) {
            b.putShort((short) 1).putShort((short) (8 * n));
            if (i.size >= MAX32) {
                b.putLong(i.size);
            }
            if (i.compressedSize >= MAX32) {
                b.putLong(i.compressedSize);
            }
            if (i.lho >= MAX32) {
                b.putLong(i.lho);
            }
        }
    }

    /** The local time as MS-DOS time and date fields, as zipfile stores {@code time.localtime()}. */
    private static long[] dosTime() {
        LocalDateTime t = LocalDateTime.now();
        int year = Math.max(1980, t.getYear());
        return new long[] {t.getHour() << 11 | t.getMinute() << 5 | t.getSecond() / 2,
            (year - 1980) << 9 | t.getMonthValue() << 5 | t.getDayOfMonth()};
    }

    private static long roundUp(long v, long to) {
        return (v + to - 1) / to * to;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    private static int indexOf(byte[] b, int signature) {
        ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 4 <= b.length; i++) {
            if (w.getInt(i) == signature) {
                return i;
            }
        }
        return -1;
    }

    /** The end of a member's stored bytes (a data descriptor after them counted at its largest). */
    static long endOf(ZipArchiveEntry e, int localNameLength, int localExtraLength) {
        long end = e.getLocalHeaderOffset() + 30 + localNameLength + localExtraLength + e.getCompressedSize();
        return e.getGeneralPurposeBit().usesDataDescriptor() ? end + 24 : end;
    }
}
