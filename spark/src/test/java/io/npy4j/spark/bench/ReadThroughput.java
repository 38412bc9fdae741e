package io.npy4j.spark.bench;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.spark.NpyFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Not a test: columnar read throughput of the npy source against Spark's Parquet reader of the same data (written
 * by Spark), and against binaryFile + npy_decode, in one run on {@code local[cores]} (bench/README.md, "Spark").
 * Each query is {@code sum(value)} over every row; the best of {@code runs} timings after one warm-up is reported.
 *
 * <p>Arguments: work directory, size in MiB (default 1024), cores (default 1), runs (default 3).
 */
public final class ReadThroughput {
    private ReadThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Paths.get(args[0]);
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        int cores = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Files.createDirectories(dir);
        long n = (mib << 20) / 8;
        Path npy = dir.resolve("f8-" + mib + "m.npy");
        if (!Files.exists(npy)) {
            try (NpyArray a = Npy.create(npy, NpyHeader.of(ScalarType.FLOAT64, Shape.of(n), false))) {
                double[] buf = new double[1 << 20];
                for (long i = 0; i < n; i += buf.length) {
                    int k = (int) Math.min(buf.length, n - i);
                    for (int j = 0; j < k; j++) {
                        buf[j] = (i + j) * 0.5;
                    }
                    a.write(i, buf, 0, k);
                }
                a.force();
            }
        }
        SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("npy4j-read-bench")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        NpyFunctions.register(spark);
        Path parquet = dir.resolve("f8-" + mib + "m.parquet");
        if (!Files.exists(parquet)) {
            spark.read().format("npy").load(npy.toString()).write().parquet(parquet.toString());
        }
        Path blobs = dir.resolve("blobs-" + mib + "m");
        int blobCount = (int) Math.max(1, mib / 4); // 4 MiB .npy values, as Petastorm-style rows
        if (!Files.exists(blobs)) {
            Files.createDirectories(blobs);
            try (NpyArray all = Npy.map(npy, io.npy4j.MapMode.READ_ONLY)) {
                long per = n / blobCount;
                for (int b = 0; b < blobCount; b++) {
                    Npy.save(blobs.resolve(String.format("b%05d.npy", b)),
                            all.select("[" + (b * per) + ":" + ((b + 1) * per) + "]"));
                }
            }
        }
        double bytes = (double) n * 8;
        double expect = 0.5 * ((double) n * (n - 1) / 2);
        System.out.printf("data: %d float64 (%.0f MiB), local[%d], best of %d%n", n, bytes / (1 << 20), cores, runs);
        double npyS = best(runs, spark.read().format("npy").load(npy.toString()).selectExpr("sum(value)"), expect);
        double npyH = best(runs, spark.read().format("npy").option("access", "hadoop").load(npy.toString())
                .selectExpr("sum(value)"), expect);
        double pq = best(runs, spark.read().parquet(parquet.toString()).selectExpr("sum(value)"), expect);
        double bin = best(1, spark.read().format("binaryFile").load(blobs.toString() + "/*.npy")
                .selectExpr("sum(aggregate(npy_decode(content).values, 0D, (a, x) -> a + x))"), Double.NaN);
        System.out.printf("npy (mapped)        %7.3f s  %7.0f MB/s per core%n", npyS, bytes / npyS / 1e6 / cores);
        System.out.printf("npy (access=hadoop) %7.3f s  %7.0f MB/s per core%n", npyH, bytes / npyH / 1e6 / cores);
        System.out.printf("parquet             %7.3f s  %7.0f MB/s per core%n", pq, bytes / pq / 1e6 / cores);
        System.out.printf("binaryFile+decode   %7.3f s  %7.0f MB/s per core%n", bin, bytes / bin / 1e6 / cores);
        System.out.printf("ratio parquet/npy %.2f, hadoop/npy %.2f, binaryFile/npy %.2f%n", pq / npyS, npyH / npyS,
                bin / npyS);
        spark.stop();
    }

    /** Best wall time of {@code runs} collects after one warm-up; checks the sum when {@code expect} is a number. */
    private static double best(int runs, Dataset<Row> q, double expect) {
        check(q.collectAsList().get(0).getDouble(0), expect);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            double got = q.collectAsList().get(0).getDouble(0);
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            check(got, expect);
        }
        return best;
    }

    private static void check(double got, double expect) {
        if (!Double.isNaN(expect) && Math.abs(got - expect) > 1e-6 * Math.abs(expect)) {
            throw new AssertionError("sum " + got + " != " + expect);
        }
    }
}
