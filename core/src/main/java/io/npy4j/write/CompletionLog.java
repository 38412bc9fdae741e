package io.npy4j.write;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Completion tracking without a master: a sidecar next to the data ({@code result.npy.done}) with one byte per window
 * of a {@link Partition}, which each worker sets after it has forced its data. {@link #missing()} lists the windows
 * not yet marked, so a scheduler can re-run exactly those. The {@code .npy} itself is untouched: NumPy reads it as
 * any other file.
 *
 * <p>Layout (all of it written once by the coordinator, {@link #createIfAbsent}): 64 bytes of ASCII text
 * {@code "npy4j-done 1 axis=A windows=K"} padded with spaces and ending in {@code '\n'}; then K little-endian int64
 * window ends (the last is the row count); then K status bytes, 0 for "not done", 1 for "done".
 *
 * <p>A worker marks its window with a one-byte positional write followed by {@code fsync} ({@link #markDone}), never
 * through a mapping: a mapped page is written back whole, a {@code pwrite} only changes its own byte (also on NFS,
 * whose client sends only the dirty byte range of a page). Mark a window only after {@link
 * io.npy4j.NpyArray#force()} of its data returned: a window marked done then survives a crash of the worker, the
 * machine or the file server. A crash between the data's force and the mark leaves the window unmarked (it is redone,
 * harmlessly); a crash before the force leaves the window's rows either written or zero, and unmarked.
 */
public final class CompletionLog implements Closeable {
    static final int TEXT = 64;
    private static final String MAGIC = "npy4j-done 1";
    private final Path file;
    private final FileChannel channel;
    private final Partition partition;
    private final long statusOffset;

    private CompletionLog(Path file, FileChannel channel, Partition partition) {
        this.file = file;
        this.channel = channel;
        this.partition = partition;
        this.statusOffset = TEXT + 8L * partition.size();
    }

    /** The sidecar of {@code npy}: the same name with {@code .done} appended. */
    public static Path sidecarOf(Path npy) {
        return npy.resolveSibling(npy.getFileName() + ".done");
    }

    /**
     * Creates the sidecar of {@code npy} for {@code partition}, all windows not done, unless it exists (atomic as
     * {@link PreallocatedFile#createIfAbsent}); an existing sidecar is opened and must record the same windows.
     *
     * @throws FileSystemException naming the sidecar if it records another partition
     */
    public static CompletionLog createIfAbsent(Path npy, Partition partition) throws IOException {
        Path side = sidecarOf(npy);
        NewFile.createIfAbsent(side, ch -> {
            ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(TEXT + 9L * partition.size()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            String text = MAGIC + " axis=" + partition.axis() + " windows=" + partition.size();
            b.put((text + " ".repeat(TEXT - 1 - text.length()) + "\n").getBytes(StandardCharsets.US_ASCII));
            for (Partition.Window w : partition.windows()) {
                b.putLong(w.end());
            }
            b.clear();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
        CompletionLog log = open(npy, true);
        if (!ends(log.partition).equals(ends(partition)) || log.partition.axis() != partition.axis()) {
            log.close();
            throw new FileSystemException(side.toString(), null, "records " + log.partition + ", not " + partition);
        }
        return log;
    }

    private static List<Long> ends(Partition p) {
        List<Long> e = new ArrayList<>();
        p.windows().forEach(w -> e.add(w.end()));
        return e;
    }

    /** Opens the sidecar of {@code npy} to mark windows ({@code writable}) or to check them. */
    public static CompletionLog open(Path npy, boolean writable) throws IOException {
        Path side = sidecarOf(npy);
        FileChannel ch = writable ? FileChannel.open(side, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(side, StandardOpenOption.READ);
        try {
            ByteBuffer text = ByteBuffer.allocate(TEXT);
            readFully(ch, text, 0, side);
            String t = new String(text.array(), StandardCharsets.US_ASCII).strip();
            String[] parts = t.split(" +");
            if (!t.startsWith(MAGIC) || parts.length != 4 || !parts[2].startsWith("axis=")
                    || !parts[3].startsWith("windows=")) {
                throw new FileSystemException(side.toString(), null, "is not an npy4j completion log (starts with "
                        + io.npy4j.literal.Excerpt.of(t) + ")");
            }
            int axis = Integer.parseInt(parts[2].substring(5));
            int windows = Integer.parseInt(parts[3].substring(8));
            ByteBuffer table = ByteBuffer.allocate(Math.toIntExact(8L * windows)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, table, TEXT, side);
            long[] ends = new long[windows];
            for (int i = 0; i < windows; i++) {
                ends[i] = table.getLong(8 * i);
            }
            Partition p;
            try {
                p = Partition.ofEnds(axis, 1, ends);
            } catch (IllegalArgumentException e) {
                throw new FileSystemException(side.toString(), null, "holds invalid window ends: " + e.getMessage());
            }
            if (ch.size() < TEXT + 9L * windows) {
                throw new FileSystemException(side.toString(), null, "is " + ch.size() + " bytes, expected "
                        + (TEXT + 9L * windows) + " for " + windows + " windows");
            }
            return new CompletionLog(side, ch, p);
        } catch (IOException | RuntimeException e) {
            ch.close();
            if (e instanceof NumberFormatException) {
                throw new FileSystemException(side.toString(), null, "is not an npy4j completion log");
            }
            throw e;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at, Path file) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b, at + b.position()) < 0) {
                throw new EOFException(file + ": ends at byte " + (at + b.position()));
            }
        }
        b.flip();
    }

    /** The windows the log tracks (alignment is not recorded: {@link Partition#alignment()} is 1). */
    public Partition partition() {
        return partition;
    }

    /** The sidecar file. */
    public Path file() {
        return file;
    }

    /**
     * Marks window {@code index} done: one byte written in place, then forced to disk before returning. Safe to call
     * from any number of processes for distinct (or the same) windows at once.
     */
    public void markDone(int index) throws IOException {
        Partition.Window w = partition.window(index); // bounds check, with the index in the message
        ByteBuffer one = ByteBuffer.wrap(new byte[] {1});
        while (one.hasRemaining()) {
            channel.write(one, statusOffset + w.index());
        }
        channel.force(false);
    }

    public void markDone(Partition.Window window) throws IOException {
        markDone(window.index());
    }

    /** Whether window {@code index} is marked done (read from the file now). */
    public boolean isDone(int index) throws IOException {
        Partition.Window w = partition.window(index);
        ByteBuffer b = ByteBuffer.allocate(1);
        readFully(channel, b, statusOffset + w.index(), file);
        return b.get(0) != 0;
    }

    /** The windows not marked done, in order (read from the file now). */
    public List<Partition.Window> missing() throws IOException {
        ByteBuffer status = ByteBuffer.allocate(partition.size());
        readFully(channel, status, statusOffset, file);
        List<Partition.Window> m = new ArrayList<>();
        for (Partition.Window w : partition.windows()) {
            if (status.get(w.index()) == 0) {
                m.add(w);
            }
        }
        return m;
    }

    /** The windows of {@code npy} not marked done in its sidecar. */
    public static List<Partition.Window> missing(Path npy) throws IOException {
        try (CompletionLog log = open(npy, false)) {
            return log.missing();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return file + " (" + partition + ")";
    }

    /** For tests: the status bytes. */
    byte[] statusBytes() throws IOException {
        ByteBuffer status = ByteBuffer.allocate(partition.size());
        readFully(channel, status, statusOffset, file);
        return Arrays.copyOf(status.array(), status.limit());
    }
}
