package io.npy4j.cli;

import io.npy4j.NpyArray;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.TypeCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Streaming statistics of a real (bool, integer or float) array, read in blocks of {@link #BLOCK} elements by a few
 * threads over disjoint flat ranges: counts of NaN, +inf, -inf and zeros; NaN-ignoring min and max (exact for
 * integers); mean and population standard deviation of the non-NaN values, each block's sum and sum of squared
 * deviations compensated (Neumaier) and the blocks combined with Chan et al.'s pairwise update. Memory: one block
 * per thread, whatever the array's size.
 */
final class ArrayStats {
    static final int BLOCK = 1 << 16;

    long count;
    long nan;
    long posInf;
    long negInf;
    long zeros;
    /** Non-NaN, finite values (the mean and std are over these plus the infinities). */
    long n;
    double mean;
    double m2;
    double min = Double.NaN;
    double max = Double.NaN;
    /** Integer dtypes: exact min/max as longs (uint64: unsigned bits). */
    boolean integer;
    boolean unsigned64;
    long imin;
    long imax;
    private boolean haveInt;

    /** Whether stats can be computed for the dtype: bool, integers, float16/32/64. */
    static void check(DType dt) {
        if (!(dt instanceof ScalarType t) || !(t.code() == TypeCode.BOOL || t.code() == TypeCode.INT
                || t.code() == TypeCode.UINT || (t.code() == TypeCode.FLOAT && t.itemSize() <= 8))) {
            throw new IllegalArgumentException("statistics need a bool, integer or float16/32/64 array, not "
                    + dt.readable());
        }
    }

    static boolean isInteger(DType dt) {
        ScalarType t = (ScalarType) dt;
        return t.code() != TypeCode.FLOAT;
    }

    /** The statistics of {@code a}, read with up to {@code threads} threads; {@code progress} sees elements done. */
    static ArrayStats of(NpyArray a, int threads, LongConsumer progress) {
        check(a.dtype());
        long size = a.size();
        int parts = (int) Math.max(1, Math.min(threads, (size + BLOCK - 1) / BLOCK));
        AtomicLong done = new AtomicLong();
        LongConsumer p = k -> {
            long d = done.addAndGet(k);
            synchronized (done) {
                progress.accept(d);
            }
        };
        if (parts == 1) {
            return range(a, 0, size, p);
        }
        ExecutorService pool = Executors.newFixedThreadPool(parts, r -> {
            Thread t = new Thread(r, "npy-stats");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ArrayStats>> fs = new ArrayList<>();
            long per = (size + parts - 1) / parts;
            for (int i = 0; i < parts; i++) {
                long from = Math.min(size, i * per);
                long to = Math.min(size, from + per);
                fs.add(pool.submit(() -> range(a, from, to, p)));
            }
            ArrayStats all = null;
            for (Future<ArrayStats> f : fs) {
                ArrayStats s = get(f);
                all = all == null ? s : all.merge(s);
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    private static ArrayStats get(Future<ArrayStats> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    /** Visits {@code [from, to)} in blocks as doubles (integers also as longs, for exact extremes). */
    static void blocks(NpyArray a, long from, long to, BlockVisitor v) {
        boolean ints = isInteger(a.dtype());
        boolean u64 = ((ScalarType) a.dtype()).code() == TypeCode.UINT && a.dtype().itemSize() == 8;
        double[] d = new double[(int) Math.min(BLOCK, Math.max(1, to - from))];
        long[] l = ints ? new long[d.length] : null;
        for (long first = from; first < to; first += d.length) {
            int len = (int) Math.min(d.length, to - first);
            if (ints) {
                a.read(first, l, 0, len);
                for (int i = 0; i < len; i++) {
                    d[i] = u64 ? unsignedToDouble(l[i]) : l[i];
                }
            } else {
                a.read(first, d, 0, len);
            }
            v.visit(d, l, len);
        }
    }

    interface BlockVisitor {
        void visit(double[] values, long[] longs, int len);
    }

    static double unsignedToDouble(long bits) {
        double d = (double) (bits >>> 1) * 2.0;
        return bits >= 0 ? bits : d + (bits & 1);
    }

    private static ArrayStats range(NpyArray a, long from, long to, LongConsumer progress) {
        ArrayStats s = new ArrayStats();
        s.integer = isInteger(a.dtype());
        s.unsigned64 = ((ScalarType) a.dtype()).code() == TypeCode.UINT && a.dtype().itemSize() == 8;
        blocks(a, from, to, (d, l, len) -> {
            s.add(d, l, len);
            progress.accept(len);
        });
        return s;
    }

    private void add(double[] d, long[] l, int len) {
        count += len;
        double sum = 0;
        double c = 0;
        long k = 0;
        for (int i = 0; i < len; i++) {
            double x = d[i];
            if (x != x) {
                nan++;
                continue;
            }
            if (x == 0) {
                zeros++;
            }
            if (x == Double.POSITIVE_INFINITY) {
                posInf++;
            } else if (x == Double.NEGATIVE_INFINITY) {
                negInf++;
            } else {
                double t = sum + x; // Neumaier's compensated sum
                c += Math.abs(sum) >= Math.abs(x) ? (sum - t) + x : (x - t) + sum;
                sum = t;
                k++;
            }
            if (!(x >= min)) {
                min = x;
            }
            if (!(x <= max)) {
                max = x;
            }
        }
        if (integer) {
            for (int i = 0; i < len; i++) {
                long x = l[i];
                boolean first = !haveInt;
                haveInt = true;
                if (unsigned64) {
                    imin = first || Long.compareUnsigned(x, imin) < 0 ? x : imin;
                    imax = first || Long.compareUnsigned(x, imax) > 0 ? x : imax;
                } else {
                    imin = first || x < imin ? x : imin;
                    imax = first || x > imax ? x : imax;
                }
            }
        }
        if (k == 0) {
            return;
        }
        double bmean = (sum + c) / k;
        double q = 0;
        double qc = 0;
        for (int i = 0; i < len; i++) {
            double x = d[i];
            if (Double.isFinite(x)) {
                double dev = x - bmean;
                double y = dev * dev;
                double t = q + y;
                qc += q >= y ? (q - t) + y : (y - t) + q;
                q = t;
            }
        }
        combine(k, bmean, q + qc);
    }

    private void combine(long nb, double meanB, double m2B) {
        if (nb == 0) {
            return;
        }
        if (n == 0) {
            n = nb;
            mean = meanB;
            m2 = m2B;
            return;
        }
        long tot = n + nb;
        double delta = meanB - mean;
        mean += delta * ((double) nb / tot);
        m2 += m2B + delta * delta * ((double) n * nb / tot);
        n = tot;
    }

    ArrayStats merge(ArrayStats o) {
        boolean emptyHere = !haveInt;
        count += o.count;
        nan += o.nan;
        posInf += o.posInf;
        negInf += o.negInf;
        zeros += o.zeros;
        combine(o.n, o.mean, o.m2);
        if (!(o.min >= min)) {
            min = o.min != o.min ? min : o.min;
        }
        if (!(o.max <= max)) {
            max = o.max != o.max ? max : o.max;
        }
        if (integer && o.haveInt) {
            haveInt = true;
            if (emptyHere) {
                imin = o.imin;
                imax = o.imax;
            } else if (unsigned64) {
                imin = Long.compareUnsigned(o.imin, imin) < 0 ? o.imin : imin;
                imax = Long.compareUnsigned(o.imax, imax) > 0 ? o.imax : imax;
            } else {
                imin = Math.min(imin, o.imin);
                imax = Math.max(imax, o.imax);
            }
        }
        return this;
    }

    /** NaN-ignoring mean ({@code np.nanmean}): NaN when every value is NaN; infinities as IEEE sums them. */
    double mean() {
        long valid = count - nan;
        if (valid == 0) {
            return Double.NaN;
        }
        if (posInf > 0 || negInf > 0) {
            return posInf > 0 && negInf > 0 ? Double.NaN : posInf > 0 ? Double.POSITIVE_INFINITY
                    : Double.NEGATIVE_INFINITY;
        }
        return mean;
    }

    /** NaN-ignoring population standard deviation ({@code np.nanstd}, ddof 0); NaN if an infinity is present. */
    double std() {
        if (count - nan == 0 || posInf > 0 || negInf > 0) {
            return Double.NaN;
        }
        return Math.sqrt(Math.max(0, m2) / n);
    }

    /** Min as text: exact integers, or Python's repr of the float; "nan" when every value is NaN. */
    String minText() {
        if (count - nan == 0) {
            return "nan";
        }
        return integer ? (unsigned64 ? Long.toUnsignedString(imin) : Long.toString(imin)) : PyFloat.repr(min);
    }

    String maxText() {
        if (count - nan == 0) {
            return "nan";
        }
        return integer ? (unsigned64 ? Long.toUnsignedString(imax) : Long.toString(imax)) : PyFloat.repr(max);
    }

    // --- exact extras: percentiles and a histogram --------------------------------------------------------------

    /** All non-NaN values, sorted (needs 8 bytes per element: at most 2^31-9 of them). */
    static double[] sortedValues(NpyArray a, long valid) {
        if (valid > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--percentiles holds every value in memory; " + valid
                    + " values are more than a Java array can hold");
        }
        double[] all = new double[(int) valid];
        int[] at = {0};
        blocks(a, 0, a.size(), (d, l, len) -> {
            for (int i = 0; i < len; i++) {
                if (d[i] == d[i]) {
                    all[at[0]++] = d[i];
                }
            }
        });
        Arrays.sort(all);
        return all;
    }

    /** {@code np.nanpercentile(a, q)} with the default 'linear' method, of the sorted non-NaN values. */
    static double percentile(double[] sorted, double q) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double virtual = (n - 1) * (q / 100);
        double prev = Math.floor(virtual);
        double gamma = virtual - prev;
        int lo = (int) Math.max(0, Math.min(n - 1, prev));
        int hi = (int) Math.max(0, Math.min(n - 1, prev + 1));
        double a = sorted[lo];
        double b = sorted[hi];
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    /** Bin counts as {@code np.histogram(finite values, bins)} (range: the finite min and max). */
    static long[] histogram(NpyArray a, int bins, double lo, double hi, double[] edgesOut) {
        double first = lo;
        double last = hi;
        if (first == last) {
            first -= 0.5;
            last += 0.5;
        }
        for (int i = 0; i <= bins; i++) { // np.linspace(first, last, bins + 1)
            double step = (last - first) / bins;
            edgesOut[i] = i == bins ? last : first + i * step;
        }
        long[] counts = new long[bins];
        double f0 = first;
        double denom = last - first;
        double fl = last;
        blocks(a, 0, a.size(), (d, l, len) -> {
            for (int i = 0; i < len; i++) {
                double x = d[i];
                if (!Double.isFinite(x) || x < f0 || x > fl) {
                    continue;
                }
                int idx = (int) (((x - f0) / denom) * bins);
                if (idx == bins) {
                    idx--;
                }
                if (x < edgesOut[idx]) {
                    idx--;
                } else if (idx != bins - 1 && x >= edgesOut[idx + 1]) {
                    idx++;
                }
                counts[idx]++;
            }
        });
        return counts;
    }
}
