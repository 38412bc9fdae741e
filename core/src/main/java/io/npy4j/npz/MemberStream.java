package io.npy4j.npz;

import io.npy4j.NpyFormatException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/**
 * A member's content as a stream that never yields more than the member declares and keeps its CRC-32: reading past
 * the declared size (an inflater that keeps producing, a zip bomb) is an {@code INFLATE_LIMIT} error.
 */
final class MemberStream extends FilterInputStream {
    private final long declared;
    private final CRC32 crc = new CRC32();
    private long count;

    MemberStream(InputStream in, long declared) {
        super(in);
        this.declared = declared;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (count >= declared) {
            if (in.read() >= 0) {
                throw new NpyFormatException(NpyFormatException.Kind.INFLATE_LIMIT, "the member yields more than the "
                        + declared + " bytes its entry declares", count);
            }
            return -1;
        }
        int n;
        try {
            n = in.read(b, off, (int) Math.min(len, declared - count));
        } catch (IOException | RuntimeException e) {
            if (e instanceof NpyFormatException) {
                throw e;
            }
            // a corrupt deflate stream: ZipException or a RuntimeException from the inflater
            NpyFormatException x = new NpyFormatException(NpyFormatException.Kind.ARCHIVE, "cannot decompress the"
                    + " member at byte " + count + ": " + e.getMessage(), count);
            x.initCause(e);
            throw x;
        }
        if (n > 0) {
            crc.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
        long done = 0;
        while (done < n) {
            int k = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (k < 0) {
                break;
            }
            done += k;
        }
        return done;
    }

    /** Bytes read so far. */
    long count() {
        return count;
    }

    /** Reads to the declared end, then checks the CRC-32. */
    void finishAndCheck(long expectedCrc) throws IOException {
        skip(declared - count);
        if (count < declared) {
            throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, "the member ends after " + count
                    + " of the " + declared + " bytes its entry declares", count);
        }
        if (in.read() >= 0) {
            throw new NpyFormatException(NpyFormatException.Kind.INFLATE_LIMIT, "the member yields more than the "
                    + declared + " bytes its entry declares", count);
        }
        if (crc.getValue() != expectedCrc) {
            throw new NpyFormatException(NpyFormatException.Kind.CRC_MISMATCH, String.format("CRC-32 of the content"
                    + " is %08x, the archive records %08x", crc.getValue(), expectedCrc), -1);
        }
    }
}
