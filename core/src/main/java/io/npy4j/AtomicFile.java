package io.npy4j;

import io.npy4j.array.WriteBehind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces a file's content all at once: the new bytes go to a temporary file in the same directory, are forced to
 * disk, and renamed over the target, so a failure (full disk, kill, exception) leaves the old file as it was and no
 * temporary file behind (a shutdown hook removes it on Ctrl-C or SIGTERM; only SIGKILL or a power loss can leave
 * one).
 *
 * <p>The temporary file is {@code .NAME.<pid>.<16 hex digits>.tmp}, {@code <pid>} the writing process's. Before
 * writing, a save removes the temporary files of earlier saves to the same target that were abandoned: those of its
 * naming whose process is gone, or whose PID now belongs to a process started after the file was last written (the
 * PID was reused), and names of the older form {@code .NAME.<hex>.tmp} not written for an hour. Temporary files of
 * live processes, of this process and of other targets are left alone. PIDs are this host's: a directory shared with
 * another host or PID namespace can have a save there failed by the removal of its temporary file (its target is
 * still untouched, the rename fails); saves of one target from several hosts need their own locking anyway.
 *
 * <p>A symbolic link is followed: the file it points to is replaced and the link stays. A target that exists but is
 * not a regular file (a device such as {@code /dev/null}, a FIFO) is written in place, as {@code np.save} does. An
 * existing target keeps its permissions; a new one gets the umask's. {@link Npy#save} writes through it; so can
 * other writers of whole files.
 */
