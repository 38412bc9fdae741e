package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.Channels;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link Npy#read} allocates for the data that is there, not for what the header promises: a 128-byte file whose
 * header says 2 GiB is {@code DATA_TRUNCATED}, not an {@code OutOfMemoryError} (found by ParserFuzzTest#read on
 * the corpus's {@code header_only_growth_1e09.npy}: the byte[] form allocated before checking, streams and channels
 * allocated the whole promised length up front).
 */
class ReadAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A header for {@code count} uint8 elements followed by {@code present} data bytes. */
    private static byte[] promising(long count, int present) {
        byte[] header = Npy.encodeHeader(NpyHeader.of(ScalarType.UINT8, Shape.of(count), false));
        byte[] b = Arrays.copyOf(header, header.length + present);
        for (int i = 0; i < present; i++) {
            b[header.length + i] = (byte) i;
        }
        return b;
    }

    interface Read {
        void run() throws IOException;
    }

    /** Runs {@code read}, which must fail with DATA_TRUNCATED allocating less than {@code maxBytes}. */
    private static void truncatedWithin(long maxBytes, Read read) {
        long a0 = THREADS.getCurrentThreadAllocatedBytes();
        NpyFormatException e = assertThrows(NpyFormatException.class, read::run);
        long used = THREADS.getCurrentThreadAllocatedBytes() - a0;
        assertEquals(NpyFormatException.Kind.DATA_TRUNCATED, e.kind(), e.getMessage());
        assertTrue(used < maxBytes, "allocated " + used + " bytes");
    }

    @Test
    void aHeaderPromisingTwoGigabytesAllocatesForTheBytesPresent() {
        byte[] file = promising(Integer.MAX_VALUE - 16, 10);
        truncatedWithin(1 << 20, () -> Npy.read(file));
        truncatedWithin(24 << 20, () -> Npy.read(new ByteArrayInputStream(file)));
        truncatedWithin(24 << 20, () -> Npy.read(Channels.newChannel(new ByteArrayInputStream(file))));
    }

    @Test
    void dataLongerThanOneReadStepStillReadsWhole() throws IOException {
        int n = (8 << 20) * 2 + 12345; // grows the buffer twice
        byte[] file = promising(n, n);
        byte[] expect = Arrays.copyOfRange(file, file.length - n, file.length);
        for (NpyArray a : new NpyArray[] {Npy.read(file), Npy.read(new ByteArrayInputStream(file)),
            Npy.read(Channels.newChannel(new ByteArrayInputStream(file)))}) {
            assertEquals(Shape.of(n), a.shape());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.save(out, a, SaveOptions.defaults().withDataOnly(true));
            assertArrayEquals(expect, out.toByteArray());
        }
        // a stream one byte short of that is DATA_TRUNCATED at the right offset
        byte[] shortFile = Arrays.copyOf(file, file.length - 1);
        NpyFormatException e = assertThrows(NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(shortFile)));
        assertEquals(NpyFormatException.Kind.DATA_TRUNCATED, e.kind());
        assertEquals(shortFile.length, e.byteOffset());
    }
}
