package io.npy4j.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.Npy;
import io.npy4j.NpyHeader;
import io.npy4j.Order;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writers' direct path for Java values (a bulk copy into the dtype's byte order, no in-memory array) writes the
 * bytes {@code Npy.save} writes, for every dtype it takes, across its 1 MiB buffer; the write-behind force of large
 * files; the size check of {@link AppendingWriter#readHeader} after the header.
 */
@org.junit.jupiter.api.Timeout(60)
class DirectValuesTest {
    @TempDir
    Path dir;

    /** Values of {@code rows} rows of 3 for {@code dtype}'s Java type: more than 1 MiB of them for 8-byte types. */
    private static Object values(ScalarType t, int rows) {
        int n = rows * 3 * (t.code() == io.npy4j.dtype.TypeCode.COMPLEX ? 2 : 1);
        Object a = java.lang.reflect.Array.newInstance(
                io.npy4j.dtype.JavaType.nativeFor(t).arrayClass().getComponentType(), n);
        for (int i = 0; i < n; i++) {
            long v = (i * 2654435761L) ^ (i >>> 3);
            if (a instanceof double[] d) {
                d[i] = v * 0.25 - 1e6;
            } else if (a instanceof float[] f) {
                f[i] = (float) (v * 0.5);
            } else if (a instanceof long[] l) {
                l[i] = v * 0x9E3779B97F4A7C15L;
            } else if (a instanceof int[] k) {
                k[i] = (int) v;
            } else if (a instanceof short[] s) {
                s[i] = (short) v;
            } else {
                ((byte[]) a)[i] = (byte) v;
            }
        }
        return a;
    }

    @Test
    void directValuesAreNpSaveBytesForEveryDtypeTheyTake() throws Exception {
        String[] descrs = {"'|i1'", "'<i2'", "'>i2'", "'<i4'", "'>i4'", "'<i8'", "'>i8'", "'<f4'", "'>f4'", "'<f8'",
            "'>f8'", "'<c8'", "'>c16'", "'<c16'"};
        int rows = 50_000; // 1.2 MB of <f8, 2.4 MB of c16: several scratch buffers, a partial last one
        for (String descr : descrs) {
            ScalarType t = (ScalarType) DType.parse(descr);
            Object v = values(t, rows);
            RowFormat f = new RowFormat(t, Shape.of(3), false);
            assertTrue(f.copiesDirectly(v), descr);
            Path expected = dir.resolve("expected.npy");
            Npy.save(expected, Npy.array(v, t, Order.C, rows, 3));
            byte[] want = Files.readAllBytes(expected);
            Path streamed = dir.resolve("streamed.npy");
            try (NpyWriter w = NpyWriter.create(streamed, t, Order.C, 3)) {
                w.write(v);
            }
            assertArrayEquals(want, Files.readAllBytes(streamed), descr + " NpyWriter to a path");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (NpyWriter w = NpyWriter.to(out, t, Order.C, rows, 3)) {
                w.write(v);
            }
            assertArrayEquals(want, out.toByteArray(), descr + " NpyWriter to a stream (heap buffer)");
            Path appended = dir.resolve("appended.npy");
            Files.deleteIfExists(appended);
            Npy.save(appended, Npy.array(values(t, 0), t, Order.C, 0, 3));
            try (AppendingWriter w = AppendingWriter.open(appended)) {
                w.write(v);
            }
            assertArrayEquals(want, Files.readAllBytes(appended), descr + " AppendingWriter");
        }
    }

    @Test
    void fortranFilesOfOneAxisRowsTakeTheDirectPathAndWiderRowsDoNot() throws Exception {
        ScalarType t = ScalarType.FLOAT64;
        double[] v = (double[]) values(t, 10);
        // Fortran order, rows of shape (3,): row j is a[:, j]; the file (3, 10) in Fortran order
        Path streamed = dir.resolve("f.npy");
        try (NpyWriter w = NpyWriter.create(streamed, t, Order.F, 3)) {
            assertTrue(new RowFormat(t, Shape.of(3), true).copiesDirectly(v));
            w.write(v);
        }
        double[] columnMajor = v; // rows one after another = Fortran order of (3, 10)
        Path saved = dir.resolve("saved.npy");
        Npy.save(saved, Npy.array(columnMajor, t, Order.F, 3, 10));
        assertArrayEquals(Files.readAllBytes(saved), Files.readAllBytes(streamed));
        assertFalse(new RowFormat(t, Shape.of(3, 2), true).copiesDirectly(new double[6]), "F rows of rank 2");
        ScalarType u4 = (ScalarType) DType.parse("'<u4'");
        assertFalse(new RowFormat(u4, Shape.of(3), false).copiesDirectly(new int[3]), "unsigned");
        assertFalse(new RowFormat(t, Shape.of(3), false).copiesDirectly(new float[3]), "a conversion");
        assertThrows(IllegalArgumentException.class, () -> {
            try (NpyWriter w = NpyWriter.create(dir.resolve("x.npy"), t, Order.C, 3)) {
                w.write(new double[4]); // not whole rows: refused, nothing written
            }
        });
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".x.npy")), "no temporary left");
        }
    }

    @Test
    void aLargeStreamIsForcedBehindAndStillExact() throws Exception {
        int rows = (int) (io.npy4j.array.WriteBehind.MIN_BYTES / 8 / 4) + 1000; // past the write-behind threshold
        double[] block = new double[4 * 1000];
        for (int i = 0; i < block.length; i++) {
            block[i] = i;
        }
        Path f = dir.resolve("large.npy");
        int written = 0;
        try (NpyWriter w = NpyWriter.create(f, ScalarType.FLOAT64, Order.C, 4)) {
            while (written < rows) {
                w.write(block);
                written += 1000;
            }
        }
        NpyHeader h = Npy.readHeader(f);
        assertEquals(Shape.of(written, 4), h.shape());
        assertEquals(h.dataOffset() + 32L * written, Files.size(f));
        try (io.npy4j.NpyArray a = Npy.map(f, io.npy4j.MapMode.READ_ONLY)) {
            double[] last = new double[4000];
            a.read((long) written * 4 - 4000, last, 0, 4000);
            assertArrayEquals(block, last);
        }
    }

    /** A header committed between the size a reader took and its header read must not look truncated. */
    @Test
    void readHeaderTakesTheSizeAfterTheHeader() throws Exception {
        NpyHeader before = NpyHeader.of(ScalarType.FLOAT64, Shape.of(10), false);
        NpyHeader after = NpyHeader.of(ScalarType.FLOAT64, Shape.of(20), false);
        byte[] file = new byte[(int) (after.dataOffset() + after.dataLength())];
        byte[] h = Npy.encodeHeader(after);
        System.arraycopy(h, 0, file, 0, h.length);
        long oldSize = before.dataOffset() + before.dataLength();
        // the appender commits right after the reader's first size(): the first call sees the old length
        SeekableByteChannel ch = new SeekableByteChannel() {
            private long pos;
            private int sizes;

            @Override
            public int read(ByteBuffer dst) {
                if (pos >= file.length) {
                    return -1;
                }
                int n = (int) Math.min(dst.remaining(), file.length - pos);
                dst.put(file, (int) pos, n);
                pos += n;
                return n;
            }

            @Override
            public int write(ByteBuffer src) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long position() {
                return pos;
            }

            @Override
            public SeekableByteChannel position(long p) {
                pos = p;
                return this;
            }

            @Override
            public long size() {
                return sizes++ == 0 ? oldSize : file.length;
            }

            @Override
            public SeekableByteChannel truncate(long size) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        assertEquals(after, AppendingWriter.readHeader(ch, dir.resolve("f.npy")));
    }

    @Test
    void writeBehindEndsWithTheWriterAndKeepsEveryByte() throws Exception {
        Path f = dir.resolve("wb.bin");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            io.npy4j.array.WriteBehind wb = io.npy4j.array.WriteBehind.start(ch, "wb.bin");
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            for (int i = 0; i < 64; i++) {
                b.clear();
                java.util.Arrays.fill(b.array(), (byte) i);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            wb.finish();
            wb.finish(); // idempotent
        }
        byte[] got = Files.readAllBytes(f);
        assertEquals(64 << 16, got.length);
        for (int i = 0; i < got.length; i++) {
            if (got[i] != (byte) (i >> 16)) {
                throw new AssertionError("byte " + i);
            }
        }
        // a channel closed under it (a failed writer) ends it quietly
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f,
                java.nio.file.StandardOpenOption.WRITE);
        io.npy4j.array.WriteBehind wb = io.npy4j.array.WriteBehind.start(ch, "wb.bin");
        ch.close();
        wb.finish();
    }

    @Test
    void saveWithoutForceIsStillAtomicAndExact() throws IOException {
        Path f = dir.resolve("nf.npy");
        Npy.save(f, new double[] {1, 2});
        io.npy4j.NpyArray a = Npy.array(new double[] {3, 4, 5}, 3);
        Npy.save(f, a, io.npy4j.SaveOptions.defaults().withDurable(false));
        Path durable = dir.resolve("d.npy");
        Npy.save(durable, a);
        assertArrayEquals(Files.readAllBytes(durable), Files.readAllBytes(f));
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
        }
        assertFalse(io.npy4j.SaveOptions.defaults().withDurable(false).durable());
        assertTrue(io.npy4j.SaveOptions.defaults().durable());
    }
}
