package io.npy4j.spark;

import io.npy4j.NpyHeader;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * {@code spark.read.format("npy")} and {@code df.write.format("npy")}: a DataSource V2 over {@code .npy} files,
 * {@code .npz} members and virtual-array manifests (SPEC §19). Registered by the short name {@code npy}.
 */
public class NpyDataSource implements TableProvider, DataSourceRegister {
    private List<SourceFile> planned;
    private Map<String, String> plannedFor;

    @Override
    public String shortName() {
        return "npy";
    }

    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        Map<String, String> raw = options.asCaseSensitiveMap();
        NpyTable probe = new NpyTable(new StructType(), raw, null);
        planned = Sources.plan(probe.options(), probe.hadoopConf());
        plannedFor = Map.copyOf(raw);
        return schemaOf(planned, probe.options());
    }

    static StructType schemaOf(List<SourceFile> sources, NpyOptions options) {
        NpyHeader h = sources.get(0).header();
        return Columns.schema(Columns.of(h.dtype(), SourceFile.trailing(h), options.layout(),
                sources.get(0).display()));
    }

    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        List<SourceFile> reuse = properties.equals(plannedFor) ? planned : null; // the headers inferSchema read
        return new NpyTable(schema, properties, reuse);
    }

    @Override
    public boolean supportsExternalMetadata() {
        return true; // writes take the DataFrame's schema instead of reading the target
    }

    /** The active session, for code that needs one outside a query (the write side's speculation check). */
    static SparkSession session() {
        return SparkSession.active();
    }
}
