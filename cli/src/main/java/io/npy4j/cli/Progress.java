package io.npy4j.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * A progress bar on stderr for long copies, drawn only when stderr is a terminal: nothing goes into pipes or logs.
 */
final class Progress implements LongConsumer {
    private static final long MIN_BYTES = 64L << 20;
    private final PrintWriter err;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    private Progress(PrintWriter err, long total) {
        this.err = err;
        this.total = total;
    }

    /** A bar for {@code total} bytes, or a no-op when quiet, small, or stderr is not a terminal. */
    static LongConsumer on(PrintWriter err, long total, boolean quiet) {
        if (quiet || total < MIN_BYTES || !stderrIsTerminal()) {
            return bytes -> { };
        }
        return new Progress(err, total);
    }

    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception | UnsatisfiedLinkError e) {
            return false; // not Linux: stay silent rather than draw into a log
        }
    }

    @Override
    public void accept(long done) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        int width = 30;
        int filled = (int) (width * done / Math.max(1, total));
        double secs = Math.max(1e-9, (now - start) / 1e9);
        err.printf("\r%3d%% [%s%s] %s / %s  %s/s ", 100 * done / Math.max(1, total), "=".repeat(filled),
                " ".repeat(width - filled), human(done), human(total), human((long) (done / secs)));
        drawn = true;
        if (done >= total) {
            err.print("\r" + " ".repeat(80) + "\r");
        }
        err.flush();
    }

    boolean drawn() {
        return drawn;
    }

    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format("%.1f %s", v, units[u]);
    }
}
