package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import java.io.ByteArrayInputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadHeaderTest {
    @TempDir
    Path dir;

    @Test
    void readsHeaderOfSparseMultiTerabyteFileInstantly() throws Exception {
        // 2^38 float64 = 2 TiB of data: only the header bytes may be touched
        NpyHeader h = NpyHeader.of(ScalarType.FLOAT64, Shape.of(1L << 28, 1L << 10), false);
        Path f = dir.resolve("huge.npy");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(Npy.encodeHeader(h));
            raf.setLength(h.dataOffset() + h.dataLength());
        }
        NpyHeader read = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> Npy.readHeader(f));
        assertEquals(h, read);
        assertEquals(1L << 41, read.dataLength());
        assertEquals(128, read.dataOffset());
    }

    @Test
    void reportsFileShorterThanHeaderPromisesWithBothLengths() throws Exception {
        NpyHeader h = NpyHeader.of(ScalarType.FLOAT64, Shape.of(1_000_000_000L), false);
        Path f = dir.resolve("short.npy");
        Files.write(f, concat(Npy.encodeHeader(h), new byte[64]));
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.readHeader(f));
        assertEquals(NpyFormatException.Kind.DATA_TRUNCATED, e.kind());
        assertEquals(f, e.file().orElseThrow());
        assertTrue(e.getMessage().contains("192") && e.getMessage().contains("8000000128"), e.getMessage());
    }

    @Test
    void dataShortByOneByteIsRejected() throws Exception {
        NpyHeader h = NpyHeader.of(ScalarType.INT32, Shape.of(4), false);
        Path f = dir.resolve("short1.npy");
        Files.write(f, concat(Npy.encodeHeader(h), new byte[15]));
        assertEquals(NpyFormatException.Kind.DATA_TRUNCATED,
                assertThrows(NpyFormatException.class, () -> Npy.readHeader(f)).kind());
        Files.write(f, concat(Npy.encodeHeader(h), new byte[16]));
        assertEquals(h, Npy.readHeader(f));
    }

    @Test
    void headerLongerThanFileFailsBeforeAllocating() throws Exception {
        Path f = dir.resolve("liar.npy");
        // version 2.0, HEADER_LEN = 0xFFFFFFF0, eight bytes of text
        byte[] b = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xf0, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            '{', '}', ' ', ' ', ' ', ' ', ' ', '\n'};
        Files.write(f, b);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.readHeader(f, Integer.MAX_VALUE));
        assertEquals(NpyFormatException.Kind.TRUNCATED, e.kind());
        assertTrue(e.getMessage().contains("4294967280") && e.getMessage().contains(" 8 bytes"), e.getMessage());
    }

    @Test
    void channelIsLeftAtFirstDataByte() throws Exception {
        NpyHeader h = NpyHeader.of(ScalarType.INT8, Shape.of(3), false);
        byte[] file = concat(Npy.encodeHeader(h), new byte[] {7, 8, 9});
        ReadableByteChannel ch = Channels.newChannel(new ByteArrayInputStream(file));
        assertEquals(h, Npy.readHeader(ch));
        ByteBuffer rest = ByteBuffer.allocate(10);
        assertEquals(3, ch.read(rest));
        assertArrayEquals(new byte[] {7, 8, 9}, java.util.Arrays.copyOf(rest.array(), 3));
    }

    @Test
    void inputStreamAndBytesAgreeWithPath() throws Exception {
        NpyHeader h = NpyHeader.of(io.npy4j.dtype.DType.parse("[('x', '<i4', (2,)), ('y', '>f8')]"),
                Shape.of(2, 3), true);
        byte[] file = concat(Npy.encodeHeader(h), new byte[(int) h.dataLength()]);
        Path f = dir.resolve("s.npy");
        Files.write(f, file);
        assertEquals(h, Npy.readHeader(f));
        assertEquals(h, Npy.readHeader(new ByteArrayInputStream(file)));
        assertEquals(h, Npy.readHeader(file));
        assertEquals(h, Npy.readHeader(java.util.Arrays.copyOf(file, (int) h.dataOffset())));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
