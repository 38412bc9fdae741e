package io.npy4j.npz;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Exclusive hold of an archive while it is appended to or rewritten: a per-file semaphore among the JVM's threads
 * (the JVM holds {@code fcntl} locks per process) and an exclusive {@code FileChannel.lock} among processes, on a
 * read-write channel that the holder reads the archive through (on Linux, closing any other channel of the file
 * would release the process's lock). A rewrite renames a new file over the archive while holding the old one's
 * lock, so the holder checks, once locked, that its channel is still the file the path names, and starts again if
 * not: an append never lands in a file that a rewrite has just replaced.
 */
final class ArchiveLock implements AutoCloseable {
    private static final ConcurrentHashMap<Path, Semaphore> IN_JVM = new ConcurrentHashMap<>();
    private final Semaphore semaphore;
    private final FileChannel channel;
    private final FileLock lock;

    private ArchiveLock(Semaphore semaphore, FileChannel channel, FileLock lock) {
        this.semaphore = semaphore;
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the archive at {@code real} (symbolic links resolved) and holds it. */
    static ArchiveLock acquire(Path real) throws IOException {
        Semaphore s = IN_JVM.computeIfAbsent(real, p -> new Semaphore(1, true));
        s.acquireUninterruptibly();
        try {
            for (int attempt = 0; ; attempt++) {
                Object before = fileKey(real);
                FileChannel ch = FileChannel.open(real, StandardOpenOption.READ, StandardOpenOption.WRITE);
                try {
                    FileLock l = ch.lock();
                    if (Objects.equals(before, fileKey(real)) || attempt > 100) {
                        return new ArchiveLock(s, ch, l);
                    }
                } catch (IOException | RuntimeException e) {
                    ch.close();
                    throw e;
                }
                ch.close(); // replaced meanwhile: lock the new file
            }
        } catch (IOException | RuntimeException e) {
            s.release();
            throw e;
        }
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    FileChannel channel() {
        return channel;
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } finally {
            semaphore.release();
        }
    }
}
