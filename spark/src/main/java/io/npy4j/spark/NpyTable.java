package io.npy4j.spark;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.MetadataColumn;
import org.apache.spark.sql.connector.catalog.SupportsMetadataColumns;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * The arrays one {@code format("npy")} path names, as a Spark table: readable (columnar, with the hidden
 * {@code _row} and {@code _file} columns) and writable ({@link NpyWriteBuilder}). Sources are planned on first use,
 * so a write never looks at its target as input.
 */
public class NpyTable implements SupportsRead, SupportsWrite, SupportsMetadataColumns {
    /** The hidden global row index (0-based, counting on across files in path order). */
    public static final String ROW = "_row";
    /** The hidden source of each row: the file path, with {@code :member} for npz members. */
    public static final String FILE = "_file";

    private final StructType schema;
    private final NpyOptions options;
    private final Map<String, String> rawOptions;
    private List<SourceFile> sources;

    NpyTable(StructType schema, Map<String, String> rawOptions, List<SourceFile> planned) {
        this.schema = schema;
        this.rawOptions = Map.copyOf(rawOptions);
        this.options = NpyOptions.parse(rawOptions);
        this.sources = planned;
    }

    @Override
    public String name() {
        return "npy " + options.paths();
    }

    @Override
    public StructType schema() {
        return schema;
    }

    @Override
    public Set<TableCapability> capabilities() {
        return EnumSet.of(TableCapability.BATCH_READ, TableCapability.BATCH_WRITE, TableCapability.TRUNCATE);
    }

    @Override
    public MetadataColumn[] metadataColumns() {
        return new MetadataColumn[] {column(ROW, DataTypes.LongType, "global row index of the array"),
            column(FILE, DataTypes.StringType, "the file (and npz member) the row comes from")};
    }

    private static MetadataColumn column(String name, DataType type, String comment) {
        return new MetadataColumn() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public DataType dataType() {
                return type;
            }

            @Override
            public boolean isNullable() {
                return false;
            }

            @Override
            public String comment() {
                return comment;
            }
        };
    }

    NpyOptions options() {
        return options;
    }

    synchronized List<SourceFile> sources() {
        if (sources == null) {
            sources = Sources.plan(options, hadoopConf());
        }
        return sources;
    }

    /** The data columns the headers give (what a read returns without metadata columns). */
    StructType readSchema() {
        StructType planned = NpyDataSource.schemaOf(sources(), options);
        if (!sameColumns(planned, schema)) {
            throw new IllegalArgumentException("npy: the schema comes from the headers, " + planned.simpleString()
                    + "; the given one, " + schema.simpleString() + ", differs");
        }
        return planned;
    }

    private static boolean sameColumns(StructType a, StructType b) {
        if (a.fields().length != b.fields().length) {
            return false;
        }
        for (int i = 0; i < a.fields().length; i++) {
            if (!a.fields()[i].name().equals(b.fields()[i].name())
                    || !a.fields()[i].dataType().sameType(b.fields()[i].dataType())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap scanOptions) {
        return new NpyScanBuilder(this);
    }

    @Override
    public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
        return new NpyWriteBuilder(info, options);
    }

    /** The session's Hadoop configuration plus {@code fs.*} options of this read. */
    Configuration hadoopConf() {
        Configuration c = new Configuration(SparkSession.active().sparkContext().hadoopConfiguration());
        rawOptions.forEach((k, v) -> {
            if (k.startsWith("fs.")) {
                c.set(k, v);
            }
        });
        return c;
    }

    Map<String, String> hadoopConfEntries() {
        Map<String, String> m = new HashMap<>();
        hadoopConf().forEach(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }
}
