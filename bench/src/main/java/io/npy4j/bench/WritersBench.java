package io.npy4j.bench;

import io.npy4j.MapOptions;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.Order;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.write.AppendingWriter;
import io.npy4j.write.NpyWriter;
import io.npy4j.write.Partition;
import io.npy4j.write.PreallocatedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * The npy4j side of bench/writers.py (many writers, streaming, appending); run with
 * {@code java -cp bench/target/benchmarks.jar io.npy4j.bench.WritersBench MODE ...}. Not JMH: the many-writers case
 * needs separate processes and a wall time across them, so each mode prints its own timestamps (epoch ns, the
 * clock Python's time.time_ns() reads) and bench/writers.py joins them.
 *
 * <pre>
 *   create FILE ROWS                 PreallocatedFile.createIfAbsent of a (ROWS,) float64 file (untimed by the caller)
 *   windows FILE ROWS N              prints "W first end" for each window of Partition.aligned(h, N, 0)
 *   worker FILE ROWS N I             window I of Partition.aligned(h, N, 0): openWindow, write from a double[], force,
 *                                    close; prints "T start end" (the array is filled before start)
 *   save FILE ROWS                   Npy.save(Path, double[ROWS]) (temporary file, fsync, rename); prints "T start end" and
 *                                    "C ns" of the Npy.array(double[]) copy it starts with
 *   stream FILE ROWS BLOCK REPS      NpyWriter.create + ROWS/BLOCK writes of one double[BLOCK] + close, REPS times;
 *                                    prints "T start end" and "U cpu_ns" (process CPU, all threads) per
 *                                    repetition
 *   append FILE BLOCK COUNT MODE     COUNT appends of double[BLOCK] to a fresh (0,) file; MODE once = open once,
 *                                    write + commit per block; reopen = open, write, close (commits) per block;
 *                                    prints "A i ns" per append
 * </pre>
 */
public final class WritersBench {
    private WritersBench() {
    }

    private static long now() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static NpyHeader header(long rows) {
        return NpyHeader.of(ScalarType.FLOAT64, Shape.of(rows), false);
    }

    private static double[] filled(long n, double seed) {
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = seed + i * 0.5;
        }
        return v;
    }

    public static void main(String[] args) throws Exception {
        Path f = Path.of(args[1]);
        switch (args[0]) {
            case "create" -> PreallocatedFile.createIfAbsent(f, header(Long.parseLong(args[2])));
            case "windows" -> {
                for (Partition.Window w : Partition.aligned(header(Long.parseLong(args[2])), Integer.parseInt(args[3]),
                        0).windows()) {
                    System.out.println("W " + w.first() + " " + w.end());
                }
            }
            case "worker" -> {
                long rows = Long.parseLong(args[2]);
                int n = Integer.parseInt(args[3]);
                int i = Integer.parseInt(args[4]);
                NpyHeader h = header(rows);
                Partition.Window w = Partition.aligned(h, n, 0).window(i);
                double[] v = filled(w.rows(), w.first());
                long t0 = now();
                try (NpyArray a = PreallocatedFile.openWindow(f, h, w, MapOptions.defaults())) {
                    a.write(0, v, 0, v.length);
                    a.force();
                }
                long t1 = now();
                System.out.println("T " + t0 + " " + t1 + " " + w.first() + " " + w.end());
            }
            case "save" -> {
                double[] v = filled(Long.parseLong(args[2]), 0);
                long t0 = now();
                NpyArray a = Npy.array(v); // what Npy.save(Path, double[]) does first: a copy into a byte[]
                long tc = now();
                Npy.save(f, a);
                long t1 = now();
                System.out.println("T " + t0 + " " + t1);
                System.out.println("C " + (tc - t0));
            }
            case "stream" -> {
                long rows = Long.parseLong(args[2]);
                int block = Integer.parseInt(args[3]);
                int reps = Integer.parseInt(args[4]);
                double[] v = filled(block, 0);
                var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean();
                for (int r = 0; r < reps; r++) {
                    Files.deleteIfExists(f);
                    long c0 = os.getProcessCpuTime();
                    long t0 = now();
                    try (NpyWriter w = NpyWriter.create(f, ScalarType.FLOAT64, Order.C)) {
                        for (long done = 0; done < rows; done += block) {
                            w.write(v);
                        }
                    }
                    long t1 = now();
                    System.out.println("T " + t0 + " " + t1);
                    System.out.println("U " + (os.getProcessCpuTime() - c0));
                }
            }
            case "append" -> {
                int block = Integer.parseInt(args[2]);
                int count = Integer.parseInt(args[3]);
                boolean once = args[4].equals("once");
                double[] v = filled(block, 0);
                Files.deleteIfExists(f);
                Npy.save(f, new double[0]);
                long[] ns = new long[count];
                if (once) {
                    try (AppendingWriter w = AppendingWriter.open(f)) {
                        for (int i = 0; i < count; i++) {
                            long t0 = System.nanoTime();
                            w.write(v);
                            w.commit();
                            ns[i] = System.nanoTime() - t0;
                        }
                    }
                } else {
                    for (int i = 0; i < count; i++) {
                        long t0 = System.nanoTime();
                        try (AppendingWriter w = AppendingWriter.open(f)) {
                            w.write(v);
                        }
                        ns[i] = System.nanoTime() - t0;
                    }
                }
                long rows = Npy.readHeader(f).shape().dim(0);
                if (rows != (long) block * count) {
                    throw new AssertionError("rows " + rows);
                }
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    sb.append("A ").append(i).append(' ').append(ns[i]).append('\n');
                }
                System.out.print(sb);
                System.err.println("append " + args[4] + ": shape " + Arrays.toString(new long[] {rows})
                        + " header " + Npy.readHeader(f).dataOffset());
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
