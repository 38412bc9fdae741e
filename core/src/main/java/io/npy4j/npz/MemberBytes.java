package io.npy4j.npz;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A member's {@code .npy} content made ready to go into an archive as it is: its CRC-32 and size, and its bytes as
 * they will be stored (deflated at zlib level 6, or as they are) in a {@link Staging}.
 *
 * @param zipName the name in the archive ({@code a.npy})
 * @param deflated whether {@code bytes} are deflated
 * @param crc the CRC-32 of the content
 * @param size the content's length
 * @param bytes the stored bytes: {@code bytes.size()} is the compressed size
 */
record MemberBytes(String zipName, boolean deflated, long crc, long size, Staging bytes) {
    private static final byte[] EMPTY = new byte[0];

    long compressedSize() {
        return bytes.size();
    }

    /**
     * {@code Npy.save} of {@code a} deflated straight from the buffers it writes (no pipe, no thread of its own),
     * into a staging.
     */
    static MemberBytes deflate(String zipName, NpyArray a, Path dir, AtomicLong budget) throws IOException {
        Staging out = new Staging(dir, budget);
        Deflater d = new Deflater(NpzWriter.NUMPY_LEVEL, true);
        CRC32 crc = new CRC32();
        byte[] buf = new byte[256 << 10];
        long[] size = {0};
        try {
            Npy.save(new WritableByteChannel() {
                @Override
                public int write(ByteBuffer src) throws IOException {
                    int n = src.remaining();
                    crc.update(src.duplicate());
                    d.setInput(src);
                    while (!d.needsInput()) {
                        int k = d.deflate(buf);
                        out.write(buf, 0, k);
                    }
                    d.setInput(EMPTY); // Npy.save refills its buffer: the deflater must not see it again
                    src.position(src.limit());
                    size[0] += n;
                    return n;
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {
                    // nothing to close
                }
            }, a);
            d.finish();
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return new MemberBytes(zipName, true, crc.getValue(), size[0], out);
        } catch (NpyFormatException e) {
            out.close();
            throw e;
        } catch (IOException | RuntimeException e) {
            out.close();
            throw new IOException("member " + zipName + ": " + e.getMessage(), e);
        } finally {
            d.end();
        }
    }

    /** A stream that counts and checksums what passes through it: the content side of a staged member. */
    static final class Checked extends FilterOutputStream {
        final CRC32 crc = new CRC32();
        long size;

        Checked(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            crc.update(b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            crc.update(b, off, len);
            size += len;
        }

        @Override
        public void close() {
            // the staging is closed by its owner
        }
    }
}
