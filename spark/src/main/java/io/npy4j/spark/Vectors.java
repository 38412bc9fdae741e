package io.npy4j.spark;

import io.npy4j.NpyArray;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The column vectors of the npy source, one per Spark type: primitive leaves over a reused Java array,
 * {@link Struct} and {@link Array} for structured dtypes and trailing axes, {@link Complex} as a (re, im) struct,
 * and the {@code _row} / {@code _file} metadata columns.
 */
final class Vectors {
    private Vectors() {
    }

    static final class Doubles extends NpyVector {
        private final double[] v;

        Doubles(int capacity) {
            super(DataTypes.DoubleType);
            v = new double[capacity];
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            src.read(first, v, 0, count);
        }

        @Override
        public double getDouble(int rowId) {
            return v[rowId];
        }
    }

    static final class Floats extends NpyVector {
        private final float[] v;

        Floats(int capacity) {
            super(DataTypes.FloatType);
            v = new float[capacity];
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            src.read(first, v, 0, count);
        }

        @Override
        public float getFloat(int rowId) {
            return v[rowId];
        }
    }

    static final class Longs extends NpyVector {
        private final long[] v;

        Longs(int capacity) {
            super(DataTypes.LongType);
            v = new long[capacity];
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            src.read(first, v, 0, count);
        }

        @Override
        public long getLong(int rowId) {
            return v[rowId];
        }
    }

    static final class Ints extends NpyVector {
        private final int[] v;

        Ints(int capacity) {
            super(DataTypes.IntegerType);
            v = new int[capacity];
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            src.read(first, v, 0, count);
        }

        @Override
        public int getInt(int rowId) {
            return v[rowId];
        }
    }

    static final class Shorts extends NpyVector {
        private final short[] v;

        Shorts(int capacity) {
            super(DataTypes.ShortType);
            v = new short[capacity];
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            src.read(first, v, 0, count);
        }

        @Override
        public short getShort(int rowId) {
            return v[rowId];
        }
    }

    static final class Bytes extends NpyVector {
        private final byte[] v;

        Bytes(int capacity) {
            super(DataTypes.ByteType);
            v = new byte[capacity];
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            src.read(first, v, 0, count);
        }

        @Override
        public byte getByte(int rowId) {
            return v[rowId];
        }
    }

    static final class Booleans extends NpyVector {
        private final boolean[] v;

        Booleans(int capacity) {
            super(DataTypes.BooleanType);
            v = new boolean[capacity];
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            src.read(first, v, 0, count);
        }

        @Override
        public boolean getBoolean(int rowId) {
            return v[rowId];
        }
    }

    /** uint64 as DECIMAL(20,0): every value exact (LONG would show values past 2^63 as negative). */
    static final class UInt64 extends NpyVector {
        private final long[] v;

        UInt64(int capacity) {
            super(DataTypes.createDecimalType(20, 0));
            v = new long[capacity];
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            src.read(first, v, 0, count);
        }

        @Override
        public Decimal getDecimal(int rowId, int precision, int scale) {
            long bits = v[rowId];
            if (bits >= 0) {
                return Decimal.apply(bits, precision, scale);
            }
            BigInteger u = BigInteger.valueOf(bits).add(BigInteger.ONE.shiftLeft(64));
            return Decimal.apply(new java.math.BigDecimal(u), precision, scale);
        }
    }

    /**
     * datetime64 in a unit Spark's microsecond timestamps hold exactly ({@code W, D, h, m, s, ms, us} times the
     * descr's multiplier): the count times {@code microsPerUnit}; NaT is null. Values past Spark's range (about
     * ±292,000 years) fail naming the value rather than wrap.
     */
    static final class Timestamps extends NpyVector {
        private final long[] v;
        private final long microsPerUnit;
        private final String source;
        private int nulls;

        Timestamps(int capacity, long microsPerUnit, String source) {
            super(DataTypes.TimestampNTZType);
            this.v = new long[capacity];
            this.microsPerUnit = microsPerUnit;
            this.source = source;
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            src.read(first, v, 0, count);
            int n = 0;
            for (int i = 0; i < count; i++) {
                long x = v[i];
                if (x == Long.MIN_VALUE) {
                    n++;
                    continue;
                }
                try {
                    v[i] = Math.multiplyExact(x, microsPerUnit);
                } catch (ArithmeticException e) {
                    throw new ArithmeticException("npy: datetime64 value " + x + " at element " + (first + i)
                            + " of " + source + " is outside Spark's timestamp range");
                }
            }
            nulls = n;
        }

        @Override
        public boolean hasNull() {
            return nulls > 0;
        }

        @Override
        public int numNulls() {
            return nulls;
        }

        @Override
        public boolean isNullAt(int rowId) {
            return v[rowId] == Long.MIN_VALUE;
        }

        @Override
        public long getLong(int rowId) {
            return v[rowId];
        }
    }

    /** Fixed-size byte elements: {@code S} (trailing NULs stripped, as NumPy), {@code V} and long doubles (raw). */
    static final class Raw extends NpyVector {
        private final byte[] v;
        private final int itemSize;
        private final boolean stripNuls;

