package io.npy4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** npy_decode over .npy bytes in a table (here: Spark's binaryFile rows of NumPy-written files). */
@EnabledIfNumPy
class NpyDecodeTest {
    @TempDir
    Path dir;

    @Test
    void decodesNumPyBytesFromBinaryFile() throws Exception {
        NumPy.run("import numpy as np, sys, os\n"
                + "np.save(os.path.join(sys.argv[1], 'a.npy'), np.arange(6, dtype='>i2').reshape(2, 3))\n"
                + "np.save(os.path.join(sys.argv[1], 'b.npy'), np.array([1.5, -2.0], dtype='<f4'))", dir.toString());
        Files.write(dir.resolve("c.npy"), "not an npy file".getBytes());
        SparkSession spark = SparkTests.spark();
        NpyFunctions.register(spark);
        List<Row> r = spark.read().format("binaryFile").load(dir.resolve("[ab].npy").toString())
                .selectExpr("npy_decode(content) AS d").orderBy("d.dtype").collectAsList();
        assertEquals("<f4", r.get(0).getStruct(0).getString(0));
        assertEquals(List.of(2L), r.get(0).getStruct(0).getList(1));
        assertEquals(List.of(1.5, -2.0), r.get(0).getStruct(0).getList(2));
        assertEquals(">i2", r.get(1).getStruct(0).getString(0));
        assertEquals(List.of(2L, 3L), r.get(1).getStruct(0).getList(1));
        assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0), r.get(1).getStruct(0).getList(2));
        Exception e = assertThrows(Exception.class, () -> spark.read().format("binaryFile")
                .load(dir.resolve("c.npy").toString()).selectExpr("npy_decode(content)").collect());
        assertTrue(NpyReadTest.messages(e).contains("npy_decode") && NpyReadTest.messages(e).contains("at byte"),
                NpyReadTest.messages(e));
    }
}
