package io.npy4j.npz;

import io.npy4j.MapMode;
import io.npy4j.MapOptions;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyHeader;
import io.npy4j.array.HeapArrays;
import io.npy4j.array.WindowArray;
import io.npy4j.mapping.ByteWindow;
import io.npy4j.mapping.WindowFactory;
import io.npy4j.select.CopyPlan;
import io.npy4j.select.Region;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * An open {@code .npz} archive: its members listed from the central directory alone, each member's header read
 * without its data, stored members mapped in place (NumPy cannot: numpy#5976), deflated members read whole or only
 * as far as a selection needs. Open one with {@link Npy#openNpz(Path)}.
 *
 * <p>Every error is an {@link NpyFormatException} naming the archive and the member. Hostile archives are refused:
 * member names that are empty, absolute or hold {@code /}, {@code \}, {@code ..} or NUL; duplicate names; a local
 * header that disagrees with the central directory; a member that inflates past its declared size; a CRC mismatch
 * (checked on whole-member reads); encryption; methods other than stored and deflated.
 *
 * <p>Thread safety: all methods may be called concurrently; arrays handed out are independent of the archive's
 * lifetime except mapped ones, which stay valid after {@link #close()} until they are closed themselves.
 */
public final class NpzArchive implements AutoCloseable {
    private static final int LOCAL_HEADER = 0x04034b50;
    /** Bytes read at a member's local header by {@link #header}: local header, name, extra field, npy header. */
    private static final int HEADER_PROBE = 1024;
    private static final int PROBE_AHEAD = 64 << 10;
    /** Distinct header texts parsed once per archive: many members of an npz often share a few headers. */
    private static final int PARSED_MAX = 4096;
    private final Map<ByteBuffer, NpyHeader> parsed = new java.util.concurrent.ConcurrentHashMap<>();
    private final Object probeLock = new Object();
    private final byte[] probeBuf = new byte[PROBE_AHEAD];
    private long probeStart = -1;
    private int probeLength;
    private volatile long fileSize;
    private final Path file;
    private final ZipFile zip;
    /** The archive's file, open as long as the archive, for positional reads of local and npy headers. */
    private final FileChannel data;
    private final Map<String, ZipArchiveEntry> members;
    private final List<NpzEntry> entries;

    private NpzArchive(Path file, ZipFile zip, FileChannel data, Map<String, ZipArchiveEntry> members,
            List<NpzEntry> entries) {
        this.file = file;
        this.zip = zip;
        this.data = data;
        this.members = members;
        this.entries = entries;
    }

    private void sizeAtOpen() throws IOException {
        fileSize = data.size();
    }

    /**
     * Opens an archive and reads its central directory (not the members, nor their local headers).
     *
     * @throws NpyFormatException {@code ARCHIVE} if it is not a readable zip; {@code MEMBER_NAME} or
     *     {@code DUPLICATE_MEMBER} for hostile names
     */
    public static NpzArchive open(Path file) throws IOException {
        return open(file, new ReadAheadChannel(FileChannel.open(file, StandardOpenOption.READ)));
    }

    /** The archive read through {@code locked}, which closing the archive leaves open (see {@link ArchiveLock}). */
    static NpzArchive open(Path file, FileChannel locked) throws IOException {
        return open(file, new ReadAheadChannel(locked, false));
    }

    private static NpzArchive open(Path file, ReadAheadChannel channel) throws IOException {
        ZipFile zip;
        // the central directory is read through a read-ahead buffer (commons-compress reads it in 3-4 small reads
        // per entry); member streams read the file positionally
        try {
            zip = ZipFile.builder().setSeekableByteChannel(channel).setIgnoreLocalFileHeader(true).get();
        } catch (java.nio.file.FileSystemException e) {
            channel.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            channel.close();
            NpyFormatException x = new NpyFormatException(NpyFormatException.Kind.ARCHIVE, "not a readable zip"
                    + " archive: " + e.getMessage(), file, null, -1);
            x.initCause(e);
            throw x;
        }
        try {
            Map<String, ZipArchiveEntry> members = new LinkedHashMap<>();
            List<NpzEntry> entries = new ArrayList<>();
            for (Enumeration<ZipArchiveEntry> en = zip.getEntries(); en.hasMoreElements(); ) {
                ZipArchiveEntry e = en.nextElement();
                String zipName = e.getName();
                checkName(zipName, file);
                String name = zipName.endsWith(".npy") ? zipName.substring(0, zipName.length() - 4) : zipName;
                if (members.putIfAbsent(name, e) != null) {
                    throw new NpyFormatException(NpyFormatException.Kind.DUPLICATE_MEMBER, "the archive has more than"
                            + " one member named " + io.npy4j.literal.Excerpt.of(name), file, name, -1);
                }
                entries.add(new NpzEntry(name, zipName, e.getMethod() != ZipArchiveEntry.STORED,
                        e.getCompressedSize(), e.getSize(), e.getCrc()));
            }
            NpzArchive a = new NpzArchive(file, zip, channel.file(), members, Collections.unmodifiableList(entries));
            a.sizeAtOpen();
            return a;
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static void checkName(String n, Path file) throws NpyFormatException {
        String why = n.isEmpty() ? "is empty" : n.startsWith("/") || n.matches("^[A-Za-z]:.*") ? "is absolute"
                : n.equals("..") || n.equals(".") ? "is a directory reference"
                : n.indexOf('\0') >= 0 ? "holds a NUL" : n.indexOf('\\') >= 0 ? "holds a backslash"
                : n.indexOf('/') >= 0 ? "holds a '/' (a directory path)" : null;
        if (why != null) {
            throw new NpyFormatException(NpyFormatException.Kind.MEMBER_NAME, "member name "
                    + io.npy4j.literal.Excerpt.of(n) + " " + why + ": npy4j refuses such archives", file, n, -1);
        }
    }

    /** The archive's path. */
    public Path file() {
        return file;
    }

    /** The members in central-directory order. */
    public List<NpzEntry> entries() {
        return entries;
    }

    /** The member named {@code name} (with or without {@code .npy}). */
    public Optional<NpzEntry> entry(String name) {
        ZipArchiveEntry e = lookup(name);
        return e == null ? Optional.empty() : entries.stream().filter(x -> x.zipName().equals(e.getName()))
                .findFirst();
    }

    private ZipArchiveEntry lookup(String name) {
        ZipArchiveEntry e = members.get(name);
        if (e == null && name.endsWith(".npy")) {
            e = members.get(name.substring(0, name.length() - 4));
        }
        return e;
    }

    private ZipArchiveEntry member(String name) throws NpyFormatException {
        ZipArchiveEntry e = lookup(name);
        if (e == null) {
            throw new NpyFormatException(NpyFormatException.Kind.NO_SUCH_MEMBER, "no member named "
                    + io.npy4j.literal.Excerpt.of(name) + "; members are " + names(), file, name, -1);
        }
        if (e.getGeneralPurposeBit().usesEncryption()) {
            throw new NpyFormatException(NpyFormatException.Kind.ENCRYPTED, "the member is encrypted", file,
                    name, -1);
        }
        if (e.getMethod() != ZipArchiveEntry.STORED && e.getMethod() != ZipArchiveEntry.DEFLATED) {
            throw new NpyFormatException(NpyFormatException.Kind.UNSUPPORTED_METHOD, "compression method "
                    + e.getMethod() + " is neither stored (0) nor deflated (8)", file, name, -1);
        }
        return e;
    }

    private String names() {
        List<String> n = new ArrayList<>(members.keySet());
        return n.size() <= 20 ? n.toString() : n.subList(0, 20) + " and " + (n.size() - 20) + " more";
    }

    /** The member's content (its {@code .npy} bytes, inflated), bounded by its declared size. */
    private MemberStream content(ZipArchiveEntry e) throws IOException {
        InputStream in;
        try {
            in = zip.getInputStream(e);
        } catch (IOException | RuntimeException x) {
            throw archiveError(x, e);
        }
        if (in == null) {
            throw new NpyFormatException(NpyFormatException.Kind.UNSUPPORTED_METHOD, "the member's data cannot be"
                    + " read", file, e.getName(), -1);
        }
        return new MemberStream(in, e.getSize());
    }

    private NpyFormatException archiveError(Exception x, ZipArchiveEntry e) {
        if (x instanceof NpyFormatException f) {
            return f.withMember(file, display(e));
        }
        NpyFormatException f = new NpyFormatException(NpyFormatException.Kind.ARCHIVE, "cannot read the member: "
                + x.getMessage(), file, display(e), -1);
        f.initCause(x);
        return f;
    }

    private static String display(ZipArchiveEntry e) {
        String n = e.getName();
        return n.endsWith(".npy") ? n.substring(0, n.length() - 4) : n;
    }

    /**
     * The member's header, without reading its data: stored members are read in place, deflated ones inflate only
     * the header bytes.
     */
    public NpyHeader header(String name) throws IOException {
        ZipArchiveEntry e = member(name);
        if (e.getMethod() == ZipArchiveEntry.STORED) {
            NpyHeader h = storedHeader(e);
            if (h != null) {
                return h;
            }
        }
        try (MemberStream in = content(e)) {
            NpyHeader h = Npy.readHeader(in);
            requireData(h, e);
            return h;
        } catch (IOException | RuntimeException x) {
            throw archiveError(x, e);
        }
    }

    /**
     * A stored member's header from one positional read at its local header (checked as {@link #dataOffset} checks
     * it), or null when the probe does not hold the whole header (or the member is shorter than it): the caller then
     * takes the stream path, which reads any header length and reports truncation.
     */
    private NpyHeader storedHeader(ZipArchiveEntry e) throws IOException {
        long lho = e.getLocalHeaderOffset();
        ByteBuffer b = probe(lho);
        int got = b.limit();
        if (got < 30 || b.getInt(0) != LOCAL_HEADER) {
            return null; // dataOffset reports it
        }
        int nameLength = b.getShort(26) & 0xffff;
        int extraLength = b.getShort(28) & 0xffff;
        int at = 30 + nameLength + extraLength;
        if ((b.getShort(8) & 0xffff) != e.getMethod() || at + 12 > got || !java.util.Arrays.equals(
                java.util.Arrays.copyOfRange(b.array(), 30, 30 + nameLength), e.getRawName())) {
            return null;
        }
        // magic (6), version (2), HEADER_LEN: 2 bytes in version 1, 4 in versions 2 and 3
        int major = b.get(at + 6) & 0xff;
        long total = major == 1 ? 10 + (b.getShort(at + 8) & 0xffff) : 12 + (b.getInt(at + 8) & 0xffffffffL);
        if (at + total > got || total > e.getSize() || lho + at + e.getSize() > knownSize(lho + at + e.getSize())) {
            return null;
        }
        try {
            ByteBuffer key = ByteBuffer.wrap(java.util.Arrays.copyOfRange(b.array(), at, at + (int) total));
            NpyHeader h = parsed.get(key);
            if (h == null) {
                h = Npy.readHeader(key.array());
                if (parsed.size() < PARSED_MAX) {
                    parsed.put(key, h);
                }
            }
            requireData(h, e);
            return h;
        } catch (IOException | RuntimeException x) {
            throw archiveError(x, e);
        }
    }

    /**
     * {@link #HEADER_PROBE} bytes at {@code pos} (fewer at the end of the file), from a {@link #PROBE_AHEAD}-byte
     * read-ahead: the local headers of small members lie close together, so listing the headers of 1,000 of them
     * takes a few dozen reads, not 1,000.
     */
    /** The file's size, asked again only when a member seems not to fit (the file only grows under an append). */
    private long knownSize(long need) throws IOException {
        if (need > fileSize) {
            fileSize = data.size();
        }
        return fileSize;
    }

    private ByteBuffer probe(long pos) throws IOException {
        synchronized (probeLock) {
            boolean held = pos >= probeStart && probeStart >= 0 && (pos + HEADER_PROBE <= probeStart + probeLength
                    || probeLength < probeBuf.length); // a short fill reached the end of the file
            if (!held) {
                ByteBuffer fill = ByteBuffer.wrap(probeBuf);
                while (fill.hasRemaining() && data.read(fill, pos + fill.position()) >= 0) {
                    // fill the read-ahead or reach the end of the file
                }
                probeStart = pos;
                probeLength = fill.position();
            }
            int from = (int) (pos - probeStart);
            int n = Math.max(0, Math.min(HEADER_PROBE, probeLength - from));
            return ByteBuffer.wrap(java.util.Arrays.copyOfRange(probeBuf, from, from + n))
                    .order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private void requireData(NpyHeader h, ZipArchiveEntry e) throws NpyFormatException {
        if (h.dtype().hasObjects()) {
            throw new NpyFormatException(NpyFormatException.Kind.OBJECT_DTYPE, "dtype " + h.dtype().descr()
                    + " holds Python objects: the data is a pickle, which npy4j never loads", file, display(e),
                    h.dataOffset());
        }
        long need = h.dataOffset() + h.dataLength();
        if (e.getSize() < need) {
            throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, "the member declares " + e.getSize()
                    + " bytes but its header promises " + need + " (data offset " + h.dataOffset() + " + "
                    + h.dataLength() + " data bytes for shape " + h.shape() + " of " + h.dtype().descr() + ")", file,
                    display(e), e.getSize());
        }
    }

    /** The whole member in memory ({@code np.load(npz)[name]}), its CRC-32 checked. */
    public NpyArray read(String name) throws IOException {
        ZipArchiveEntry e = member(name);
        if (e.getMethod() == ZipArchiveEntry.STORED) {
            NpyArray a = readStored(name, e);
            if (a != null) {
                return a;
            }
        }
        try (MemberStream in = content(e)) {
            NpyHeader h = Npy.readHeader(in);
            requireData(h, e);
            long n = HeapArrays.byteLength(h.dtype(), h.shape(), "member " + name);
            byte[] data = readGrowing(in, (int) n, h.dataOffset());
            in.finishAndCheck(e.getCrc());
            return HeapArrays.wrap(data, h.dtype(), h.shape(), h.fortranOrder() ? io.npy4j.Order.F
                    : io.npy4j.Order.C, true);
        } catch (IllegalArgumentException x) {
            throw new NpyFormatException(NpyFormatException.Kind.TOO_LARGE, x.getMessage(), file, display(e), -1);
        } catch (IOException | RuntimeException x) {
            throw archiveError(x, e);
        }
    }

    /**
     * A stored member (C order, non-empty items) copied out of a mapping of its data, the CRC-32 computed over the
     * header bytes, the copy and any bytes after the data: one copy fewer than the stream (page cache to a
     * temporary direct buffer to the array). Null for what the stream path handles (Fortran order, 0-byte items,
     * empty arrays).
     */
    private NpyArray readStored(String name, ZipArchiveEntry e) throws IOException {
        NpyHeader h = header(name);
        if (h.fortranOrder() || h.itemSize() == 0 || h.shape().size() == 0) {
            return null;
        }
        long n;
        try {
            n = HeapArrays.byteLength(h.dtype(), h.shape(), "member " + name);
        } catch (IllegalArgumentException x) {
            throw new NpyFormatException(NpyFormatException.Kind.TOO_LARGE, x.getMessage(), file, display(e), -1);
        }
        long start = dataOffset(e);
        byte[] bytes = new byte[(int) n];
        try (NpyArray view = map(name, Selection.all(), MapMode.READ_ONLY)) {
            view.readRaw(0, bytes, 0, Math.toIntExact(view.size()));
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(readAt(start, (int) h.dataOffset(), e));
        crc.update(bytes);
        long tail = e.getSize() - h.dataOffset() - n;
        for (long at = start + h.dataOffset() + n; tail > 0; ) {
            byte[] t = readAt(at, (int) Math.min(tail, 1 << 20), e);
            crc.update(t);
            at += t.length;
            tail -= t.length;
        }
        if (crc.getValue() != e.getCrc()) {
            throw new NpyFormatException(NpyFormatException.Kind.CRC_MISMATCH, String.format("CRC-32 of the content"
                    + " is %08x, the archive records %08x", crc.getValue(), e.getCrc()), file, display(e), -1);
        }
        return HeapArrays.wrap(bytes, h.dtype(), h.shape(), io.npy4j.Order.C, true);
    }

    private byte[] readAt(long pos, int length, ZipArchiveEntry e) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        readFully(data, b, pos, e);
        return b.array();
    }

    /**
     * The elements {@code selection} picks, in memory. A stored member reads only those bytes through a mapping; a
     * deflated member inflates only as far as the last byte the selection needs (in C order: up to its last row).
     * The CRC is checked only when the whole member was inflated.
     */
    public NpyArray read(String name, Selection selection) throws IOException {
        ZipArchiveEntry e = member(name);
        if (e.getMethod() == ZipArchiveEntry.STORED) {
            try (NpyArray view = map(name, selection, MapMode.READ_ONLY)) {
                return view.copy();
            }
        }
        try (MemberStream in = content(e)) {
            NpyHeader h = Npy.readHeader(in);
            requireData(h, e);
            Region region = selection.resolve(h.shape().toArray(), h.fortranOrder());
            long item = Math.max(1, h.itemSize());
            CopyPlan plan = CopyPlan.of(region, item, false);
            long first = h.itemSize() == 0 ? 0 : plan.firstByte();
            long length = h.itemSize() == 0 ? 0 : plan.endByte() - plan.firstByte();
            if (length > HeapArrays.MAX_BYTES) {
                throw new NpyFormatException(NpyFormatException.Kind.TOO_LARGE, "the selection spans " + length
                        + " bytes of the member, more than one Java array holds", file, display(e), -1);
            }
            in.skipNBytes(first);
            byte[] data = readGrowing(in, (int) length, h.dataOffset() + first);
            if (first == 0 && length == h.dataLength()) {
                in.finishAndCheck(e.getCrc());
            }
            ByteWindow w = WindowFactory.heap(data, 0, data.length, true);
            return WindowArray.open(w, h.dtype(), region.shifted(-(first / item)), "memory");
        } catch (IOException | RuntimeException x) {
            throw archiveError(x, e);
        }
    }

    /**
     * Reads {@code length} bytes, growing the buffer fourfold from 16 MiB as they arrive: a member whose header
     * promises gigabytes it does not hold costs what it holds, not what it claims.
     */
    private static byte[] readGrowing(InputStream in, int length, long offset) throws IOException {
        byte[] data = new byte[Math.min(length, 16 << 20)];
        int pos = 0;
        while (pos < length) {
            if (pos == data.length) {
                data = java.util.Arrays.copyOf(data, (int) Math.min(length, 4L * data.length));
            }
            int n = in.read(data, pos, Math.min(1 << 20, data.length - pos));
            if (n < 0) {
                throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, "the member ends after " + pos
                        + " of the " + length + " data bytes its header promises", offset + pos);
            }
            pos += n;
        }
        return data;
    }

    /**
     * The selected part of a member, whatever its compression: a stored member mapped in place
     * ({@link #map(String, Selection, MapMode, MapOptions)}), a deflated one inflated as far as the selection needs
     * ({@link #read(String, Selection)}; in memory, so copy-on-write in effect).
     *
     * @throws NpyFormatException {@code UNSUPPORTED_METHOD} for {@code READ_WRITE} of a deflated member, whose
     *     writes could not reach the archive
     */
    public NpyArray open(String name, Selection selection, MapMode mode, MapOptions options) throws IOException {
        ZipArchiveEntry e = member(name);
        if (e.getMethod() == ZipArchiveEntry.STORED) {
            return map(name, selection, mode, options);
        }
        if (mode == MapMode.READ_WRITE) {
            throw new NpyFormatException(NpyFormatException.Kind.UNSUPPORTED_METHOD, "a deflated member cannot be"
                    + " written in place; read it (or open it copy-on-write)", file, display(e), -1);
        }
        return read(name, selection);
    }

    /** {@link #map(String, Selection, MapMode, MapOptions)} with the default options. */
    public NpyArray map(String name, Selection selection, MapMode mode) throws IOException {
        return map(name, selection, mode, MapOptions.defaults());
    }

    /**
     * Maps the selected part of a stored member in place, with every mode a {@code .npy} file has
     * ({@code READ_ONLY}, {@code COPY_ON_WRITE}, and {@code READ_WRITE}, whose {@code close()} rewrites the member's
     * CRC-32 in its local header and the central directory so that the archive stays valid for NumPy).
     *
     * @throws NpyFormatException {@code UNSUPPORTED_METHOD} for a deflated member (use {@link #read(String,
     *     Selection)}); {@code LOCAL_HEADER_MISMATCH} if the local header disagrees with the central directory
     */
    public NpyArray map(String name, Selection selection, MapMode mode, MapOptions options) throws IOException {
        ZipArchiveEntry e = member(name);
        if (e.getMethod() != ZipArchiveEntry.STORED) {
            throw new NpyFormatException(NpyFormatException.Kind.UNSUPPORTED_METHOD, "a deflated member cannot be"
                    + " mapped; read it, or read(name, selection) to inflate only what a selection needs", file,
                    display(e), -1);
        }
        if (mode == MapMode.CREATE) {
            throw new IllegalArgumentException("members are created with NpzWriter, not MapMode.CREATE");
        }
        long start = dataOffset(e);
        NpyHeader h = header(name);
        Region region = selection.resolve(h.shape().toArray(), h.fortranOrder());
        long item = Math.max(1, h.itemSize());
        CopyPlan plan = CopyPlan.of(region, item, false);
        long length = h.itemSize() == 0 ? 0 : plan.endByte() - plan.firstByte();
        FileChannel.MapMode m = mode == MapMode.READ_ONLY ? FileChannel.MapMode.READ_ONLY
                : mode == MapMode.READ_WRITE ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.PRIVATE;
        ByteWindow w = WindowFactory.open(file, start + h.dataOffset() + plan.firstByte(), length, m,
                options.chunkSize(), options.maxLiveChunks(), options.positional(), options.readAhead());
        if (mode == MapMode.READ_WRITE) {
            w = new CrcUpdatingWindow(w, file, e, start);
        }
        return WindowArray.open(w, h.dtype(), region.shifted(-(plan.firstByte() / item)), mode.numpyMode());
    }

    /**
     * Where the member's content starts: from its local header (NumPy's local headers carry a zip64 extra field
     * the central directory lacks, so the central directory alone cannot say), checked against the directory.
     */
    long dataOffset(ZipArchiveEntry e) throws IOException {
        long lho = e.getLocalHeaderOffset();
        FileChannel ch = data;
        {
            ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, b, lho, e);
            if (b.getInt(0) != LOCAL_HEADER) {
                throw new NpyFormatException(NpyFormatException.Kind.LOCAL_HEADER_MISMATCH, "no local header at byte "
                        + lho + ", where the central directory puts it", file, display(e), lho);
            }
            int method = b.getShort(8) & 0xffff;
            int nameLength = b.getShort(26) & 0xffff;
            int extraLength = b.getShort(28) & 0xffff;
            ByteBuffer n = ByteBuffer.allocate(nameLength);
            readFully(ch, n, lho + 30, e);
            if (method != e.getMethod() || !java.util.Arrays.equals(n.array(), e.getRawName())) {
                throw new NpyFormatException(NpyFormatException.Kind.LOCAL_HEADER_MISMATCH, "the local header at byte "
                        + lho + " names " + io.npy4j.literal.Excerpt.of(new String(n.array(),
                        java.nio.charset.StandardCharsets.UTF_8)) + " with method " + method + ", the central"
                        + " directory " + io.npy4j.literal.Excerpt.of(e.getName()) + " with method "
                        + e.getMethod(), file, display(e), lho);
            }
            long start = lho + 30 + nameLength + extraLength;
            if (start + e.getCompressedSize() > ch.size() || e.getCompressedSize() != e.getSize()) {
                throw new NpyFormatException(NpyFormatException.Kind.ARCHIVE, "the stored member's "
                        + e.getSize() + " bytes at byte " + start + " do not fit the archive of " + ch.size()
                        + " bytes", file, display(e), start);
            }
            return start;
        }
    }

    private void readFully(FileChannel ch, ByteBuffer b, long pos, ZipArchiveEntry e) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new NpyFormatException(NpyFormatException.Kind.ARCHIVE, "the archive ends inside the member's"
                        + " local header", file, display(e), pos + b.position());
            }
        }
    }

    /**
     * Where the members' stored bytes end: after the data of the member whose local header is last, read from that
     * local header (zipfile's local extra fields differ from the central directory's). An append writes from here.
     */
    long endOfData(long cdOffset) throws IOException {
        ZipArchiveEntry last = null;
        for (ZipArchiveEntry e : members.values()) {
            if (last == null || e.getLocalHeaderOffset() > last.getLocalHeaderOffset()) {
                last = e;
            }
        }
        if (last == null) {
            return cdOffset;
        }
        long lho = last.getLocalHeaderOffset();
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        readFully(data, b, lho, last);
        if (b.getInt(0) != LOCAL_HEADER) {
            throw new NpyFormatException(NpyFormatException.Kind.LOCAL_HEADER_MISMATCH, "no local header at byte "
                    + lho + ", where the central directory puts it", file, display(last), lho);
        }
        long end = InPlaceAppend.endOf(last, b.getShort(26) & 0xffff, b.getShort(28) & 0xffff);
        if (last.getGeneralPurposeBit().usesDataDescriptor()) {
            end = Math.min(end, cdOffset); // its descriptor's length was guessed at its largest
        }
        if (end > cdOffset) {
            throw new NpyFormatException(NpyFormatException.Kind.ARCHIVE, "the member's data ends at byte " + end
                    + ", inside the central directory at byte " + cdOffset, file, display(last), end);
        }
        return end;
    }

    /** A member as commons-compress lists it, for raw copies (null if there is none of that name). */
    ZipArchiveEntry zipEntry(String name) {
        return lookup(name);
    }

    /** The member's stored bytes as they are (compressed if deflated), for a copy without re-deflating. */
    InputStream rawStream(ZipArchiveEntry e) throws IOException {
        try {
            return zip.getRawInputStream(e);
        } catch (IOException | RuntimeException x) {
            throw archiveError(x, e);
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    @Override
    public String toString() {
        return "NpzArchive[" + file + ", " + entries.size() + " members]";
    }
}
