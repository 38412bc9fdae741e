package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import io.npy4j.select.Selection;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sparse file of 4.3 GB of 12-byte records, with known values at and around the 2^31 and 2^32 byte marks: reads
 * and writes in every mode, through windows that cross the marks, with the default chunking and with 1 MiB chunks
 * (where records straddle chunk boundaries).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LargeFileIT {
    private static final DType RECORD = DType.parse("[('a', '<i4'), ('b', '>f4'), ('c', '<i4')]");
    private static final long N = ((1L << 32) + (1L << 24)) / 12;
    private static final long[] MARKS = {1L << 31, 1L << 32};
    private Path dir;
    private Path file;
    private NpyHeader header;

    @BeforeAll
    void createSparseFile() throws Exception {
        dir = Files.createTempDirectory("npy4j-large");
        Assumptions.assumeTrue(Files.getFileStore(dir).getUsableSpace() > (1L << 30), "needs 1 GiB free");
        file = dir.resolve("big.npy");
        header = NpyHeader.of(RECORD, Shape.of(N), false);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(Npy.encodeHeader(header));
            raf.setLength(header.dataOffset() + header.dataLength());
            for (long mark : MARKS) {
                for (long e = first(mark) - 3; e <= first(mark) + 3; e++) {
                    raf.seek(header.dataOffset() + e * 12);
                    raf.write(record(e));
                }
            }
        }
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (file != null) {
            Files.deleteIfExists(file);
        }
        if (dir != null) {
            try (var s = Files.list(dir)) {
                s.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
        System.clearProperty("npy4j.mapping.chunkSize");
    }

    /** The record whose bytes hold file byte {@code mark}. */
    private long first(long mark) {
        return (mark - header.dataOffset()) / 12;
    }

    private static byte[] record(long e) {
        ByteBuffer b = ByteBuffer.allocate(12);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) e);
        b.order(ByteOrder.BIG_ENDIAN).putFloat(4, e * 0.5f);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(8, (int) -e);
        return b.array();
    }

    private void useChunks(long chunk) {
        if (chunk == 0) {
            System.clearProperty("npy4j.mapping.chunkSize");
        } else {
            System.setProperty("npy4j.mapping.chunkSize", Long.toString(chunk));
        }
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(longs = {0, 1 << 20})
    void readsKnownRecordsAcrossTheMarks(long chunk) throws Exception {
        useChunks(chunk);
        for (long mark : MARKS) {
            long e0 = first(mark) - 3;
            try (NpyArray m = Npy.map(file, Selection.parse("[" + e0 + ":" + (e0 + 7) + "]"),
                    MapMode.READ_ONLY)) {
                int[] a = new int[7];
                float[] b = new float[7];
                m.field("a").read(0, a, 0, 7);
                m.field("b").read(0, b, 0, 7);
                for (int i = 0; i < 7; i++) {
                    assertEquals((int) (e0 + i), a[i]);
                    assertEquals((e0 + i) * 0.5f, b[i]);
                }
                byte[] raw = new byte[12];
                m.readRaw(3, raw, 0, 1); // the record holding the mark itself
                assertArrayEquals(record(e0 + 3), raw);
            }
        }
        // one window over both marks: 2 GiB+ of records, only the touched pages are read
        try (NpyArray m = Npy.map(file, Selection.parse("[" + (first(MARKS[0]) - 3) + ":" + (first(MARKS[1]) + 4)
                + "]"), MapMode.READ_ONLY)) {
            long last = m.size() - 1;
            assertEquals((int) -(first(MARKS[1]) + 3), (int) m.field("c").getLong(last));
            assertEquals((int) (first(MARKS[0]) - 3), (int) m.field("a").getLong(0));
        }
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(longs = {0, 1 << 20})
    void readWriteReachesTheFileAndCopyOnWriteDoesNot(long chunk) throws Exception {
        useChunks(chunk);
        long e = first(MARKS[1]);
        try (NpyArray m = Npy.map(file, Selection.parse("[" + (e - 1) + ":" + (e + 2) + "]"),
                MapMode.COPY_ON_WRITE)) {
            m.field("a").write(0, new int[] {7, 8, 9}, 0, 3);
            assertEquals(8, m.field("a").getLong(1));
        }
        assertArrayEquals(record(e), readRecord(e), "copy-on-write must not reach the file");
        try (NpyArray m = Npy.map(file, Selection.parse("[" + (e - 1) + ":" + (e + 2) + "]"),
                MapMode.READ_WRITE)) {
            m.field("b").write(0, new float[] {1.5f, 2.5f, 3.5f}, 0, 3);
            m.force();
        }
        assertEquals(2.5f, ByteBuffer.wrap(readRecord(e)).order(ByteOrder.BIG_ENDIAN).getFloat(4));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) { // restore
            raf.seek(header.dataOffset() + (e - 1) * 12);
            raf.write(record(e - 1));
            raf.write(record(e));
            raf.write(record(e + 1));
        }
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(longs = {0, 1 << 20})
    void createMakesASparseFileWritableAcrossTheMarks(long chunk) throws Exception {
        useChunks(chunk);
        Path created = dir.resolve("created.npy");
        try (NpyArray m = Npy.create(created, header)) {
            for (long mark : MARKS) {
                m.field("c").setLong(-42, first(mark));
            }
            m.force();
        }
        assertEquals(header, Npy.readHeader(created));
        assertEquals(header.dataOffset() + header.dataLength(), Files.size(created));
        try (NpyArray m = Npy.map(created, MapMode.READ_ONLY)) {
            for (long mark : MARKS) {
                assertEquals(-42, m.field("c").getLong(first(mark)));
                assertEquals(0, m.field("c").getLong(first(mark) + 1));
            }
        }
        Files.delete(created);
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(longs = {0})
    void readOnlyViewRefusesWrites(long chunk) throws Exception {
        useChunks(chunk);
        try (NpyArray m = Npy.map(file, Selection.parse("[-2:]"), MapMode.READ_ONLY)) {
            assertThrows(java.nio.ReadOnlyBufferException.class, () -> m.field("a").setLong(1, 0));
        }
    }

    private byte[] readRecord(long e) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] b = new byte[12];
            raf.seek(header.dataOffset() + e * 12);
            raf.readFully(b);
            return b;
        }
    }
}
