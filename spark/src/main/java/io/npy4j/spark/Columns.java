package io.npy4j.spark;

import io.npy4j.NpyArray;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.DateUnit;
import io.npy4j.dtype.Field;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.StructType;
import io.npy4j.dtype.SubarrayType;
import io.npy4j.dtype.TypeCode;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;

/**
 * The Spark columns of an array of rows (SPEC §19.2): a scalar dtype is one column {@code value} (trailing axes
 * make it {@code ARRAY<...>}, or with {@code layout=columns} a 2-D array is one column {@code c<j>} per element), a
 * structured dtype one column per field. Each column knows its Spark field, the view of the rows it reads, and the
 * vector that holds a batch of it.
 */
final class Columns {
    /** The column of a non-structured array. */
    static final String VALUE = "value";

    /** How trailing axes of a non-structured array become columns. */
    enum Layout {
        ARRAY, COLUMNS;

        static Layout parse(String s) {
            return switch (s.toLowerCase(java.util.Locale.ROOT)) {
                case "array" -> ARRAY;
                case "columns" -> COLUMNS;
                default -> throw new IllegalArgumentException("npy: layout must be 'array' or 'columns', not '" + s
                        + "'");
            };
        }
    }

    /** One top-level column. */
    record Column(StructField field, UnaryOperator<NpyArray> view, DType element, long[] trailing, String source) {
        /** A vector holding {@code rows} rows of this column. */
        NpyVector vector(int rows) {
            return Columns.vector(element, trailing, rows, source);
        }
    }

    private Columns() {
    }

    /**
     * The columns of rows of {@code dtype} with {@code trailing} axes after the first.
     *
     * @throws IllegalArgumentException for dtypes Spark cannot hold (objects)
     */
    static List<Column> of(DType dtype, long[] trailing, Layout layout, String source) {
        List<Column> out = new ArrayList<>();
        if (dtype instanceof StructType s) {
            for (Field f : s.fields()) {
                String name = f.name();
                DType base = f.type();
                long[] axes = trailing;
                while (base instanceof SubarrayType sub) { // a subarray field adds its axes after the row's
                    axes = concat(axes, sub.shape().toArray());
                    base = sub.base();
                }
                out.add(new Column(new StructField(name, wrap(axes, typeOf(base)), nullable(base),
                        metadata(base)), rows -> rows.field(name), base, axes, source));
            }
        } else if (layout == Layout.COLUMNS && trailing.length == 1) {
            for (long j = 0; j < trailing[0]; j++) {
                String index = "[:, " + j + "]";
                out.add(new Column(new StructField("c" + j, typeOf(dtype), nullable(dtype), metadata(dtype)),
                        rows -> rows.select(index), dtype, new long[0], source));
            }
        } else {
            out.add(new Column(new StructField(VALUE, wrap(trailing, typeOf(dtype)), nullable(dtype),
                    metadata(dtype)), UnaryOperator.identity(), dtype, trailing, source));
        }
        return out;
    }

    static org.apache.spark.sql.types.StructType schema(List<Column> columns) {
        return new org.apache.spark.sql.types.StructType(columns.stream().map(Column::field)
                .toArray(StructField[]::new));
    }

