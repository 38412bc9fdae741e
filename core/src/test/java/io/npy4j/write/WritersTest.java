package io.npy4j.write;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.FormatVersion;
import io.npy4j.MapOptions;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.Order;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writers in one process: coordinator, worker windows, partitions, the completion log, streaming, appending. */
@org.junit.jupiter.api.Timeout(60)
class WritersTest {
    @TempDir
    Path dir;

    private static NpyHeader header(String descr, long... shape) {
        return NpyHeader.of(DType.parse(descr), Shape.of(shape), false);
    }

    @Test
    void alignedPartitionPutsEveryBoundaryOnAPageAndAStripe() {
        for (long stripe : new long[] {0, 1 << 16, 1 << 20}) {
            NpyHeader h = header("'<f8'", 1_000_000, 3);
            Partition p = Partition.aligned(h, stripe == 1 << 20 ? 6 : 17, stripe);
            long align = stripe == 0 ? 4096 : stripe;
            assertEquals(align, p.alignment());
            assertEquals(1_000_000, p.windows().get(p.size() - 1).end());
            for (Partition.Window w : p.windows().subList(1, p.size())) {
                assertEquals(0, (h.dataOffset() + w.first() * 24) % align, w.toString());
                assertTrue(w.rows() > 0);
                assertEquals(p.window(w.index() - 1).end(), w.first());
            }
        }
        Partition fortran = Partition.aligned(NpyHeader.of(ScalarType.FLOAT32, Shape.of(4, 10_000), true), 4, 0);
        assertEquals(1, fortran.axis());
        assertEquals(10_000, fortran.rows());
    }