        Raw(int capacity, int itemSize, boolean stripNuls) {
            super(DataTypes.BinaryType);
            this.v = new byte[Math.multiplyExact(capacity, Math.max(itemSize, 0))];
            this.itemSize = itemSize;
            this.stripNuls = stripNuls;
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            src.readRaw(first, v, 0, count);
        }

        @Override
        public byte[] getBinary(int rowId) {
            int from = rowId * itemSize;
            int to = from + itemSize;
            if (stripNuls) {
                while (to > from && v[to - 1] == 0) {
                    to--;
                }
            }
            return Arrays.copyOfRange(v, from, to);
        }
    }

    /** {@code U}: UCS-4 code units in the dtype's byte order, trailing NULs stripped as NumPy does. */
    static final class Unicode extends NpyVector {
        private final byte[] v;
        private final int chars;
        private final ByteOrder order;

        Unicode(int capacity, int itemSize, ByteOrder order) {
            super(DataTypes.StringType);
            this.v = new byte[Math.multiplyExact(capacity, itemSize)];
            this.chars = itemSize / 4;
            this.order = order;
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            src.readRaw(first, v, 0, count);
        }

        @Override
        public UTF8String getUTF8String(int rowId) {
            ByteBuffer b = ByteBuffer.wrap(v, rowId * chars * 4, chars * 4).order(order);
            int[] cps = new int[chars];
            int n = 0;
            for (int i = 0; i < chars; i++) {
                cps[i] = b.getInt();
                if (cps[i] != 0) {
                    n = i + 1;
                }
            }
            return UTF8String.fromString(new String(cps, 0, n));
        }
    }

    /** complex64/complex128 as STRUCT&lt;re, im&gt; of FLOAT/DOUBLE. */
    static final class Complex extends NpyVector {
        private final boolean single;
        private final float[] f;
        private final double[] d;
        private final Part re = new Part(0);
        private final Part im = new Part(1);

        Complex(int capacity, boolean single) {
            super(Columns.complexType(single));
            this.single = single;
            this.f = single ? new float[Math.multiplyExact(capacity, 2)] : null;
            this.d = single ? null : new double[Math.multiplyExact(capacity, 2)];
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            if (single) {
                src.read(first, f, 0, count); // complex elements move as (re, im) pairs
            } else {
                src.read(first, d, 0, count);
            }
        }

        @Override
        public ColumnVector getChild(int ordinal) {
            return ordinal == 0 ? re : im;
        }

        private final class Part extends NpyVector {
            private final int part;

            Part(int part) {
                super(single ? DataTypes.FloatType : DataTypes.DoubleType);
                this.part = part;
            }

            @Override
            void fill(NpyArray src, long first, int count) {
                throw new IllegalStateException("filled through its complex parent");
            }

            @Override
            public float getFloat(int rowId) {
                return f[2 * rowId + part];
            }

            @Override
            public double getDouble(int rowId) {
                return d[2 * rowId + part];
            }
        }
    }

    /** A structured dtype: one child per field, each filled from the field's view. */
    static final class Struct extends NpyVector {
        private final List<String> names;
        private final NpyVector[] children;

        Struct(DataType type, List<String> names, NpyVector[] children) {
            super(type);
            this.names = List.copyOf(names);
            this.children = children;
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            for (int i = 0; i < children.length; i++) {
                children[i].fill(src.field(names.get(i)), first, count);
            }
        }

        @Override
        public ColumnVector getChild(int ordinal) {
            return children[ordinal];
        }
    }

    /** A trailing axis of {@code length}: row {@code i} is elements {@code [i*length, (i+1)*length)} of the child. */
    static final class Array extends NpyVector {
        private final NpyVector child;
        private final int length;

        Array(DataType type, NpyVector child, int length) {
            super(type);
            this.child = child;
            this.length = length;
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            child.fill(src, first * length, Math.multiplyExact(count, length));
        }

        @Override
        public ColumnarArray getArray(int rowId) {
            return new ColumnarArray(child, rowId * length, length);
        }
    }

    /** {@code _row}: the global row index, the first one plus the position in the batch. */
    static final class RowIndex extends NpyVector {
        private long base;

        RowIndex() {
            super(DataTypes.LongType);
        }

        void at(long firstRow) {
            base = firstRow;
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            throw new IllegalStateException("_row is positioned with at(), not filled");
        }

        @Override
        public long getLong(int rowId) {
            return base + rowId;
        }
    }

    /** {@code _file}: the same string for every row of a partition. */
    static final class Constant extends NpyVector {
        private final UTF8String value;

        Constant(String value) {
            super(DataTypes.StringType);
            this.value = UTF8String.fromString(value);
        }

        @Override
        void fill(NpyArray src, long first, int count) {
            throw new IllegalStateException("a constant column is not filled");
        }

        @Override
        public UTF8String getUTF8String(int rowId) {
            return value;
        }
    }
}