    private static long[] concat(long[] a, long[] b) {
        long[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static DataType wrap(long[] axes, DataType element) {
        DataType t = element;
        boolean nulls = element == DataTypes.TimestampNTZType;
        for (int i = axes.length - 1; i >= 0; i--) {
            t = DataTypes.createArrayType(t, nulls);
            nulls = false;
        }
        return t;
    }

    static DataType complexType(boolean single) {
        DataType part = single ? DataTypes.FloatType : DataTypes.DoubleType;
        return DataTypes.createStructType(new StructField[] {
            DataTypes.createStructField("re", part, false), DataTypes.createStructField("im", part, false)});
    }

    /** Microseconds per unit of a datetime64 dtype that Spark's timestamps hold exactly, or 0. */
    static long microsPerUnit(ScalarType t) {
        long per = switch (t.unit()) {
            case WEEK -> 7 * 86_400_000_000L;
            case DAY -> 86_400_000_000L;
            case HOUR -> 3_600_000_000L;
            case MINUTE -> 60_000_000L;
            case SECOND -> 1_000_000L;
            case MILLISECOND -> 1_000L;
            case MICROSECOND -> 1L;
            default -> 0L; // years and months have no fixed length; ns and finer lose digits
        };
        try {
            return Math.multiplyExact(per, t.unitMultiplier());
        } catch (ArithmeticException e) {
            return 0;
        }
    }

    private static boolean isTimestamp(DType d) {
        return d instanceof ScalarType s && s.code() == TypeCode.DATETIME && microsPerUnit(s) > 0;
    }

    private static boolean nullable(DType d) {
        return isTimestamp(d);
    }

    private static Metadata metadata(DType d) {
        MetadataBuilder m = new MetadataBuilder().putString("numpy_dtype",
                d instanceof ScalarType t ? t.typeString() : d.descr());
        if (d instanceof ScalarType s && (s.code() == TypeCode.DATETIME || s.code() == TypeCode.TIMEDELTA)
                && !isTimestamp(s)) {
            String unit = s.unit() == DateUnit.GENERIC ? "generic" : s.unit().symbol();
            m.putString("unit", s.unitMultiplier() == 1 ? unit : s.unitMultiplier() + unit);
        }
        return m.build();
    }

    /** The Spark type of one element of {@code d} (the table in SPEC §19.2). */
    static DataType typeOf(DType d) {
        if (d instanceof StructType s) {
            List<StructField> fields = new ArrayList<>();
            for (Field f : s.fields()) {
                DType base = f.type();
                long[] axes = new long[0];
                while (base instanceof SubarrayType sub) {
                    axes = concat(axes, sub.shape().toArray());
                    base = sub.base();
                }
                fields.add(new StructField(f.name(), wrap(axes, typeOf(base)), nullable(base), metadata(base)));
            }
            return DataTypes.createStructType(fields);
        }
        if (d instanceof SubarrayType sub) {
            return wrap(sub.shape().toArray(), typeOf(sub.base()));
        }
        ScalarType t = (ScalarType) d;
        long size = t.itemSize();
        switch (t.code()) {
            case BOOL:
                return DataTypes.BooleanType;
            case INT:
                return size == 1 ? DataTypes.ByteType : size == 2 ? DataTypes.ShortType
                        : size == 4 ? DataTypes.IntegerType : DataTypes.LongType;
            case UINT: // widened so every value fits
                return size == 1 ? DataTypes.ShortType : size == 2 ? DataTypes.IntegerType
                        : size == 4 ? DataTypes.LongType : DataTypes.createDecimalType(20, 0);
            case FLOAT:
                return size <= 4 ? DataTypes.FloatType : size == 8 ? DataTypes.DoubleType : DataTypes.BinaryType;
            case COMPLEX:
                return size == 8 ? complexType(true) : size == 16 ? complexType(false) : DataTypes.BinaryType;
            case UNICODE:
                return DataTypes.StringType;
            case BYTES:
            case VOID:
                return DataTypes.BinaryType;
            case DATETIME:
                return isTimestamp(t) ? DataTypes.TimestampNTZType : DataTypes.LongType;
            case TIMEDELTA:
                return DataTypes.LongType;
            default:
                throw new IllegalArgumentException("npy: dtype " + t.descr() + " holds Python objects, which have no"
                        + " Spark type");
        }
    }

    /** The vector for {@code rows} rows of {@code element} values with {@code trailing} axes. */
    static NpyVector vector(DType element, long[] trailing, int rows, String source) {
        long perRow = 1;
        for (long a : trailing) {
            perRow = Math.multiplyExact(perRow, a);
        }
        NpyVector v = leaf(element, Math.toIntExact(Math.multiplyExact(rows, Math.max(perRow, 1))), source);
        for (int i = trailing.length - 1; i >= 0; i--) {
            long[] inner = Arrays.copyOfRange(trailing, i, trailing.length);
            v = new Vectors.Array(wrap(inner, typeOf(element)), v, Math.toIntExact(trailing[i]));
        }
        return v;
    }

    private static NpyVector leaf(DType d, int capacity, String source) {
        if (d instanceof StructType s) {
            List<String> names = new ArrayList<>();
            List<NpyVector> children = new ArrayList<>();
            for (Field f : s.fields()) {
                DType base = f.type();
                long[] axes = new long[0];
                while (base instanceof SubarrayType sub) {
                    axes = concat(axes, sub.shape().toArray());
                    base = sub.base();
                }
                names.add(f.name());
                children.add(vector(base, axes, capacity, source));
            }
            return new Vectors.Struct(typeOf(d), names, children.toArray(NpyVector[]::new));
        }
        ScalarType t = (ScalarType) d;
        long size = t.itemSize();
        switch (t.code()) {
            case BOOL:
                return new Vectors.Booleans(capacity);
            case INT:
                return size == 1 ? new Vectors.Bytes(capacity) : size == 2 ? new Vectors.Shorts(capacity)
                        : size == 4 ? new Vectors.Ints(capacity) : new Vectors.Longs(capacity);
            case UINT:
                return size == 1 ? new Vectors.Shorts(capacity) : size == 2 ? new Vectors.Ints(capacity)
                        : size == 4 ? new Vectors.Longs(capacity) : new Vectors.UInt64(capacity);
            case FLOAT:
                return size <= 4 ? new Vectors.Floats(capacity) : size == 8 ? new Vectors.Doubles(capacity)
                        : new Vectors.Raw(capacity, (int) size, false);
            case COMPLEX:
                return size == 8 || size == 16 ? new Vectors.Complex(capacity, size == 8)
                        : new Vectors.Raw(capacity, (int) size, false);
            case UNICODE:
                ByteOrder order = t.endianness().byteOrder();
                return new Vectors.Unicode(capacity, (int) size, order == null ? ByteOrder.LITTLE_ENDIAN : order);
            case BYTES:
                return new Vectors.Raw(capacity, (int) size, true);
            case VOID:
                return new Vectors.Raw(capacity, (int) size, false);
            case DATETIME:
                return isTimestamp(t) ? new Vectors.Timestamps(capacity, microsPerUnit(t), source)
                        : new Vectors.Longs(capacity);
            case TIMEDELTA:
                return new Vectors.Longs(capacity);
            default:
                throw new IllegalArgumentException("npy: dtype " + t.descr() + " holds Python objects");
        }
    }
}
