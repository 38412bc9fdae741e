package io.npy4j.array;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;

/**
 * Forces a file to disk in a background thread while it is being written, so that the writer's final
 * {@code force} waits only for what was written since the last background one: the disk writes while the writer
 * fills the page cache (Java has no {@code sync_file_range}; the kernel itself starts writeback only at
 * {@code dirty_background_ratio}, gigabytes on a large machine). On a disk slower than the page cache, a durable
 * 1 GiB save then takes about the disk's time instead of the write's time plus the disk's.
 *
 * <p>The thread calls {@code force(false)} ({@code fdatasync}) back to back, pausing {@link #PAUSE_MS} ms when a
 * force found little to do. A failed background force is rethrown by {@link #finish()}; a channel closed under it
 * (the writer failed) just ends it. Worth starting only for large files: it costs one thread.
 */
public final class WriteBehind implements AutoCloseable {
    /** Files smaller than this are forced once at the end, with no thread. */
    public static final long MIN_BYTES = 64L << 20;
    private static final long PAUSE_MS = 20;
    private final FileChannel channel;
    private final Thread thread;
    private volatile boolean stop;
    private volatile IOException failure;

    private WriteBehind(FileChannel channel, String name) {
        this.channel = channel;
        this.thread = new Thread(this::run, "npy4j-write-behind " + name);
        thread.setDaemon(true);
    }

    /** Starts forcing {@code channel} in the background; {@code name} (the file) names the thread. */
    public static WriteBehind start(FileChannel channel, String name) {
        WriteBehind w = new WriteBehind(channel, name);
        w.thread.start();
        return w;
    }

    private void run() {
        try {
            while (!stop) {
                long t0 = System.nanoTime();
                channel.force(false);
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                if (ms < PAUSE_MS && !stop) {
                    synchronized (this) {
                        if (!stop) {
                            wait(PAUSE_MS - ms);
                        }
                    }
                }
            }
        } catch (ClosedChannelException e) {
            // the writer closed the channel (it failed, or is done): nothing left to force
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            // only close() interrupts, never: leave
        }
    }

    /** Stops the thread and waits for it; rethrows a failed background force. Does not force itself. */
    public void finish() throws IOException {
        close();
        IOException f = failure;
        if (f != null) {
            throw f;
        }
    }

    /** Stops the thread and waits for its current force to return (never interrupts it: that would close the file). */
    @Override
    public void close() {
        stop = true;
        synchronized (this) {
            notifyAll();
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