public final class AtomicFile {
    /** Writes the new content to an open channel. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel ch) throws IOException;
    }

    /** A temporary file of ours, after {@code .NAME.}: the writer's PID and 16 hex digits. */
    private static final Pattern OURS = Pattern.compile("(\\d{1,19})\\.[0-9a-f]{16}\\.tmp");
    /** The older naming, without a PID: removed when not written for {@link #LEGACY_AGE}. */
    private static final Pattern LEGACY = Pattern.compile("[0-9a-f]{1,16}\\.tmp");
    private static final Duration LEGACY_AGE = Duration.ofHours(1);
    /** Slack for the process start time, which Linux gives in clock ticks since an estimated boot time. */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);

    private AtomicFile() {
    }

    /**
     * Replaces {@code target}'s content with what {@code content} writes, as the class comment says.
     *
     * @throws FileSystemException naming the target (or its missing directory) when it cannot be written
     */
    public static void write(Path target, Content content) throws IOException {
        write(target, content, -1, true);
    }

    /**
     * {@link #write(Path, Content)}, with {@code force = false} skipping the {@code fsync} before the rename: still
     * atomic for readers and against the writer being killed (the target holds the old content or the whole new
     * one), but an operating-system crash or power loss soon after can lose the new content; on file systems that
     * do not order data before renames it can leave the target empty (ext4 with {@code auto_da_alloc}, its
     * default, flushes a file renamed over another on its own).
     */
    public static void write(Path target, Content content, boolean force) throws IOException {
        write(target, content, -1, force);
    }

    /**
     * As {@link #write(Path, Content)} for content of about {@code expectedBytes} bytes (-1: unknown). A file of at
     * least 64 MiB is forced in the background while it is written, so the final force waits only for the tail (the
     * disk writes while the page cache fills). With {@code durable} false the file is not forced at all: the rename
     * still replaces the target whole for readers, but after a crash or power loss it may hold the old content, the
     * new, or (on file systems without ext4's flush of a file renamed over another) an empty or partial file.
     */
    public static void write(Path target, Content content, long expectedBytes, boolean durable) throws IOException {
        Path real = resolve(target);
        if (Files.exists(real) && !Files.isRegularFile(real)) {
            if (Files.isDirectory(real)) {
                throw new FileSystemException(target.toString(), null, "is a directory");
            }
            try (FileChannel ch = FileChannel.open(real, StandardOpenOption.WRITE)) {
                content.writeTo(ch);
            } catch (FileSystemException e) {
                throw e;
            } catch (IOException e) { // /dev/full: about the target, not whatever the content was read from
                FileSystemException x = new FileSystemException(target.toString(), null, "cannot write: "
                        + e.getMessage());
                x.initCause(e);
                throw x;
            }
            return;
        }
        Path dir = real.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null, "the directory of " + target
                    + " does not exist");
        }
        removeAbandoned(dir, real.getFileName().toString());
        Path tmp = dir.resolve("." + real.getFileName() + "." + ProcessHandle.current().pid() + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".tmp");
        Thread cleanup = new Thread(() -> { // Ctrl-C or SIGTERM: finally blocks do not run, shutdown hooks do
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do while the JVM exits
            }
        });
        boolean hooked = false;
        boolean done = false;
        try {
            Runtime.getRuntime().addShutdownHook(cleanup);
            hooked = true;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                WriteBehind behind = durable && expectedBytes >= WriteBehind.MIN_BYTES
                        ? WriteBehind.start(ch, tmp.getFileName().toString()) : null;
                try {
                    content.writeTo(ch);
                    if (behind != null) {
                        behind.finish();
                    }
                } finally {
                    if (behind != null) {
                        behind.close();
                    }
                }
                if (durable) {
                    ch.force(true);
                }
            } catch (FileSystemException e) {
                throw e;
            } catch (IOException e) { // a full disk, an I/O error: say which file could not be written
                FileSystemException x = new FileSystemException(target.toString(), null, "cannot write"
                        + " (temporary file " + tmp.getFileName() + "): " + e.getMessage());
                x.initCause(e);
                throw x;
            }
            if (Files.exists(real)) { // overwriting keeps the target's permissions, as np.save's open(..., 'wb')
                try {
                    Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(real));
                } catch (UnsupportedOperationException | IOException ignored) {
                    // not a POSIX file system: the new file keeps default permissions
                }
            }
            try {
                Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, real, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the name starts with '.' and ends in .tmp
                }
            }
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or will run: it deletes the temporary file
                }
            }
        }
    }

    /**
     * Deletes the temporary files in {@code dir} that earlier saves to {@code name} abandoned (killed with SIGKILL),
     * as the class comment says. Best effort: what cannot be listed or deleted stays, and the save goes on.
     */
    static void removeAbandoned(Path dir, String name) {
        String prefix = "." + name + ".";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.length() > prefix.length() && n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path p : files) {
                String rest = p.getFileName().toString().substring(prefix.length());
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (!a.isRegularFile()) {
                        continue;
                    }
                    Instant written = a.lastModifiedTime().toInstant();
                    Matcher m = OURS.matcher(rest);
                    boolean abandoned = m.matches() ? abandoned(m.group(1), written)
                            : LEGACY.matcher(rest).matches()
                                    && written.plus(LEGACY_AGE).isBefore(Instant.now());
                    if (abandoned) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile, or not ours to delete: leave it
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable directory: the save itself will say what is wrong
        }
    }

    /** Whether the process that wrote a temporary file last at {@code written} is gone. */
    private static boolean abandoned(String pidText, Instant written) {
        long pid;
        try {
            pid = Long.parseLong(pidText);
        } catch (NumberFormatException e) {
            return false;
        }
        if (pid == ProcessHandle.current().pid()) {
            return false; // another thread's save, in progress
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return true;
        }
        Optional<Instant> started = p.get().info().startInstant(); // the PID reused by a later process?
        return started.isPresent() && started.get().isAfter(written.plus(CLOCK_SLACK));
    }

    /** The file a path names after following symbolic links (also a dangling link's target). */
    static Path resolve(Path target) throws IOException {
        Path p = target;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops > 40) {
                throw new FileSystemException(target.toString(), null, "too many levels of symbolic links");
            }
            Path link = Files.readSymbolicLink(p);
            Path parent = p.toAbsolutePath().getParent();
            p = parent == null ? link : parent.resolve(link);
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return p.toRealPath(); // directory links inside the path too
        }
        Path parent = p.toAbsolutePath().getParent();
        return parent != null && Files.isDirectory(parent) ? parent.toRealPath().resolve(p.getFileName()) : p;
    }
}