    @Test
    void partitionSaysWhyASplitCannotBeAligned() {
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> Partition.aligned(header("'<f8'", 100, 512), 2, 0)); // 4096-byte rows after 128 header bytes
        assertThrows(IllegalArgumentException.class, () -> Partition.aligned(header("'<f8'", 10_000, 3), 2, 3 * 4096));
        assertTrue(rows.getMessage().contains("no row starts on a multiple of 4096")
                && rows.getMessage().contains("Partition.unaligned"), rows.getMessage());
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
                () -> Partition.aligned(header("'<f8'", 1000, 3), 4, 0));
        assertTrue(many.getMessage().contains("every 512 rows") && many.getMessage().contains("at most 3 windows"),
                many.getMessage());
        assertEquals(3, Partition.aligned(header("'<f8'", 1000, 3), 3, 0).size());
        Partition even = Partition.unaligned(header("'<f8'", 100, 512), 3);
        assertEquals(List.of(33L, 66L, 100L), even.windows().stream().map(Partition.Window::end).toList());
        assertEquals(1, even.alignment());
        assertThrows(IllegalArgumentException.class, () -> Partition.unaligned(header("'<f8'", 2), 3));
    }

    @Test
    void racingCoordinatorsCreateOnceAndNeverWipeRows() throws Exception {
        Path f = dir.resolve("r.npy");
        NpyHeader h = header("'<i8'", 1000);
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                results.add(pool.submit((Callable<Boolean>) () -> {
                    go.await();
                    return PreallocatedFile.createIfAbsent(f, h);
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<Boolean> r : results) {
                created += r.get() ? 1 : 0;
            }
            assertEquals(1, created);
        } finally {
            pool.shutdown();
        }
        try (NpyArray rows = PreallocatedFile.openRows(f, h, 10, 20, MapOptions.defaults())) {
            rows.write(0, new long[] {42}, 0, 1);
            rows.force();
        }
        assertFalse(PreallocatedFile.createIfAbsent(f, h));
        assertEquals(42, Npy.read(f).getLong(10));
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temporary files left");
        }
        HeaderMismatchException e = assertThrows(HeaderMismatchException.class,
                () -> PreallocatedFile.createIfAbsent(f, header("'<i4'", 999)));
        assertEquals(List.of("dtype '<i8' != expected '<i4'", "shape (1000,) != expected (999,)"), e.differences());
        assertTrue(e.getMessage().startsWith(f + ": header differs"), e.getMessage());
        assertEquals(42, Npy.read(f).getLong(10), "a mismatch writes nothing");
        HeaderMismatchException order = assertThrows(HeaderMismatchException.class, () -> PreallocatedFile.openRows(f,
                NpyHeader.of(DType.parse("'<i8'"), Shape.of(1000), true), 0, 1, MapOptions.defaults()));
        assertEquals(List.of("fortran_order False != expected True"), order.differences());
    }

    @Test
    void workersWriteTheirWindowsMappedOrPositionalAndMarkThem() throws Exception {
        Path f = dir.resolve("w.npy");
        NpyHeader h = header("'<f4'", 4096, 2);
        PreallocatedFile.create(f, h);
        Partition p = Partition.aligned(h, 8, 0);
        try (CompletionLog log = CompletionLog.createIfAbsent(f, p)) {
            assertEquals(8, log.missing().size());
            for (Partition.Window w : p.windows()) {
                if (w.index() == 5) {
                    continue;
                }
                MapOptions o = MapOptions.defaults().withPositional(w.index() % 2 == 0);
                try (NpyArray a = PreallocatedFile.openWindow(f, h, w, o)) {
                    float[] v = new float[(int) (w.rows() * 2)];
                    java.util.Arrays.fill(v, w.index() + 1);
                    a.write(0, v, 0, v.length);
                    a.force();
                }
                log.markDone(w);
            }
            assertEquals(List.of(p.window(5)), log.missing());
            assertTrue(log.isDone(4) && !log.isDone(5));
        }
        assertEquals(List.of(p.window(5)), CompletionLog.missing(f));
        NpyArray all = Npy.read(f);
        for (Partition.Window w : p.windows()) {
            assertEquals(w.index() == 5 ? 0f : w.index() + 1f, all.getFloat(w.first(), 1));
            assertEquals(w.index() == 5 ? 0f : w.index() + 1f, all.getFloat(w.end() - 1, 0));
        }
        CompletionLog.createIfAbsent(f, p).close(); // the same partition again: fine
        assertThrows(FileSystemException.class, () -> CompletionLog.createIfAbsent(f, Partition.unaligned(h, 3)));
    }

    @Test
    void fortranOrderWindowsAreColumnsAndDoNotShareAPage() throws Exception {
        Path f = dir.resolve("f.npy");
        NpyHeader h = NpyHeader.of(ScalarType.FLOAT32, Shape.of(4, 10_000), true);
        assertTrue(PreallocatedFile.createIfAbsent(f, h));
        Partition p = Partition.aligned(h, 5, 0);
        for (Partition.Window w : p.windows()) {
            if (w.index() > 0) {
                assertEquals(0, (h.dataOffset() + w.first() * 16) % Partition.PAGE_SIZE, w.toString());
            }
            try (NpyArray cols = PreallocatedFile.openWindow(f, h, w, MapOptions.defaults())) {
                assertEquals(Shape.of(4, w.rows()), cols.shape());
                for (long j = 0; j < w.rows(); j++) {
                    cols.setDouble(w.first() + j, 3, j); // a[3, first + j] = first + j
                }
                cols.force();
            }
        }
        NpyArray all = Npy.read(f);
        for (long j = 0; j < 10_000; j += 999) {
            assertEquals(j, all.getDouble(3, j));
            assertEquals(0, all.getDouble(2, j));
        }
    }

    @Test
    void streamingWriterMatchesSaveInBothOrders() throws Exception {
        double[] values = new double[5 * 3 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5;
        }
        NpyArray c = Npy.array(values, 5, 3, 4);
        Path saved = dir.resolve("saved.npy");
        Npy.save(saved, c);
        Path streamed = dir.resolve("streamed.npy");
        try (NpyWriter w = NpyWriter.create(streamed, ScalarType.FLOAT64, Order.C, 3, 4)) {
            w.write(c.select("[:2]"));                       // a block of two rows
            w.write(c.row(2));                               // one row
            w.write(java.util.Arrays.copyOfRange(values, 36, 60)); // Java values of two rows
            assertFalse(Files.exists(streamed), "nothing at the target before close");
        }
        assertArrayEquals(Files.readAllBytes(saved), Files.readAllBytes(streamed));

        NpyArray f = Npy.array(values, ScalarType.FLOAT64, Order.F, 3, 4, 5); // Fortran data, rows a[..., j]
        Path savedF = dir.resolve("savedF.npy");
        Npy.save(savedF, f);
        Path streamedF = dir.resolve("streamedF.npy");
        try (NpyWriter w = NpyWriter.create(streamedF, ScalarType.FLOAT64, Order.F, 3, 4)) {
            for (int j = 0; j < 5; j++) {
                w.write(f.select("[..., " + j + "]"));
            }
        }
        assertArrayEquals(Files.readAllBytes(savedF), Files.readAllBytes(streamedF));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (NpyWriter w = NpyWriter.to(bytes, ScalarType.FLOAT64, Order.C, 5, 3, 4)) {
            w.write(c);
        }
        assertArrayEquals(Files.readAllBytes(saved), bytes.toByteArray());
        assertThrows(IllegalArgumentException.class,
                () -> NpyWriter.to(new ByteArrayOutputStream(), ScalarType.FLOAT64, Order.C, -1, 3, 4));
        NpyWriter shortCount = NpyWriter.to(new ByteArrayOutputStream(), ScalarType.FLOAT64, Order.C, 6, 3, 4);
        shortCount.write(c);
        IOException e = assertThrows(IOException.class, shortCount::close);
        assertTrue(e.getMessage().contains("promises 6 rows but 5"), e.getMessage());

        Path seekable = dir.resolve("seekable.npy");
        try (FileChannel ch = FileChannel.open(seekable, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            try (NpyWriter w = NpyWriter.to(ch, ScalarType.FLOAT64, Order.C, -1, 3, 4)) {
                w.write(c);
            }
        }
        assertArrayEquals(Files.readAllBytes(saved), Files.readAllBytes(seekable));

        Path aborted = dir.resolve("aborted.npy");
        NpyWriter a = NpyWriter.create(aborted, ScalarType.FLOAT64, Order.C, 3, 4);
        a.write(c);
        a.abort();
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".tmp") || p.equals(aborted)));
        }
        assertThrows(IllegalArgumentException.class, () -> {
            try (NpyWriter w = NpyWriter.create(dir.resolve("x.npy"), ScalarType.FLOAT64, Order.C, 3)) {
                w.write(c);
            }
        });
    }

    @Test
    void appendingGrowsInPlaceAndRefusesAFullHeader() throws Exception {
        Path f = dir.resolve("a.npy");
        Npy.save(f, new long[][] {{1, 2}, {3, 4}});
        long headerBytes = Npy.readHeader(f).dataOffset();
        try (AppendingWriter w = AppendingWriter.open(f, ScalarType.INT64, Order.C, 2)) {
            w.write(new long[] {5, 6, 7, 8});
            w.commit();
            assertEquals(Shape.of(4, 2), w.header().shape());
            w.write(new long[] {9, 10});
        }
        assertEquals(Shape.of(5, 2), AppendingWriter.readHeader(f).shape());
        assertEquals(headerBytes, Npy.readHeader(f).dataOffset(), "the data did not move");
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, Npy.read(f).asLongArray());
        Path saved = dir.resolve("same.npy");
        Npy.save(saved, Npy.read(f));
        assertArrayEquals(Files.readAllBytes(saved), Files.readAllBytes(f), "as np.save of the whole array");
        assertThrows(HeaderMismatchException.class, () -> AppendingWriter.open(f, ScalarType.INT64, Order.C, 3));

        Path full = dir.resolve("full.npy"); // a header without growth room, as NumPy < 1.23 could write
        NpyHeader tight = tightHeader();
        try (FileChannel ch = FileChannel.open(full, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(RowFormat.encodeInPlace(tight)));
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]), tight.dataOffset() + tight.dataLength() - 1);
        }
        assertEquals(tight, Npy.readHeader(full));
        long tightRows = tight.shape().dim(0);
        try (AppendingWriter w = AppendingWriter.open(full)) {
            w.write(new byte[] {5}); // 99999 -> 100000: one more digit takes the one spare space
        }
        assertEquals(Shape.of(tightRows + 1), Npy.readHeader(full).shape());
        assertEquals(tight.dataOffset(), Npy.readHeader(full).dataOffset());
        long rows = tightRows + 1;
        byte[] before = Files.readAllBytes(full);
        HeaderFullException e = assertThrows(HeaderFullException.class, () -> {
            try (AppendingWriter w = AppendingWriter.open(full)) {
                w.write(new byte[(int) (1_000_000 - rows)]); // more digits: no room
            }
        });
        assertEquals(1_000_000, e.rows());
        assertArrayEquals(before, Files.readAllBytes(full), "nothing written");
        try (AppendingWriter w = AppendingWriter.open(full, AppendingWriter.Growth.REWRITE)) {
            byte[] more = new byte[(int) (1_000_000 - rows)];
            java.util.Arrays.fill(more, (byte) 7);
            w.write(more);
        }
        NpyArray grown = Npy.read(full);
        assertEquals(Shape.of(1_000_000), grown.shape());
        assertEquals(0, grown.getLong(rows - 2));
        assertEquals(5, grown.getLong(rows - 1));
        assertEquals(7, grown.getLong(rows));
    }

    @Test
    void appendingThreadsAreSerializedAndAddUp() throws Exception {
        Path f = dir.resolve("threads.npy");
        NpyWriter.create(f, Records.DTYPE, Order.C).close();
        int threads = 4;
        int sessions = 25;
        int block = 13;
        List<Thread> pool = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int id = t;
            pool.add(new Thread(() -> {
                try {
                    for (int s = 0; s < sessions; s++) {
                        try (AppendingWriter w = AppendingWriter.open(f, Records.DTYPE, Order.C)) {
                            byte[] rows = Records.rows((long) s * block, block, id, s);
                            w.writeRaw(rows, 0, rows.length);
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        pool.forEach(Thread::start);
        for (Thread t : pool) {
            t.join();
        }
        assertEquals(List.of(), failures);
        NpyHeader h = AppendingWriter.readHeader(f);
        assertEquals(Shape.of((long) threads * sessions * block), h.shape());
        byte[] all = Files.readAllBytes(f);
        byte[] data = java.util.Arrays.copyOfRange(all, (int) h.dataOffset(), all.length);
        long[] next = new long[threads];
        for (int r = 0; r < h.shape().dim(0); r++) {
            Records.Row row = Records.row(data, r);
            assertTrue(row.isIntact(), "row " + r);
            assertEquals(next[row.writer()]++, row.index(), "row " + r);
        }
    }

    /** An int8 header of shape (99999,) with one space of padding: room for one more digit of the growth axis. */
    private static NpyHeader tightHeader() {
        long n = 99_999;
        String text = "{'descr': '|i1', 'fortran_order': False, 'shape': (" + n + ",), }";
        return new NpyHeader(FormatVersion.V1_0, ScalarType.INT8, Shape.of(n), false, text.length() + 2);
    }
}
