package io.npy4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.write.WriterCommitMessage;

/**
 * What one committed task wrote: runs of consecutive rows {@code [start, end)}, and for shard writes the shard
 * file.
 */
record WrittenRows(long[] starts, long[] ends, String shard) implements WriterCommitMessage {

    /** Collects runs, merging each run with the previous one when they touch. */
    static final class Runs {
        private final List<long[]> runs = new ArrayList<>();

        void add(long start, long end) {
            if (!runs.isEmpty() && runs.get(runs.size() - 1)[1] == start) {
                runs.get(runs.size() - 1)[1] = end;
            } else {
                runs.add(new long[] {start, end});
            }
        }

        WrittenRows message(String shard) {
            return new WrittenRows(runs.stream().mapToLong(r -> r[0]).toArray(),
                    runs.stream().mapToLong(r -> r[1]).toArray(), shard);
        }
    }

    /**
     * Checks that the runs of all tasks cover {@code [0, rows)} exactly once.
     *
     * @throws IllegalStateException naming the first missing or twice-written row ranges
     */
    static void requireExactCover(List<WrittenRows> messages, long rows, String target) {
        List<long[]> all = new ArrayList<>();
        for (WrittenRows m : messages) {
            for (int i = 0; i < m.starts.length; i++) {
                all.add(new long[] {m.starts[i], m.ends[i]});
            }
        }
        all.sort((a, b) -> Long.compare(a[0], b[0]));
        List<String> missing = new ArrayList<>();
        List<String> twice = new ArrayList<>();
        long next = 0;
        for (long[] r : all) {
            if (r[0] > next) {
                missing.add("[" + next + ", " + r[0] + ")");
            } else if (r[0] < next) {
                twice.add("[" + r[0] + ", " + Math.min(r[1], next) + ")");
            }
            next = Math.max(next, r[1]);
        }
        if (next < rows) {
            missing.add("[" + next + ", " + rows + ")");
        }
        if (!missing.isEmpty() || !twice.isEmpty()) {
            throw new IllegalStateException("npy: the write of " + target + " does not cover rows [0, " + rows
                    + ") exactly once: " + (missing.isEmpty() ? "" : "rows " + first(missing) + " were not written")
                    + (missing.isEmpty() || twice.isEmpty() ? "" : "; ")
                    + (twice.isEmpty() ? "" : "rows " + first(twice) + " were written twice (duplicate _row)")
                    + "; the target was left unchanged");
        }
    }

    private static String first(List<String> ranges) {
        return ranges.size() <= 5 ? String.join(", ", ranges)
                : String.join(", ", ranges.subList(0, 5)) + " and " + (ranges.size() - 5) + " more ranges";
    }
}
