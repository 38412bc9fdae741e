package io.npy4j.bench;

import io.npy4j.Npy;
import io.npy4j.NpyHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where the benchmark files are and what they must look like: the contract of
 * {@code shared/bench/numpy_baseline.py} (file names, shapes, dtypes, slices). The directory comes from
 * {@code -Dnpy4j.bench.dir} (inherited by JMH's forked JVM when given to the launching {@code java}), else from the
 * environment variable {@code NPY4J_BENCH_DIR}; create it with {@code numpy_baseline.py DIR --create-only}.
 */
final class BenchFiles {
    static final String F64_1G = "f64_1g.npy";
    static final long[] F64_SHAPE = {131072, 1024};
    static final String STRUCT_256M = "struct_256m.npy";
    static final long STRUCT_N = (256L << 20) / 28; // 9,586,980 records of [('t','<f8'),('x','<f4',(3,)),('id','<i8')]

    /** numpy_baseline.WINDOW_ROWS: rows [65536, 69632) of f64_1g, 4096 x 1024 float64 = 32 MiB. */
    static final long WINDOW_ROW0 = 65536;
    static final long WINDOW_ROW1 = 65536 + 4096;
    static final String WINDOW = "[" + WINDOW_ROW0 + ":" + WINDOW_ROW1 + "]";
    /** numpy_baseline.STRIDED: 8192 x 100 float64. */
    static final String STRIDED = "[::16, 100:200]";

    private BenchFiles() {
    }

    static Path dir() {
        String d = System.getProperty("npy4j.bench.dir");
        if (d == null || d.isEmpty()) {
            d = System.getenv("NPY4J_BENCH_DIR");
        }
        if (d == null || d.isEmpty()) {
            throw new IllegalStateException("set -Dnpy4j.bench.dir=DIR (or NPY4J_BENCH_DIR): a directory made by"
                    + " python3 numpy_baseline.py DIR --create-only");
        }
        return Path.of(d);
    }

    /** The file, checked to exist and to have the contract's shape and descr. */
    static Path file(String name, long[] shape, String descr) {
        Path p = dir().resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: run numpy_baseline.py " + dir() + " --create-only");
        }
        try {
            NpyHeader h = Npy.readHeader(p);
            if (!Arrays.equals(h.shape().toArray(), shape) || !h.dtype().descr().equals(descr)
                    || h.fortranOrder()) {
                throw new IllegalStateException(p + " is " + h.dtype().descr() + " " + h.shape() + " fortran="
                        + h.fortranOrder() + "; the benchmark contract expects " + descr + " "
                        + Arrays.toString(shape) + " in C order");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static Path f64() {
        return file(F64_1G, F64_SHAPE, "'<f8'");
    }

    static Path struct() {
        return file(STRUCT_256M, new long[] {STRUCT_N}, "[('t', '<f8'), ('x', '<f4', (3,)), ('id', '<i8')]");
    }
}
