package io.npy4j;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replaces a file's content all at once: the new bytes go to a temporary file in the same directory, are forced to
 * disk, and renamed over the target, so a failure (full disk, kill, exception) leaves the old file as it was and no
 * temporary file behind (a shutdown hook removes it on Ctrl-C or SIGTERM; only SIGKILL can leave one, named
 * {@code .NAME.<hex>.tmp}).
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

    private AtomicFile() {
    }

    /**
     * Replaces {@code target}'s content with what {@code content} writes, as the class comment says.
     *
     * @throws FileSystemException naming the target (or its missing directory) when it cannot be written
     */
    public static void write(Path target, Content content) throws IOException {
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
        Path tmp = dir.resolve("." + real.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong() >>> 1) + ".tmp");
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
                content.writeTo(ch);
                ch.force(true);
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
