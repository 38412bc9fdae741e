package io.npy4j.npz;

import io.npy4j.AtomicFile;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.NpyFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.commons.compress.archivers.zip.DefaultBackingStoreSupplier;
import org.apache.commons.compress.archivers.zip.ParallelScatterZipCreator;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes an {@code .npz} archive as {@code np.savez} (stored members) or {@code np.savez_compressed} (deflated at
 * zlib's level 6, as Python's zipfile) does: each member unzips to exactly the bytes {@code np.save} writes for its
 * array. Open one with {@link Npy#newNpz(Path, boolean)}; add members, then {@link #close()} writes the archive.
 *
 * <p>The archive appears at {@code close()}, atomically ({@link AtomicFile}): members are read from their arrays
 * then, so the arrays must stay open until {@code close()}. Deflated members are compressed in parallel on the
 * available cores (NumPy compresses one after another); stored members are 64-byte aligned in the archive, so that
 * mapping one in place keeps NumPy's alignment of the data. Members over 4 GiB, or more than 65,535 of them, get
 * zip64 records.
 */
public final class NpzWriter implements AutoCloseable {
    /** Python's zipfile deflates with zlib's default level. */
    public static final int NUMPY_LEVEL = 6;
    private final Path file;
    private final boolean compressed;
    private final List<String> names = new ArrayList<>();
    private final List<NpyArray> arrays = new ArrayList<>();
    private final Set<String> seen = new LinkedHashSet<>();
    private boolean closed;

    private NpzWriter(Path file, boolean compressed) {
        this.file = file;
        this.compressed = compressed;
    }

    /** A writer of {@code file}: deflated members when {@code compressed}, else stored. */
    public static NpzWriter create(Path file, boolean compressed) {
        return new NpzWriter(file, compressed);
    }

    /**
     * Adds a member named {@code name} ({@code .npy} is appended, as {@code np.savez} does).
     *
     * @throws IllegalArgumentException for a duplicate name, or a name NpzArchive would refuse (empty, with
     *     {@code /}, {@code \}, NUL, or {@code .}/{@code ..})
     */
    public NpzWriter add(String name, NpyArray array) {
        if (closed) {
            throw new IllegalStateException("the archive " + file + " is already written");
        }
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0
                || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("member name " + io.npy4j.literal.Excerpt.of(name) + " is not allowed:"
                    + " no '/', '\\\\', NUL, '.' or '..'");
        }
        if (!seen.add(name)) {
            throw new IllegalArgumentException("member " + io.npy4j.literal.Excerpt.of(name) + " is added twice");
        }
        names.add(name);
        arrays.add(array);
        return this;
    }

    /** Adds a Java array ({@code double[][]}, ...) as {@link Npy#array(Object)} makes it. */
    public NpzWriter add(String name, Object javaArray) {
        return add(name, Npy.array(javaArray));
    }

    /** Writes the archive (atomically); the writer cannot be used after. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        AtomicFile.write(file, ch -> {
            ZipArchiveOutputStream zos = new ZipArchiveOutputStream(ch);
            zos.setUseZip64(Zip64Mode.AsNeeded);
            if (compressed) {
                writeDeflated(zos);
            } else {
                writeStored(zos);
            }
            zos.finish(); // the central directory; the channel stays open for AtomicFile to force and rename
        });
    }

    private void writeStored(ZipArchiveOutputStream zos) throws IOException {
        for (int i = 0; i < names.size(); i++) {
            NpyArray a = arrays.get(i);
            NpyHeader h = Npy.headerFor(a, null);
            ZipArchiveEntry e = new ZipArchiveEntry(names.get(i) + ".npy");
            e.setMethod(ZipArchiveEntry.STORED);
            e.setSize(h.dataOffset() + h.dataLength());
            e.setAlignment(64);
            zos.putArchiveEntry(e);
            Npy.save(new StreamChannel(zos), a); // not closed: the entry is closed below, the archive stays open
            zos.closeArchiveEntry();
        }
    }

    private void writeDeflated(ZipArchiveOutputStream zos) throws IOException {
        int threads = Math.max(1, Math.min(names.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "npy4j-deflate");
            t.setDaemon(true);
            return t;
        });
        try {
            Path staging = file.toAbsolutePath().getParent();
            ParallelScatterZipCreator creator = new ParallelScatterZipCreator(pool,
                    new DefaultBackingStoreSupplier(staging), NUMPY_LEVEL);
            for (int i = 0; i < names.size(); i++) {
                NpyArray a = arrays.get(i);
                String member = names.get(i) + ".npy";
                ZipArchiveEntry e = new ZipArchiveEntry(member);
                e.setMethod(ZipArchiveEntry.DEFLATED);
                creator.addArchiveEntry(e, () -> npyBytes(a, member));
            }
            creator.writeTo(zos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing " + file);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException("compressing a member of " + file + " failed: " + c, c);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The {@code .npy} bytes of an array as a stream: {@link Npy#save} runs in a thread feeding a pipe. */
    private static InputStream npyBytes(NpyArray a, String member) {
        PipedInputStream in = new PipedInputStream(1 << 20);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic
                .AtomicReference<>();
        try {
            PipedOutputStream out = new PipedOutputStream(in);
            Thread t = new Thread(() -> {
                try {
                    Npy.save(new StreamChannel(out), a);
                } catch (Throwable x) {
                    failure.set(x); // before the close below: the reader must not take the end for success
                } finally {
                    try {
                        out.close();
                    } catch (IOException ignored) {
                        // the reader sees the failure or the end
                    }
                }
            }, "npy4j-npz-member");
            t.setDaemon(true);
            t.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new java.io.FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n;
                try {
                    n = super.read(b, off, len);
                } catch (IOException e) {
                    throw failure.get() != null ? failed(failure.get(), member) : e;
                }
                if (n < 0 && failure.get() != null) {
                    throw failed(failure.get(), member);
                }
                return n;
            }
        };
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

    private static IOException failed(Throwable t, String member) {
        if (t instanceof NpyFormatException f) {
            return f;
        }
        return new IOException("member " + member + ": " + t.getMessage(), t);
    }

}
