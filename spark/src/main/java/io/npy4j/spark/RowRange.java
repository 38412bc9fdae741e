package io.npy4j.spark;

import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;

/**
 * The global rows {@code [from, to)} a query can need, narrowed by pushed {@code _row} comparisons: windows outside
 * it are never planned. Spark still evaluates every filter after the scan, so a range only has to contain the
 * answer, not equal it.
 */
record RowRange(long from, long to) {
    static final RowRange ALL = new RowRange(0, Long.MAX_VALUE);

    RowRange {
        to = Math.max(from, to);
    }

    RowRange intersect(RowRange o) {
        return new RowRange(Math.max(from, o.from), Math.min(to, o.to));
    }

    /** The range a filter allows, or null when it does not bound {@code _row} (it is then not pushed). */
    static RowRange of(Filter f) {
        if (f instanceof And a) {
            RowRange l = of(a.left());
            RowRange r = of(a.right());
            return l == null ? r : r == null ? l : l.intersect(r);
        }
        if (f instanceof GreaterThan g && isRow(g.attribute()) && g.value() instanceof Number n && integral(n)) {
            return new RowRange(sat(n.longValue(), 1), Long.MAX_VALUE);
        }
        if (f instanceof GreaterThanOrEqual g && isRow(g.attribute()) && g.value() instanceof Number n
                && integral(n)) {
            return new RowRange(Math.max(0, n.longValue()), Long.MAX_VALUE);
        }
        if (f instanceof LessThan l && isRow(l.attribute()) && l.value() instanceof Number n && integral(n)) {
            return new RowRange(0, Math.max(0, n.longValue()));
        }
        if (f instanceof LessThanOrEqual l && isRow(l.attribute()) && l.value() instanceof Number n
                && integral(n)) {
            return new RowRange(0, Math.max(0, sat(n.longValue(), 1)));
        }
        if (f instanceof EqualTo e && isRow(e.attribute()) && e.value() instanceof Number n && integral(n)) {
            return n.longValue() < 0 ? new RowRange(0, 0) : new RowRange(n.longValue(), sat(n.longValue(), 1));
        }
        if (f instanceof In in && isRow(in.attribute()) && in.values().length > 0) {
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            for (Object v : in.values()) {
                if (!(v instanceof Number n) || !integral(n)) {
                    return null;
                }
                lo = Math.min(lo, n.longValue());
                hi = Math.max(hi, n.longValue());
            }
            return new RowRange(Math.max(0, lo), Math.max(0, sat(hi, 1)));
        }
        return null;
    }

    private static boolean isRow(String attribute) {
        return NpyTable.ROW.equals(attribute);
    }

    /** Integer literals only: {@code _row > 2.5} is left to Spark. */
    private static boolean integral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
    }

    private static long sat(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
