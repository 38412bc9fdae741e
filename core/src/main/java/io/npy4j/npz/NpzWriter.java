package io.npy4j.npz;

import io.npy4j.AtomicFile;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.NpyFormatException;
import io.npy4j.Order;
import io.npy4j.dtype.DType;
import io.npy4j.write.NpyWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes an {@code .npz} archive as {@code np.savez} (stored members) or {@code np.savez_compressed} (deflated at
 * zlib's level 6, as Python's zipfile) does: each member unzips to exactly the bytes {@code np.save} writes for its
 * array. Three ways to open one:
 *
 * <ul>
 *   <li>{@link #create} ({@link Npy#newNpz(Path, boolean)}): a new archive, replacing any file at the path;</li>
 *   <li>{@link #append}: members added to an existing archive in place, after its last member, without moving or
 *       rewriting the members it has (crash-safe, SPEC §13.1);</li>
 *   <li>{@link #update}: members of an existing archive replaced ({@link #add} of a name it has) or removed
 *       ({@link #remove}), new ones added at the end: the archive is rewritten, the members kept copied as their
 *       stored bytes (no re-deflating).</li>
 * </ul>
 *
 * <p>Members come from arrays ({@link #add(String, NpyArray)}, read at {@code close()}, so the arrays must stay
 * open until then), from Java arrays, or row by row ({@link #addRows}: the final shape given up front, the count
 * checked at {@code close()}). {@code close()} writes the archive: {@code create} and {@code update} atomically
 * ({@link AtomicFile}: temp file, force, rename; the archive's old content stays until the rename), {@code append}
 * in place. Deflated members are compressed in parallel on the available cores (NumPy compresses one after
 * another), each into memory (a budget shared by the writer's members, then temporary files beside the archive)
 * while the members before it are written. Stored members are 64-byte aligned in the archive, so that mapping one
 * in place keeps NumPy's alignment of the data. Members over 4 GiB, or more than 65,535 of them, get zip64
 * records.
 *
 * <p>Not thread-safe. {@code append} and {@code update} hold the archive's lock (exclusive among processes and
 * threads that go through npy4j) while {@code close()} writes, and apply their changes to the archive as it is then.
 */
public final class NpzWriter implements AutoCloseable {
    /** Python's zipfile deflates with zlib's default level. */
    public static final int NUMPY_LEVEL = 6;
    /** Heap bytes a writer's staged members may take before they go to temporary files. */
    private static final long STAGING_BUDGET = Math.max(16L << 20, Math.min(256L << 20,
            Runtime.getRuntime().maxMemory() / 8));

    /** Bytes written between background forces. */
    private static final long FORCE_STEP = 16L << 20;

    private enum Mode { CREATE, APPEND, UPDATE }

    private final Path file;
    private final boolean compressed;
    private final Mode mode;
    /** Names (without .npy) the archive had when an append or update opened it. */
    private final Set<String> existing;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private final AtomicLong budget = new AtomicLong(STAGING_BUDGET);
    private boolean closed;
    private boolean force = true;

    /** What {@code add} and {@code addRows} gave: an array read at close, or rows staged as they came. */
    private abstract static class Member {
        final String name;

        Member(String name) {
            this.name = name;
        }

        String zipName() {
            return name + ".npy";
        }

        void discard() throws IOException {
        }
    }

    private static final class ArrayMember extends Member {
        final NpyArray array;

        ArrayMember(String name, NpyArray array) {
            super(name);
            this.array = array;
        }
    }

    private static final class RowsMember extends Member {
        final Staging staging;
        final MemberBytes.Checked content;
        final DeflaterOutputStream deflating;
        final Deflater deflater;
        final NpyWriter writer;
        final long rows;

        RowsMember(String name, Staging staging, MemberBytes.Checked content, DeflaterOutputStream deflating,
                Deflater deflater, NpyWriter writer, long rows) {
            super(name);
            this.staging = staging;
            this.content = content;
            this.deflating = deflating;
            this.deflater = deflater;
            this.writer = writer;
            this.rows = rows;
        }

        /** The staged member, once its writer has every row it promised. */
        MemberBytes finish(Path file) throws IOException {
            writer.close(); // checks the count; nothing if the caller closed it already
            if (writer.rows() != rows) {
                throw new IOException("member " + name + " of " + file + ": " + writer.rows() + " rows written, "
                        + rows + " promised");
            }
            if (deflating != null) {
                deflating.finish();
                deflater.end();
            }
            return new MemberBytes(zipName(), deflating != null, content.crc.getValue(), content.size, staging);
        }

        @Override
        void discard() throws IOException {
            if (deflater != null) {
                deflater.end();
            }
            staging.close();
        }
    }

    private NpzWriter(Path file, boolean compressed, Mode mode, Set<String> existing) {
        this.file = file;
        this.compressed = compressed;
        this.mode = mode;
        this.existing = existing;
    }

    /** A writer of a new archive {@code file}: deflated members when {@code compressed}, else stored. */
    public static NpzWriter create(Path file, boolean compressed) {
        return new NpzWriter(file, compressed, Mode.CREATE, Set.of());
    }

    /**
     * A writer that adds members to the existing archive {@code file} in place, after its last member (the
     * members it has are neither moved nor rewritten; SPEC §13.1 says how a crash at any point leaves it).
     *
     * @param compressed whether the new members are deflated
     * @throws NpyFormatException as {@link NpzArchive#open} for an archive it cannot read
     */
    public static NpzWriter append(Path file, boolean compressed) throws IOException {
        InPlaceAppend.repairIfTorn(file, file.toRealPath());
        return new NpzWriter(file, compressed, Mode.APPEND, names(file));
    }

    /**
     * A writer that rewrites the existing archive {@code file} atomically: {@link #add} of a name it has replaces
     * that member in its place, other names are added at the end, {@link #remove} drops a member; the members
     * neither replaced nor removed are copied as their stored bytes (a deflated member is not inflated or
     * deflated again).
     *
     * @param compressed whether the members added (or replacing others) are deflated
     */
    public static NpzWriter update(Path file, boolean compressed) throws IOException {
        return new NpzWriter(file, compressed, Mode.UPDATE, names(file));
    }

    private static Set<String> names(Path file) throws IOException {
        Set<String> n = new LinkedHashSet<>();
        try (NpzArchive z = NpzArchive.open(file)) {
            for (NpzEntry e : z.entries()) {
                n.add(e.name());
            }
        }
        return n;
    }

    /**
     * Skips forcing the archive to disk before {@code close()} renames it into place ({@code create} and
     * {@code update}), as {@code np.savez} never forces: the save stays atomic (a reader, or the archive after the
     * writing process is killed, has the old archive or the whole new one), but an operating-system crash or power
     * loss soon after can lose the new archive ({@link AtomicFile#write(Path, AtomicFile.Content, boolean)}). An
     * {@code append} always forces: its order of writes is what keeps the archive whole.
     */
    public NpzWriter withoutForce() {
        open();
        force = false;
        return this;
    }

    /**
     * Adds a member named {@code name} ({@code .npy} is appended, as {@code np.savez} does); in an {@link #update},
     * a name the archive has replaces that member.
     *
     * @throws IllegalArgumentException for a name added twice, a name NpzArchive would refuse (empty, with
     *     {@code /}, {@code \}, NUL, or {@code .}/{@code ..}), or in an {@link #append} a name the archive has
     *     (checked again at {@code close()}: {@code DUPLICATE_MEMBER})
     */
    public NpzWriter add(String name, NpyArray array) {
        checkNew(name);
        members.put(name, new ArrayMember(name, array));
        return this;
    }

    /** Adds a Java array ({@code double[][]}, ...) as {@link Npy#array(Object)} makes it. */
    public NpzWriter add(String name, Object javaArray) {
        return add(name, Npy.array(javaArray));
    }

    /**
     * Adds a member written row by row: {@code rows} rows of {@code rowShape} (rows are {@code a[i]} in C order,
     * {@code a[..., j]} in Fortran order), as {@link NpyWriter} takes them. The header, for the final shape, goes
     * first; the rows are deflated (or kept) as they come, in memory within the writer's budget, else in a temporary
     * file beside the archive. Close the returned writer when the rows are written, or leave it to this writer's
     * {@code close()}, which fails if fewer than {@code rows} rows came.
     *
     * @throws IllegalArgumentException as {@link #add(String, NpyArray)} for the name
     */
    public NpyWriter addRows(String name, DType dtype, Order order, long rows, long... rowShape) throws IOException {
        checkNew(name);
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be given up front (the header comes first): " + rows);
        }
        Path dir = file.toAbsolutePath().getParent();
        Staging staging = new Staging(dir, budget);
        Deflater deflater = compressed ? new Deflater(NUMPY_LEVEL, true) : null;
        DeflaterOutputStream deflating = compressed ? new DeflaterOutputStream(staging, deflater, 1 << 16) : null;
        MemberBytes.Checked content = new MemberBytes.Checked(compressed ? deflating : staging);
        NpyWriter w;
        try {
            w = NpyWriter.to((OutputStream) content, dtype, order, rows, rowShape);
        } catch (IOException | RuntimeException e) {
            if (deflater != null) {
                deflater.end();
            }
            staging.close();
            throw e;
        }
        members.put(name, new RowsMember(name, staging, content, deflating, deflater, w, rows));
        return w;
    }

    /**
     * Removes the member {@code name} (with or without {@code .npy}) from an {@link #update}d archive.
     *
     * @throws NpyFormatException {@code NO_SUCH_MEMBER} if the archive has none of that name (checked again at
     *     {@code close()})
     * @throws IllegalStateException if this writer is not an {@link #update}
     */
    public NpzWriter remove(String name) throws NpyFormatException {
        open();
        if (mode != Mode.UPDATE) {
            throw new IllegalStateException("remove is for NpzWriter.update, not " + mode.name().toLowerCase()
                    + " (" + file + ")");
        }
        String n = existing.contains(name) || !name.endsWith(".npy") ? name : name.substring(0, name.length() - 4);
        if (!existing.contains(n)) {
            throw new NpyFormatException(NpyFormatException.Kind.NO_SUCH_MEMBER, "no member named "
                    + io.npy4j.literal.Excerpt.of(name) + " to remove", file, name, -1);
        }
        removed.add(n);
        return this;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("the archive " + file + " is already written");
        }
    }

    private void checkNew(String name) {
        open();
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0
                || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("member name " + io.npy4j.literal.Excerpt.of(name) + " is not allowed:"
                    + " no '/', '\\\\', NUL, '.' or '..'");
        }
        if (members.containsKey(name)) {
            throw new IllegalArgumentException("member " + io.npy4j.literal.Excerpt.of(name) + " is added twice");
        }
        if (mode == Mode.APPEND && existing.contains(name)) {
            throw new IllegalArgumentException("the archive " + file + " already has a member "
                    + io.npy4j.literal.Excerpt.of(name) + ": an append adds new names only (NpzWriter.update"
                    + " replaces a member)");
        }
        if (mode == Mode.UPDATE) {
            removed.remove(name);
        }
    }

    /**
     * Writes the archive: {@code create} and {@code update} atomically, {@code append} in place; the writer cannot
     * be used after. Temporary staging files are deleted whatever happens.
     *
     * @throws NpyFormatException in an {@code append}, {@code DUPLICATE_MEMBER} if the archive has one of the names
     *     by now, {@code ARCHIVE} if it cannot be appended to in place (prefix data before its first member, a
     *     comment holding the end-record signature); in an {@code update}, {@code NO_SUCH_MEMBER} for a removed
     *     name the archive no longer has
     * @throws IOException if a row-written member has fewer rows than it promised
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        List<MemberBytes> staged = new ArrayList<>();
        try {
            Map<String, Object> ready = new LinkedHashMap<>(); // name -> NpyArray (read at write time) or MemberBytes
            for (Member m : members.values()) {
                if (m instanceof RowsMember r) {
                    MemberBytes b = r.finish(file);
                    staged.add(b);
                    ready.put(m.name, b);
                } else {
                    ready.put(m.name, ((ArrayMember) m).array);
                }
            }
            switch (mode) {
                case CREATE -> AtomicFile.write(file, ch -> {
                    if (compressed || staged.size() > 0) {
                        writeArchive(ch, null, ready, staged);
                    } else {
                        writeStoredInParallel(ch, ready);
                    }
                }, force);
                case UPDATE -> rewrite(ready, staged);
                case APPEND -> appendInPlace(ready, staged);
                default -> throw new AssertionError(mode);
            }
        } finally {
            for (Member m : members.values()) {
                try {
                    m.discard();
                } catch (IOException e) {
                    // a staging file that cannot be deleted: it is marked delete-on-exit, the archive is not at stake
                }
            }
            for (MemberBytes b : staged) {
                b.bytes().close();
            }
        }
    }

    private Path real() throws IOException {
        return file.toRealPath();
    }

    private void rewrite(Map<String, Object> ready, List<MemberBytes> staged) throws IOException {
        try (ArchiveLock lock = ArchiveLock.acquire(real());
                NpzArchive old = NpzArchive.open(file, lock.channel())) {
            Set<String> now = new HashSet<>();
            for (NpzEntry e : old.entries()) {
                now.add(e.name());
            }
            for (String r : removed) {
                if (!now.contains(r)) {
                    throw new NpyFormatException(NpyFormatException.Kind.NO_SUCH_MEMBER, "no member named "
                            + io.npy4j.literal.Excerpt.of(r) + " to remove (the archive changed since it was opened)",
                            file, r, -1);
                }
            }
            AtomicFile.write(file, ch -> writeArchive(ch, old, ready, staged), force);
        }
    }

    private void appendInPlace(Map<String, Object> ready, List<MemberBytes> staged) throws IOException {
        if (ready.isEmpty()) {
            return; // nothing to add (a torn archive was repaired when the writer opened)
        }
        List<InPlaceAppend.Item> items = new ArrayList<>();
        List<String> deflate = new ArrayList<>();
        for (Map.Entry<String, Object> m : ready.entrySet()) {
            if (m.getValue() instanceof NpyArray && compressed) {
                deflate.add(m.getKey());
            }
        }
        try (Deflation d = new Deflation(deflate, ready)) {
            for (Map.Entry<String, Object> m : ready.entrySet()) {
                if (m.getValue() instanceof MemberBytes b) {
                    items.add(new InPlaceAppend.Item(b));
                } else if (compressed) {
                    MemberBytes b = d.next();
                    staged.add(b);
                    items.add(new InPlaceAppend.Item(b));
                } else {
                    items.add(new InPlaceAppend.Item(m.getKey() + ".npy", (NpyArray) m.getValue()));
                }
            }
        }
        InPlaceAppend.append(file, real(), items);
    }

    /**
     * The whole archive to {@code ch}: in an update, {@code old}'s members in their order (replaced ones where they
     * were, removed ones left out, the rest copied raw), then the new ones; else the members in the order added.
     */
    private void writeArchive(FileChannel ch, NpzArchive old, Map<String, Object> ready, List<MemberBytes> staged)
            throws IOException {
        List<Object> order = new ArrayList<>(); // ZipArchiveEntry (kept raw), or a name of `ready`
        Set<String> placed = new HashSet<>();
        if (old != null) {
            for (NpzEntry e : old.entries()) {
                if (ready.containsKey(e.name())) {
                    order.add(e.name());
                    placed.add(e.name());
                } else if (!removed.contains(e.name())) {
                    order.add(old.zipEntry(e.zipName()));
                }
            }
        }
        for (String n : ready.keySet()) {
            if (!placed.contains(n)) {
                order.add(n);
            }
        }
        List<String> deflate = new ArrayList<>();
        for (Object o : order) {
            if (o instanceof String n && ready.get(n) instanceof NpyArray && compressed) {
                deflate.add(n);
            }
        }
        ZipArchiveOutputStream zos = new ZipArchiveOutputStream(ch);
        zos.setUseZip64(Zip64Mode.AsNeeded);
        long forcedAt = 0;
        try (Deflation d = new Deflation(deflate, ready); BackgroundForce force = new BackgroundForce(ch, this.force)) {
            for (Object o : order) {
                if (o instanceof ZipArchiveEntry e) {
                    ZipArchiveEntry c = rawEntry(e.getName(), e.getMethod() != ZipArchiveEntry.STORED, e.getCrc(),
                            e.getSize(), e.getCompressedSize());
                    c.setTime(e.getTime());
                    try (java.io.InputStream raw = old.rawStream(e)) {
                        zos.addRawArchiveEntry(c, raw);
                    }
                } else {
                    String n = (String) o;
                    Object v = ready.get(n);
                    if (v instanceof MemberBytes b) {
                        addRaw(zos, b);
                    } else if (compressed) {
                        MemberBytes b = d.next();
                        staged.add(b);
                        addRaw(zos, b);
                        b.bytes().close();
                    } else {
                        writeStored(zos, n + ".npy", (NpyArray) v);
                    }
                }
                if (zos.getBytesWritten() - forcedAt >= FORCE_STEP) { // not per member: 65,536 tiny ones
                    forcedAt = zos.getBytesWritten();
                    force.request();
                }
            }
            zos.finish(); // the central directory; the channel stays open for AtomicFile to force and rename
            force.finish();
        }
    }

    /**
     * Stored arrays only ({@code np.savez}): their sizes are known before a byte is written, so each goes straight
     * to its place in the file, one thread per core writing at once (positional writes; the zip records are
     * {@link InPlaceAppend}'s), with the background force after each.
     */
    private void writeStoredInParallel(FileChannel ch, Map<String, Object> ready) throws IOException {
        List<InPlaceAppend.Item> items = new ArrayList<>();
        for (Map.Entry<String, Object> m : ready.entrySet()) {
            items.add(new InPlaceAppend.Item(m.getKey() + ".npy", (NpyArray) m.getValue()));
        }
        long total = 0;
        for (InPlaceAppend.Item i : items) {
            total += i.size;
        }
        int threads = total < (4L << 20) ? 1 : Runtime.getRuntime().availableProcessors();
        try (BackgroundForce f = new BackgroundForce(ch, force)) {
            InPlaceAppend.writeNew(ch, items, threads, f::wrote);
            f.finish();
        }
    }

    private static ZipArchiveEntry rawEntry(String zipName, boolean deflated, long crc, long size, long csize) {
        ZipArchiveEntry c = new ZipArchiveEntry(zipName);
        c.setMethod(deflated ? ZipArchiveEntry.DEFLATED : ZipArchiveEntry.STORED);
        c.setCrc(crc);
        c.setSize(size);
        c.setCompressedSize(csize);
        if (!deflated) {
            c.setAlignment(64);
        }
        return c;
    }

    private static void addRaw(ZipArchiveOutputStream zos, MemberBytes b) throws IOException {
        ZipArchiveEntry e = rawEntry(b.zipName(), b.deflated(), b.crc(), b.size(), b.compressedSize());
        try (java.io.InputStream in = b.bytes().open()) {
            zos.addRawArchiveEntry(e, in);
        }
    }

    private static void writeStored(ZipArchiveOutputStream zos, String zipName, NpyArray a) throws IOException {
        NpyHeader h = Npy.headerFor(a, null);
        ZipArchiveEntry e = new ZipArchiveEntry(zipName);
        e.setMethod(ZipArchiveEntry.STORED);
        e.setSize(h.dataOffset() + h.dataLength());
        e.setAlignment(64);
        zos.putArchiveEntry(e);
        Npy.save(new StreamChannel(zos), a); // not closed: the entry is closed below, the archive stays open
        zos.closeArchiveEntry();
    }

    /**
     * The deflated members, compressed in order on a pool of one thread per core, at most two per thread ahead of
     * the one being written (so the staged bytes stay bounded), handed out in order by {@link #next()}.
     */
    private final class Deflation implements AutoCloseable {
        private final List<String> names;
        private final Map<String, Object> ready;
        private final ExecutorService pool;
        private final List<Future<MemberBytes>> futures = new ArrayList<>();
        private final int window;
        private int taken;

        Deflation(List<String> names, Map<String, Object> ready) {
            this.names = names;
            this.ready = ready;
            int threads = Math.max(1, Math.min(names.size(), Runtime.getRuntime().availableProcessors()));
            this.window = 2 * threads;
            this.pool = names.isEmpty() ? null : Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "npy4j-deflate");
                t.setDaemon(true);
                return t;
            });
            for (int i = 0; i < Math.min(window, names.size()); i++) {
                submit(i);
            }
        }

        private void submit(int i) {
            String n = names.get(i);
            NpyArray a = (NpyArray) ready.get(n);
            Path dir = file.toAbsolutePath().getParent();
            futures.add(pool.submit(() -> MemberBytes.deflate(n + ".npy", a, dir, budget)));
        }

        MemberBytes next() throws IOException {
            int i = taken++;
            if (i + window < names.size()) {
                submit(i + window);
            }
            try {
                return futures.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while compressing " + file);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IOException("compressing member " + names.get(i) + " of " + file + " failed: "
                        + e.getCause(), e.getCause());
            }
        }

        @Override
        public void close() {
            if (pool == null) {
                return;
            }
            pool.shutdownNow();
            for (int i = taken; i < futures.size(); i++) { // not written (a failure): free what they staged
                try {
                    futures.get(i).get().bytes().close();
                } catch (Exception ignored) {
                    // failed or cancelled: nothing staged to free
                }
            }
        }
    }

    /**
     * Forces the archive's bytes to disk in the background while later members are written, so that the final
     * force (AtomicFile's, before the rename) has little left to do: the disk works while the CPU does. One force
     * at a time; requests during a force coalesce into the next.
     */
    private static final class BackgroundForce implements AutoCloseable {
        private final FileChannel ch;
        private final Thread thread;
        private boolean requested;
        private long pending;
        private boolean stop;
        private IOException failure;

        /** @param enabled false for a writer that does not force at all: requests are then ignored */
        BackgroundForce(FileChannel ch, boolean enabled) {
            this.ch = ch;
            this.thread = new Thread(this::run, "npy4j-npz-force");
            thread.setDaemon(true);
            if (enabled) {
                thread.start();
            }
        }

        synchronized void request() {
            requested = true;
            notifyAll();
        }

        /** {@code n} more bytes are written: a force is requested every {@link #FORCE_STEP} bytes. */
        synchronized void wrote(long n) {
            pending += n;
            if (pending >= FORCE_STEP) {
                pending = 0;
                request();
            }
        }

        private void run() {
            while (true) {
                synchronized (this) {
                    while (!requested && !stop) {
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    if (!requested) {
                        return;
                    }
                    requested = false;
                }
                try {
                    ch.force(false);
                } catch (IOException e) {
                    synchronized (this) {
                        failure = failure == null ? e : failure;
                    }
                }
            }
        }

        /** Waits for the force under way; reports a failed one (AtomicFile's own force follows). */
        void finish() throws IOException {
            synchronized (this) {
                requested = false;
                stop = true;
                notifyAll();
            }
            try {
                if (thread.isAlive()) {
                    thread.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while forcing " + ch);
            }
            synchronized (this) {
                if (failure != null) {
                    throw failure;
                }
            }
        }

        @Override
        public void close() {
            synchronized (this) {
                requested = false;
                stop = true;
                notifyAll();
            }
        }
    }

    /**
     * A channel over a stream that hands each buffer to the stream in one {@code write} ({@code Npy.save}'s 1 MiB
     * steps), where {@code Channels.newChannel(OutputStream)} cuts every write into 8 KiB pieces: 16,384 CRC updates
     * and system calls per 128 MiB of stored members, 16,384 pipe hand-offs for deflated ones.
     */
    private static final class StreamChannel implements java.nio.channels.WritableByteChannel {
        private final OutputStream out;
        private byte[] copy;

        StreamChannel(OutputStream out) {
            this.out = out;
        }

        @Override
        public int write(java.nio.ByteBuffer src) throws IOException {
            int n = src.remaining();
            if (src.hasArray()) {
                out.write(src.array(), src.arrayOffset() + src.position(), n);
                src.position(src.limit());
                return n;
            }
            if (copy == null) {
                copy = new byte[1 << 20];
            }
            while (src.hasRemaining()) {
                int k = Math.min(copy.length, src.remaining());
                src.get(copy, 0, k);
                out.write(copy, 0, k);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // the stream belongs to the caller
        }
    }

}
