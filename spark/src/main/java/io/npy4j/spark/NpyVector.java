package io.npy4j.spark;

import io.npy4j.NpyArray;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A Spark column vector refilled batch by batch from an npy4j array with one bulk copy per leaf
 * ({@link NpyArray#read(long, double[], int, int)} and its siblings), so no value passes through a row object. Each
 * subclass answers only the getters of its Spark type; the others say which type the column is.
 */
abstract class NpyVector extends ColumnVector {

    NpyVector(DataType type) {
        super(type);
    }

    /**
     * Refills this vector with {@code count} values whose first is flat element {@code first} of {@code src} (for an
     * array column: {@code first} counts whole arrays of the column's trailing shape).
     */
    abstract void fill(NpyArray src, long first, int count);

    @Override
    public void close() {
    }

    @Override
    public boolean hasNull() {
        return false;
    }

    @Override
    public int numNulls() {
        return 0;
    }

    @Override
    public boolean isNullAt(int rowId) {
        return false;
    }

    private UnsupportedOperationException wrong(String getter) {
        return new UnsupportedOperationException(getter + " on an npy column of type " + type.simpleString());
    }

    @Override
    public boolean getBoolean(int rowId) {
        throw wrong("getBoolean");
    }

    @Override
    public byte getByte(int rowId) {
        throw wrong("getByte");
    }

    @Override
    public short getShort(int rowId) {
        throw wrong("getShort");
    }

    @Override
    public int getInt(int rowId) {
        throw wrong("getInt");
    }

    @Override
    public long getLong(int rowId) {
        throw wrong("getLong");
    }

    @Override
    public float getFloat(int rowId) {
        throw wrong("getFloat");
    }

    @Override
    public double getDouble(int rowId) {
        throw wrong("getDouble");
    }

    @Override
    public ColumnarArray getArray(int rowId) {
        throw wrong("getArray");
    }

    @Override
    public ColumnarMap getMap(int ordinal) {
        throw wrong("getMap");
    }

    @Override
    public Decimal getDecimal(int rowId, int precision, int scale) {
        throw wrong("getDecimal");
    }

    @Override
    public UTF8String getUTF8String(int rowId) {
        throw wrong("getUTF8String");
    }

    @Override
    public byte[] getBinary(int rowId) {
        throw wrong("getBinary");
    }

    @Override
    public ColumnVector getChild(int ordinal) {
        throw wrong("getChild");
    }
}
