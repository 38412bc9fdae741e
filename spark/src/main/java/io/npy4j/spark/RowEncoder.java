package io.npy4j.spark;

import io.npy4j.dtype.DType;
import io.npy4j.dtype.ScalarType;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.SpecializedGetters;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How a write turns DataFrame rows into {@code .npy} rows (SPEC §19.5): one data column is the array's dtype
 * (an {@code ARRAY} column adds trailing axes), several become the fields of a packed structured dtype; every other
 * column but {@code _row}. Values are encoded little-endian, as {@code np.save} writes on every common platform.
 */
final class RowEncoder implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String descr;
    private final long[] trailing;
    private final int rowOrdinal;
    private final int[] ordinals;
    private final DataType[] types;
    private final String[] names;
    private final long rowBytes;
    private final boolean rowIsLong;

    private RowEncoder(String descr, long[] trailing, int rowOrdinal, boolean rowIsLong, int[] ordinals,
            DataType[] types, String[] names, long rowBytes) {
        this.rowIsLong = rowIsLong;
        this.descr = descr;
        this.trailing = trailing;
        this.rowOrdinal = rowOrdinal;
        this.ordinals = ordinals;
        this.types = types;
        this.names = names;
        this.rowBytes = rowBytes;
    }

    /**
     * The encoding of {@code schema}'s rows; {@code trailing} are the axes after the first (from option
     * {@code shape}), which an {@code ARRAY} column must fill exactly.
     *
     * @throws IllegalArgumentException naming the column whose type has no dtype, or a shape that does not fit
     */
    static RowEncoder of(StructType schema, long[] trailing) {
        List<Integer> data = new ArrayList<>();
        int row = -1;
        for (int i = 0; i < schema.fields().length; i++) {
            if (schema.fields()[i].name().equals(NpyTable.ROW)) {
                if (schema.fields()[i].dataType() != DataTypes.LongType
                        && schema.fields()[i].dataType() != DataTypes.IntegerType) {
                    throw new IllegalArgumentException("npy: column _row must be LONG (the dense 0-based row index),"
                            + " not " + schema.fields()[i].dataType().simpleString());
                }
                row = i;
            } else {
                data.add(i);
            }
        }
        if (data.isEmpty()) {
            throw new IllegalArgumentException("npy: nothing to write besides _row");
        }
        int[] ords = data.stream().mapToInt(Integer::intValue).toArray();
        DataType[] types = new DataType[ords.length];
        String[] names = new String[ords.length];
        for (int k = 0; k < ords.length; k++) {
            StructField f = schema.fields()[ords[k]];
            types[k] = f.dataType();
            names[k] = f.name();
        }
        DType dtype;
        if (ords.length == 1) {
            DataType t = types[0];
            int depth = 0;
            while (t instanceof ArrayType a) {
                t = a.elementType();
                depth++;
            }
            if (depth != trailing.length) {
                throw new IllegalArgumentException("npy: column " + names[0] + " (" + types[0].simpleString()
                        + ") has " + depth + " array levels but option shape gives " + trailing.length
                        + " axes after the rows " + Arrays.toString(trailing));
            }
            dtype = scalar(t, names[0]);
        } else {
            if (trailing.length != 0) {
                throw new IllegalArgumentException("npy: a structured write (several columns) takes shape with the"
                        + " row count only, not " + Arrays.toString(trailing));
            }
            List<DType> fields = new ArrayList<>();
            for (int k = 0; k < ords.length; k++) {
                fields.add(scalar(types[k], names[k]));
            }
            dtype = io.npy4j.dtype.StructType.packed(Arrays.asList(names), fields);
        }
        long perRow = dtype.itemSize();
        for (long t : trailing) {
            perRow = Math.multiplyExact(perRow, t);
        }
        return new RowEncoder(dtype.descr(), trailing.clone(), row,
                row < 0 || schema.fields()[row].dataType() == DataTypes.LongType, ords, types, names, perRow);
    }

    private static ScalarType scalar(DataType t, String column) {
        if (t == DataTypes.DoubleType) {
            return ScalarType.FLOAT64;
        }
        if (t == DataTypes.FloatType) {
            return ScalarType.FLOAT32;
        }
        if (t == DataTypes.LongType) {
            return ScalarType.INT64;
        }
        if (t == DataTypes.IntegerType) {
            return ScalarType.INT32;
        }
        if (t == DataTypes.ShortType) {
            return ScalarType.INT16;
        }
        if (t == DataTypes.ByteType) {
            return ScalarType.INT8;
        }
        if (t == DataTypes.BooleanType) {
            return ScalarType.BOOL;
        }
        if (t == DataTypes.TimestampNTZType || t == DataTypes.TimestampType) {
            return ScalarType.parse("<M8[us]");
        }
        throw new IllegalArgumentException("npy: column " + column + " has type " + t.simpleString()
                + ", which has no fixed-size dtype here (write DOUBLE, FLOAT, LONG, INT, SHORT, BYTE, BOOLEAN,"
                + " TIMESTAMP, or arrays of them)");
    }

    DType dtype() {
        return DType.parse(descr);
    }

    long[] trailing() {
        return trailing.clone();
    }

    long rowBytes() {
        return rowBytes;
    }

    boolean hasRowColumn() {
        return rowOrdinal >= 0;
    }

    /** The {@code _row} of a row. */
    long rowIndex(InternalRow r) {
        if (r.isNullAt(rowOrdinal)) {
            throw new IllegalArgumentException("npy: a row has a null _row");
        }
        return rowIsLong ? r.getLong(rowOrdinal) : r.getInt(rowOrdinal);
    }

    /** Appends the stored bytes of row {@code r} (whose index is {@code index}, for messages) to {@code out}. */
    void encode(InternalRow r, long index, ByteBuffer out) {
        for (int k = 0; k < ordinals.length; k++) {
            put(r, ordinals[k], types[k], 0, index, names[k], out);
        }
    }

    private void put(SpecializedGetters g, int i, DataType t, int axis, long index, String column, ByteBuffer out) {
        if (g.isNullAt(i)) {
            if (t == DataTypes.TimestampNTZType || t == DataTypes.TimestampType) {
                out.putLong(Long.MIN_VALUE); // NaT
                return;
            }
            throw new IllegalArgumentException("npy: row " + index + " has a null in column " + column
                    + " (.npy holds no nulls)");
        }
        if (t instanceof ArrayType a) {
            ArrayData d = g.getArray(i);
            if (d.numElements() != trailing[axis]) {
                throw new IllegalArgumentException("npy: row " + index + " column " + column + " has "
                        + d.numElements() + " elements on axis " + (axis + 1) + ", the shape says " + trailing[axis]);
            }
            for (int j = 0; j < d.numElements(); j++) {
                put(d, j, a.elementType(), axis + 1, index, column, out);
            }
        } else if (t == DataTypes.DoubleType) {
            out.putDouble(g.getDouble(i));
        } else if (t == DataTypes.FloatType) {
            out.putFloat(g.getFloat(i));
        } else if (t == DataTypes.LongType || t == DataTypes.TimestampNTZType || t == DataTypes.TimestampType) {
            out.putLong(g.getLong(i));
        } else if (t == DataTypes.IntegerType) {
            out.putInt(g.getInt(i));
        } else if (t == DataTypes.ShortType) {
            out.putShort(g.getShort(i));
        } else if (t == DataTypes.ByteType) {
            out.put(g.getByte(i));
        } else {
            out.put(g.getBoolean(i) ? (byte) 1 : 0);
        }
    }
}
