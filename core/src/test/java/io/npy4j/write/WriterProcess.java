package io.npy4j.write;

import io.npy4j.MapOptions;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.Order;
import io.npy4j.dtype.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The child process of the process tests: {@code fill}, {@code append} or {@code stream}, as the test that starts it
 * says. Exits 0 when done; any failure prints a stack trace and exits 1.
 */
public final class WriterProcess {
    private WriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        try {
            switch (args[0]) {
                case "fill" -> fill(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]), Integer.parseInt(args[5]), Boolean.parseBoolean(args[6]),
                        Integer.parseInt(args[7]));
                case "append" -> append(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]), args.length > 5 ? Integer.parseInt(args[5]) : 0);
                case "stream" -> stream(Path.of(args[1]), Integer.parseInt(args[2]));
                case "coordinate" -> coordinate(Path.of(args[1]), Long.parseLong(args[2]), Long.parseLong(args[3]));
                default -> throw new IllegalArgumentException(args[0]);
            }
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /**
     * Worker {@code worker} of {@code workers}: fills every window {@code k} with {@code k % workers == worker} of
     * the file (whose header must be {@code rows} records), on {@code threads} threads, marking each in the
     * completion log after its force; sleeps {@code pauseMs} after each window.
     */
    static void fill(Path file, long rows, int worker, int workers, int threads, boolean positional, int pauseMs)
            throws Throwable {
        NpyHeader expected = NpyHeader.of(Records.DTYPE, Shape.of(rows), false);
        MapOptions options = MapOptions.defaults().withChunkSize(1 << 16).withPositional(positional);
        try (CompletionLog log = CompletionLog.open(file, true)) {
            List<Partition.Window> mine = new ArrayList<>();
            for (Partition.Window w : log.partition().windows()) {
                if (w.index() % workers == worker) {
                    mine.add(w);
                }
            }
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> pool = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.add(new Thread(() -> {
                    try {
                        for (int i = thread; i < mine.size(); i += threads) {
                            Partition.Window w = mine.get(i);
                            try (NpyArray a = PreallocatedFile.openWindow(file, expected, w, options)) {
                                a.writeRaw(0, Records.rows(w.first(), (int) w.rows(), worker, w.index()), 0,
                                        (int) w.rows());
                                a.force();
                            }
                            log.markDone(w);
                            if (pauseMs > 0) {
                                Thread.sleep(pauseMs);
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            pool.forEach(Thread::start);
            for (Thread t : pool) {
                t.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
        }
    }

    /**
     * A coordinator racing others: waits until {@code atMillis} (wall clock), then creates the file if absent and
     * prints "created" or "found".
     */
    static void coordinate(Path file, long rows, long atMillis) throws Exception {
        NpyHeader h = NpyHeader.of(Records.DTYPE, Shape.of(rows), false);
        long wait = atMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        System.out.println(PreallocatedFile.createIfAbsent(file, h) ? "created" : "found");
    }

    /**
     * Appender {@code id}: {@code sessions} times opens the file, appends {@code block} rows, closes; sleeps
     * {@code pauseMs} after each session.
     */
    static void append(Path file, int id, int sessions, int block, int pauseMs) throws Exception {
        for (int s = 0; s < sessions; s++) {
            try (AppendingWriter w = AppendingWriter.open(file, Records.DTYPE, Order.C)) {
                // index: position in this appender's sequence, part: the session
                byte[] rows = Records.rows((long) s * block, block, id, s);
                w.writeRaw(rows, 0, rows.length);
            }
            if (pauseMs > 0) {
                Thread.sleep(pauseMs);
            }
        }
    }

    /** Streams records to {@code target}, printing "started" after the first block, then slowly on forever. */
    static void stream(Path target, int block) throws Exception {
        try (NpyWriter w = NpyWriter.create(target, Records.DTYPE, Order.C)) {
            for (int s = 0; ; s++) {
                byte[] rows = Records.rows((long) s * block, block, 7, s);
                w.writeRaw(rows, 0, rows.length);
                if (s == 0) {
                    System.out.println("started");
                    System.out.flush();
                }
                Thread.sleep(5);
            }
        }
    }
}
