package io.npy4j.array;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits a large copy over the cores: the calling thread takes the first part, the common pool the others. A copy
 * out of a mapping is bound by page faults and memory bandwidth, both of which scale with cores (the kernel takes
 * faults of one mapping concurrently), so two cores copy a cold-mapped window about twice as fast.
 *
 * <p>Parts that the pool has not started when the caller is done are run by the caller itself ({@code join} of an
 * unstarted task runs it), so a busy pool costs nothing but the split. A part's exception reaches the caller as
 * the same object, not a copy, so typed errors keep their messages.
 */
public final class Parallel {
    /** Least bytes a part must touch to be worth a task: below this the split costs more than it saves. */
    static final long PART_BYTES = Long.getLong("npy4j.parallel.partBytes", 4L << 20);
    private static final int CORES = Math.max(1, Math.min(Integer.getInteger("npy4j.parallel.threads",
            Runtime.getRuntime().availableProcessors()), ForkJoinPool.getCommonPoolParallelism() + 1));

    /** One part: elements {@code [start, start+count)} of the copy. */
    public interface Part {
        void run(long start, long count);
    }

    private Parallel() {
    }

    /** How many parts a copy touching {@code bytes} of storage should be split into (1: do not split). */
    static int parts(long bytes, long count) {
        if (CORES == 1 || bytes < 2 * PART_BYTES || count < 2) {
            return 1;
        }
        return (int) Math.min(Math.min(CORES, bytes / PART_BYTES), count);
    }

    /** Runs {@code part} over {@code [0, count)} in {@code parts} contiguous pieces, and waits for all of them. */
    public static void run(long count, int parts, Part part) {
        Throwable[] failures = new Throwable[parts];
        @SuppressWarnings("unchecked")
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts];
        for (int p = parts - 1; p >= 1; p--) { // forked last-first: the caller's join finds part 1 on top
            int i = p;
            tasks[p] = ForkJoinTask.adapt(() -> runPart(part, count, parts, i, failures)).fork();
        }
        runPart(part, count, parts, 0, failures);
        for (int p = 1; p < parts; p++) {
            tasks[p].join(); // runPart catches everything: join itself never throws
        }
        Throwable first = null;
        for (Throwable t : failures) {
            if (t == null) {
                continue;
            }
            if (first == null) {
                first = t;
            } else if (first != t) {
                first.addSuppressed(t);
            }
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
        if (first != null) {
            throw new IllegalStateException(first);
        }
    }

    private static void runPart(Part part, long count, int parts, int p, Throwable[] failures) {
        long start = count / parts * p + Math.min(p, count % parts); // no overflow for any count
        long end = count / parts * (p + 1) + Math.min(p + 1, count % parts);
        try {
            part.run(start, end - start);
        } catch (Throwable t) {
            failures[p] = t;
        }
    }
}
