package io.npy4j.array;

import io.npy4j.NpyArray;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.function.LongConsumer;

/** Streams an array's data bytes to a channel through one bounded buffer. */
public final class DataWriter {
    private DataWriter() {
    }

    /**
     * Writes the data of {@code a} in C order (Fortran order where the array supports it) to {@code out}.
     *
     * @return bytes written
     * @throws UnsupportedOperationException for Fortran order of an array that cannot produce it
     */
    public static long write(NpyArray a, WritableByteChannel out, boolean fortran, int bufferSize,
            LongConsumer progress) throws IOException {
        if (a instanceof WindowArray w) {
            return w.writeData(out, fortran, bufferSize, progress);
        }
        if (fortran) {
            throw new UnsupportedOperationException("Fortran-order output of " + a.getClass().getSimpleName()
                    + " is not supported; save it in C order");
        }
        return writeC(a, out, bufferSize, progress);
    }

    /** C order by raw reads of whole elements, a buffer at a time. */
    static long writeC(NpyArray a, WritableByteChannel out, int bufferSize, LongConsumer progress)
            throws IOException {
        long item = a.dtype().itemSize();
        if (item == 0 || a.size() == 0) {
            return 0;
        }
        int per = (int) Math.max(1, Math.min(a.size(), Math.max(1, bufferSize) / item));
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(per * item));
        long written = 0;
        for (long k = 0; k < a.size(); ) {
            int n = (int) Math.min(per, a.size() - k);
            buf.clear();
            a.readRaw(k, buf.array(), 0, n);
            buf.limit((int) (n * item));
            written += drain(out, buf, progress, written);
            k += n;
        }
        return written;
    }

    /** Writes the buffer's remaining bytes, clears it, and tells progress the new total. */
    static long drain(WritableByteChannel out, ByteBuffer b, LongConsumer progress, long before) throws IOException {
        long n = b.remaining();
        while (b.hasRemaining()) {
            out.write(b);
        }
        b.clear();
        if (progress != null) {
            progress.accept(before + n);
        }
        return n;
    }
}
