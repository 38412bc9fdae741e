package io.npy4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes load in NumPy as the arrays NumPy itself would save, byte for byte. */
@EnabledIfNumPy
class NpyWriteTest {
    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void session() {
        spark = SparkTests.spark();
    }

    /** Rows 0..n-1 in a shuffled order over several partitions, so the write has to order them. */
    private static Dataset<Row> rows(long n, String... columns) {
        return spark.range(n).repartition(3).selectExpr(columns);
    }

    /** Runs {@code check} (Python, with {@code f} the file) and expects it to print ok. */
    private static void numpy(Path f, String check) {
        String out = NumPy.run("import numpy as np, sys, io\nf = sys.argv[1]\na = np.load(f)\n" + check
                + "\nprint('ok')", f.toString());
        assertEquals("ok", out.strip());
    }

    @Test
    void windowWriteIsByteIdenticalToNpSave() {
        Path f = dir.resolve("w1.npy");
        rows(1000, "id AS _row", "CAST(id AS DOUBLE) * 0.25 - 7 AS value").write().format("npy").mode("overwrite")
                .option("shape", "1000").save(f.toString());
        numpy(f, "e = np.arange(1000) * 0.25 - 7\nb = io.BytesIO(); np.save(b, e)\n"
                + "assert open(f, 'rb').read() == b.getvalue()");
    }

    @Test
    void arrayColumnsBecomeTrailingAxes() {
        Path f = dir.resolve("w2.npy");
        rows(500, "id AS _row", "array(CAST(id AS INT), CAST(-id AS INT), 7) AS v").write().format("npy")
                .mode("overwrite").option("shape", "500,3").save(f.toString());
        numpy(f, "i = np.arange(500, dtype='<i4')\ne = np.stack([i, -i, np.full(500, 7, '<i4')], axis=1)\n"
                + "b = io.BytesIO(); np.save(b, e)\nassert open(f, 'rb').read() == b.getvalue(), a[:3]");
    }

    @Test
    void severalColumnsBecomeAStructuredDtype() {
        Path f = dir.resolve("w3.npy");
        rows(300, "id AS _row", "id AS a", "CAST(id / 2 AS FLOAT) AS b", "id % 3 = 0 AS c").write().format("npy")
                .mode("overwrite").option("shape", "300").save(f.toString());
        numpy(f, "e = np.zeros(300, dtype=[('a', '<i8'), ('b', '<f4'), ('c', '?')])\n"
                + "e['a'] = np.arange(300); e['b'] = np.arange(300) / 2; e['c'] = np.arange(300) % 3 == 0\n"
                + "b = io.BytesIO(); np.save(b, e)\nassert open(f, 'rb').read() == b.getvalue(), a[:3]");
        // and it reads back as the same columns
        List<Row> back = spark.read().format("npy").load(f.toString()).orderBy("a").collectAsList();
        assertEquals(299L, back.get(299).getLong(0));
        assertEquals(149.5f, back.get(299).getFloat(1));
    }

    @Test
    void aMissingRowFailsWithItsRangeAndLeavesNoFile() throws Exception {
        Path f = dir.resolve("missing.npy");
        Exception e = assertThrows(Exception.class, () -> rows(10, "id AS _row", "CAST(id AS DOUBLE) AS v").filter("_row != 5")
                .write().format("npy").mode("overwrite").option("shape", "10").save(f.toString()));
        assertTrue(NpyReadTest.messages(e).contains("rows [5, 6) were not written"), NpyReadTest.messages(e));
        assertFalse(Files.exists(f));
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary file left");
        }
    }

    @Test
    void duplicateRowsFailTheCommit() {
        Path f = dir.resolve("dup.npy");
        Exception e = assertThrows(Exception.class, () -> spark.range(6).selectExpr("id % 5 AS _row", "CAST(id AS DOUBLE) AS v")
                .write().format("npy").mode("overwrite").option("shape", "5").save(f.toString()));
        assertTrue(NpyReadTest.messages(e).contains("rows [0, 1) were written twice"), NpyReadTest.messages(e));
    }

    @Test
    void anAttemptKilledMidWriteStillLeavesTheRightFile() {
        Path sub = dir.resolve("faulty");
        Path f = sub.resolve("retried.npy");
        System.setProperty("npy4j.faulty.dir", sub.toString());
        try {
            Files.createDirectories(sub);
            rows(4000, "id AS _row", "CAST(id AS DOUBLE) * 3 AS v").write().format(FaultyNpySource.class.getName())
                    .mode("overwrite").option("shape", "4000").save(f.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        numpy(f, "e = np.arange(4000) * 3.0\nb = io.BytesIO(); np.save(b, e)\n"
                + "assert open(f, 'rb').read() == b.getvalue(), a[:5]");
    }

    @Test
    void appendRefusesAnExistingFileAndOverwriteReplacesIt() throws Exception {
        Path f = dir.resolve("exists.npy");
        Files.write(f, new byte[] {1, 2, 3});
        Exception e = assertThrows(Exception.class, () -> rows(4, "id AS _row", "CAST(id AS DOUBLE) AS v").write()
                .format("npy").mode("append").option("shape", "4").save(f.toString()));
        assertTrue(NpyReadTest.messages(e).contains("exists; use save mode 'overwrite'"), NpyReadTest.messages(e));
        assertEquals(3, Files.size(f));
        rows(4, "id AS _row", "CAST(id AS DOUBLE) AS v").write().format("npy").mode("overwrite").option("shape", "4")
                .save(f.toString());
        numpy(f, "assert a.tolist() == [0.0, 1.0, 2.0, 3.0]");
    }

    @Test
    void shardsWriteOneFilePerPartitionAndAManifestLast() throws Exception {
        Path m = dir.resolve("shards").resolve("out.json");
        rows(1000, "id AS _row", "array(CAST(id AS DOUBLE), CAST(id AS DOUBLE) * 2) AS v").write().format("npy").mode("overwrite")
                .option("mode", "shards").option("shape", "1000,2").save(m.toString());
        // NumPy: each block is an .npy; stacked at their origins they are the array
        String out = NumPy.run(String.join("\n",
                "import numpy as np, json, sys, os",
                "m = json.load(open(sys.argv[1])); d = os.path.dirname(sys.argv[1])",
                "a = np.zeros(m['shape'])",
                "for b in m['blocks']:",
                "    x = np.load(os.path.join(d, b['path'])); o = b['origin'][0]",
                "    assert list(x.shape) == b['shape']; a[o:o + x.shape[0]] = x",
                "e = np.stack([np.arange(1000) * 1.0, np.arange(1000) * 2.0], axis=1)",
                "assert (a == e).all() and m['shape'] == [1000, 2]",
                "print(len(m['blocks']), len([n for n in os.listdir(d) if n.endswith('.npy')]))"), m.toString());
        String[] counts = out.strip().split(" ");
        assertTrue(Integer.parseInt(counts[0]) >= 2, out);
        assertEquals(counts[0], counts[1], "shard files left beside the manifest: " + out);
        // and the manifest reads back through the source
        List<Row> back = spark.read().format("npy").load(m.toString()).selectExpr("_row", "value[1]")
                .orderBy("_row").collectAsList();
        assertEquals(1000, back.size());
        assertEquals(1998.0, back.get(999).getDouble(1));
    }
}
