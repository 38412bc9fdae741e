package io.npy4j.spark;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.dtype.Casting;
import io.npy4j.dtype.ScalarType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * SQL functions over {@code .npy} bytes already in a table (Petastorm's {@code NdarrayCodec} column, the
 * {@code content} of {@code binaryFile}): {@code npy_decode(binary)} is
 * {@code STRUCT<dtype STRING, shape ARRAY<BIGINT>, values ARRAY<DOUBLE>>}, the values in C order converted to
 * double under NumPy's safe casting (bool, integers, floats; a null input gives null).
 */
public final class NpyFunctions {
    /** The result type of {@code npy_decode}. */
    public static final StructType DECODED = DataTypes.createStructType(new StructField[] {
        DataTypes.createStructField("dtype", DataTypes.StringType, false),
        DataTypes.createStructField("shape", DataTypes.createArrayType(DataTypes.LongType, false), false),
        DataTypes.createStructField("values", DataTypes.createArrayType(DataTypes.DoubleType, false), false)});

    private NpyFunctions() {
    }

    /** Registers {@code npy_decode} in {@code spark} (PySpark: {@code spark._jvm.io.npy4j.spark.NpyFunctions.register(spark._jsparkSession)}). */
    public static void register(SparkSession spark) {
        spark.udf().register("npy_decode", (UDF1<byte[], Row>) NpyFunctions::decode, DECODED);
    }

    /**
     * Decodes one {@code .npy} value.
     *
     * @throws IllegalArgumentException with NumPy's byte offset when the bytes are not a valid {@code .npy}, or
     *     when the dtype does not convert safely to double
     */
    static Row decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try (NpyArray a = Npy.read(bytes)) {
            if (!(a.dtype() instanceof ScalarType)) {
                throw new IllegalArgumentException("npy_decode: dtype " + a.dtype().descr() + " is structured;"
                        + " npy_decode returns numbers only");
            }
            double[] v = a.asDoubleArray(Casting.SAFE);
            Long[] shape = Arrays.stream(a.shape().toArray()).boxed().toArray(Long[]::new);
            return RowFactory.create(((ScalarType) a.dtype()).typeString(), Arrays.asList(shape),
                    Arrays.asList(Arrays.stream(v).boxed().toArray(Double[]::new)));
        } catch (IOException e) {
            throw new UncheckedIOException("npy_decode: " + e.getMessage(), e);
        }
    }
}
