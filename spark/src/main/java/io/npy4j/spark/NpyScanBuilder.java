package io.npy4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownFilters;
import org.apache.spark.sql.connector.read.SupportsPushDownLimit;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.types.StructType;

/** Collects what Spark pushes into a read: the columns it needs, {@code _row} bounds, a limit. */
final class NpyScanBuilder implements SupportsPushDownFilters, SupportsPushDownRequiredColumns, SupportsPushDownLimit {
    private final NpyTable table;
    private StructType required;
    private RowRange range = RowRange.ALL;
    private Filter[] pushed = new Filter[0];
    private long limit = -1;

    NpyScanBuilder(NpyTable table) {
        this.table = table;
        this.required = table.readSchema();
    }

    @Override
    public Filter[] pushFilters(Filter[] filters) {
        List<Filter> rows = new ArrayList<>();
        for (Filter f : filters) {
            RowRange r = RowRange.of(f);
            if (r != null) {
                range = range.intersect(r);
                rows.add(f);
            }
        }
        pushed = rows.toArray(Filter[]::new);
        return filters; // pruning windows narrows the rows, Spark still applies each filter exactly
    }

    @Override
    public Filter[] pushedFilters() {
        return pushed.clone();
    }

    @Override
    public void pruneColumns(StructType requiredSchema) {
        required = requiredSchema;
    }

    @Override
    public boolean pushLimit(int n) {
        limit = n;
        return true;
    }

    @Override
    public boolean isPartiallyPushed() {
        return true;
    }

    @Override
    public Scan build() {
        RowRange r = range;
        if (limit >= 0) {
            r = r.intersect(new RowRange(0, r.from() + limit));
        }
        return new NpyScan(table, required, r, pushed);
    }
}
