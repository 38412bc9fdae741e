package io.npy4j.array;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.MapMode;
import io.npy4j.MapOptions;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import io.npy4j.select.Region;
import io.npy4j.select.Selection;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads large enough to be split over the cores give what a sequential copy gives, and fail as it fails. */
class ParallelTest {
    /** 3072 x 1024 {@code <f8}: 24 MiB, three times the split threshold, over 1 MiB chunks (many boundaries). */
    private static final long ROWS = 3072;
    private static final long COLS = 1024;
    @TempDir
    static Path dir;
    private static Path file;
    private static byte[] data;
    private static final MapOptions SMALL_CHUNKS = MapOptions.defaults().withChunkSize(1 << 20).withMaxLiveChunks(3);

    @BeforeAll
    static void write() throws Exception {
        NpyHeader h = NpyHeader.of(DType.parse("'<f8'"), Shape.of(ROWS, COLS), false);
        data = new byte[(int) h.dataLength()];
        new Random(7).nextBytes(data);
        file = dir.resolve("big.npy");
        byte[] header = Npy.encodeHeader(h);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(new ByteBuffer[] {ByteBuffer.wrap(header), ByteBuffer.wrap(data)});
        }
    }

    @Test
    void everyPartRunsOnceOverItsOwnRange() {
        AtomicIntegerArray hits = new AtomicIntegerArray(1001);
        Parallel.run(1001, 4, (start, count) -> {
            for (long i = start; i < start + count; i++) {
                hits.incrementAndGet((int) i);
            }
        });
        for (int i = 0; i < 1001; i++) {
            assertEquals(1, hits.get(i), "element " + i);
        }
    }

    @Test
    void aPartsExceptionReachesTheCallerAsTheSameObject() {
        IllegalStateException boom = new IllegalStateException("part 2 failed");
        IllegalStateException got = assertThrows(IllegalStateException.class, () -> Parallel.run(100, 3,
                (start, count) -> {
                    if (start > 60) {
                        throw boom;
                    }
                }));
        assertSame(boom, got);
    }

    @Test
    void smallCopiesAreNotSplit() {
        assertEquals(1, Parallel.parts(Parallel.PART_BYTES, 1 << 20));
        assertEquals(1, Parallel.parts(1L << 40, 1), "one element cannot be split");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[...]", "[:, 5]", "[::3, 100:900]", "[::-1, ::-7]", "[7:3000, -1]", "[..., 1000:]"})
    void splitReadsEqualTheBytes(String expr) throws Exception {
        Region region = Selection.parse(expr).resolve(new long[] {ROWS, COLS}, false);
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        try (NpyArray m = Npy.map(file, Selection.parse(expr), MapMode.READ_ONLY, SMALL_CHUNKS)) {
            double[] got = new double[(int) m.size()];
            m.read(0, got, 0, got.length);
            for (int k = 0; k < got.length; k++) {
                double want = b.getDouble((int) (region.storageIndex(k) * 8));
                if (Double.doubleToRawLongBits(want) != Double.doubleToRawLongBits(got[k])) {
                    assertEquals(want, got[k], expr + " element " + k);
                }
            }
            byte[] raw = new byte[(int) m.size() * 8];
            m.readRaw(0, raw, 0, (int) m.size());
            assertEquals(ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getDouble(raw.length - 8),
                    got[got.length - 1]);
        }
    }

    @Test
    void aFieldOfALargeRecordArrayIsPickedOutOfEveryRecord() throws Exception {
        // 28-byte records [t <f8, x >f4 (3,), id <i8] over 1 MiB chunks: records straddle chunk boundaries
        NpyHeader h = NpyHeader.of(DType.parse("[('t', '<f8'), ('x', '>f4', (3,)), ('id', '<i8')]"),
                Shape.of(1 << 20), false);
        byte[] recs = new byte[(int) h.dataLength()];
        new Random(11).nextBytes(recs);
        Path f = dir.resolve("records.npy");
        Files.write(f, concat(Npy.encodeHeader(h), recs));
        ByteBuffer b = ByteBuffer.wrap(recs).order(ByteOrder.BIG_ENDIAN);
        try (NpyArray m = Npy.map(f, Selection.all(), MapMode.READ_ONLY, SMALL_CHUNKS)) {
            NpyArray x = m.field("x");
            float[] got = new float[(int) x.size()];
            x.read(0, got, 0, got.length);
            for (int i = 0; i < got.length; i++) {
                int bits = b.getInt((i / 3) * 28 + 8 + (i % 3) * 4);
                if (bits != Float.floatToRawIntBits(got[i])) {
                    assertEquals(Float.intBitsToFloat(bits), got[i], "value " + i);
                }
            }
            float[] mid = new float[got.length - 2]; // starts and ends inside a record
            x.read(1, mid, 0, mid.length);
            assertArrayEquals(java.util.Arrays.copyOfRange(got, 1, got.length - 1), mid);
            long[] ids = new long[1 << 20];
            m.field("id").read(0, ids, 0, ids.length);
            assertEquals(ByteBuffer.wrap(recs).order(ByteOrder.LITTLE_ENDIAN).getLong(28 * 777 + 20), ids[777]);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void aFileTruncatedUnderASplitReadIsTheTypedError() throws Exception {
        Path copy = dir.resolve("shrinking.npy");
        Files.copy(file, copy);
        try (NpyArray m = Npy.map(copy, Selection.parse("[:, 5]"), MapMode.READ_ONLY, SMALL_CHUNKS)) {
            try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                ch.truncate(ch.size() / 2);
            }
            double[] got = new double[(int) m.size()];
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> m.read(0, got, 0, got.length));
            assertTrue(e.getCause().getMessage().contains("truncated"), e.getCause().getMessage());
        }
    }

    @Test
    void visitedBytesOfALargeMappedFileAreTheFileInPlace() throws Exception {
        try (NpyArray m = Npy.map(file, Selection.all(), MapMode.READ_ONLY, SMALL_CHUNKS)) {
            byte[] seen = new byte[data.length];
            int[] pieces = {0};
            m.forEachChunk((first, d) -> {
                d.get(seen, (int) first * 8, d.remaining());
                pieces[0]++;
            });
            assertArrayEquals(data, seen);
            assertTrue(pieces[0] >= 24, "one piece per 1 MiB chunk at least, got " + pieces[0]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[...]", "[100:3000]", "[::2]", "[5:, 3:]"})
    void aParallelVisitCoversEveryElementOnce(String expr) throws Exception {
        Region region = Selection.parse(expr).resolve(new long[] {ROWS, COLS}, false);
        try (NpyArray m = Npy.map(file, Selection.parse(expr), MapMode.READ_ONLY, SMALL_CHUNKS)) {
            byte[] seen = new byte[(int) m.size() * 8];
            AtomicIntegerArray hits = new AtomicIntegerArray((int) m.size());
            m.parallelForEachChunk((first, d) -> {
                int n = d.remaining() / 8;
                d.get(seen, (int) first * 8, d.remaining());
                for (int i = 0; i < n; i++) {
                    hits.incrementAndGet((int) first + i);
                }
            });
            for (int k = 0; k < m.size(); k++) {
                assertEquals(1, hits.get(k), expr + " element " + k);
            }
            for (int k = 0; k < m.size(); k += 97) {
                int at = (int) (region.storageIndex(k) * 8);
                assertArrayEquals(java.util.Arrays.copyOfRange(data, at, at + 8),
                        java.util.Arrays.copyOfRange(seen, k * 8, k * 8 + 8), expr + " element " + k);
            }
        }
    }

    @Test
    void aVisitorsExceptionEndsAParallelVisit() throws Exception {
        try (NpyArray m = Npy.map(file, Selection.all(), MapMode.READ_ONLY, SMALL_CHUNKS)) {
            ArithmeticException boom = new ArithmeticException("stop");
            assertSame(boom, assertThrows(ArithmeticException.class, () -> m.parallelForEachChunk((first, d) -> {
                if (first > ROWS * COLS / 2) {
                    throw boom;
                }
            })));
        }
    }

    @Test
    void aBufferKeptPastTheVisitAndTheCloseCannotCrashTheJvm() throws Exception {
        ByteBuffer[] kept = new ByteBuffer[1];
        try (NpyArray m = Npy.map(file, Selection.all(), MapMode.READ_ONLY, SMALL_CHUNKS)) {
            m.forEachChunk((first, d) -> {
                if (first == 0) {
                    kept[0] = d;
                }
            });
        }
        System.gc();
        try { // Java 17: the mapping lives on until the buffer is unreachable; Java 22+: the access is refused
            assertEquals(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getLong(8), kept[0].getLong(8));
        } catch (IllegalStateException expected) {
            assertTrue(expected.getMessage().contains("closed") || expected.getMessage().contains("alive"),
                    expected.getMessage());
        }
    }
}
