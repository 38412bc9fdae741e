package io.npy4j.write;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Files that appear whole or not at all: content goes to a hidden temporary file in the target's directory
 * ({@code .NAME.<hex>.tmp}), is forced, and is then published under the target's name.
 */
final class NewFile {
    /** Writes the content of a file being created. */
    @FunctionalInterface
    interface Content {
        void writeTo(FileChannel ch) throws IOException;
    }

    private NewFile() {
    }

    /** A fresh temporary name next to {@code target}. */
    static Path temporaryFor(Path target) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        String name = "." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1)
                + ".tmp";
        return dir == null ? Path.of(name) : dir.resolve(name);
    }

    /**
     * Creates {@code target} with the given content unless a file of that name exists; never touches an existing
     * file. The content is complete and forced before the name appears: the temporary file is hard-linked to the
     * target ({@code link(2)} fails if the name exists, atomically, also on NFS), and where the file system has no
     * hard links the target is created with {@code CREATE_NEW} ({@code O_EXCL}) and written in place, so a racing
     * reader may then briefly see a short file.
     *
     * @return true if this call created the file, false if it existed
     */
    static boolean createIfAbsent(Path target, Content content) throws IOException {
        if (Files.exists(target)) {
            return false;
        }
        Path tmp = temporaryFor(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.writeTo(ch);
                ch.force(true);
            }
            try {
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException e) {
                if (Files.exists(target)) {
                    return false;
                }
                return createExclusive(target, content);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The fallback without hard links: {@code O_EXCL}, then the content in place. */
    private static boolean createExclusive(Path target, Content content) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            content.writeTo(ch);
            ch.force(true);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }
}
