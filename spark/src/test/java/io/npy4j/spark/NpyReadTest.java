package io.npy4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads of NumPy-written files equal what NumPy holds (the expected values are NumPy's, printed as JSON). */
@EnabledIfNumPy
class NpyReadTest {
    @TempDir
    static Path dir;
    static JsonNode expected;
    static SparkSession spark;

    @BeforeAll
    static void fixtures() throws Exception {
        String out = NumPy.run(String.join("\n",
                "import numpy as np, json, sys, os",
                "d = sys.argv[1]",
                "e = {}",
                "a = np.arange(1000, dtype='<f8') * 0.5 - 3",
                "np.save(os.path.join(d, 'd1.npy'), a); e['d1'] = a.tolist()",
                "b = np.arange(600, dtype='<i4').reshape(200, 3)",
                "np.save(os.path.join(d, 'd2.npy'), b); e['d2'] = b.tolist()",
                "c = np.arange(2*3*4, dtype='<f4').reshape(2, 3, 4) / 8",
                "np.save(os.path.join(d, 'd3.npy'), c); e['d3'] = c.tolist()",
                "f = np.asfortranarray(np.arange(60., dtype='<f8').reshape(20, 3) ** 1.5)",
                "np.save(os.path.join(d, 'fo.npy'), f); e['fo'] = f.tolist(); assert np.isfortran(f)",
                "g = np.arange(100, dtype='>i8') * -7",
                "np.save(os.path.join(d, 'be.npy'), g); e['be'] = g.tolist()",
                "h = (np.arange(30, dtype='>f4') / 3).reshape(10, 3)",
                "np.save(os.path.join(d, 'be2.npy'), h); e['be2'] = h.astype('<f8').tolist()",
                "dt = np.dtype([('id', '<i8'), ('x', '<f4'), ('v', '>f8', (2,)), ('name', '<U5'), ('flag', '?'),",
                "               ('t', '<M8[ms]'), ('z', '<c16'), ('u', '<u8'), ('s', 'S3'), ('p', [('q', '<i2'), ('r', 'u1')])])",
                "s = np.zeros(7, dtype=dt)",
                "s['id'] = np.arange(7) * 11; s['x'] = np.arange(7) / 4; s['v'] = np.arange(14).reshape(7, 2) * 1.5",
                "s['name'] = ['a', 'bb', 'ccc', 'é€', '', 'x' * 5, '7']; s['flag'] = np.arange(7) % 2 == 0",
                "s['t'] = np.array(['2024-01-02T03:04:05.678', 'NaT', '1969-12-31T23:59:59.999', '2000-01-01', '1970-01-01', '2262-01-01', '1677-09-22'], dtype='M8[ms]')",
                "s['z'] = np.arange(7) + 1j * np.arange(7)[::-1]; s['u'] = [0, 1, 2**63, 2**64 - 1, 5, 6, 7]",
                "s['s'] = [b'ab', b'', b'xyz', b'a', b'b', b'c', b'd']; s['p']['q'] = -np.arange(7); s['p']['r'] = 250 + np.arange(7) % 6",
                "np.save(os.path.join(d, 'st.npy'), s)",
                "e['st'] = [[int(r['id']), float(r['x']), r['v'].tolist(), str(r['name']), bool(r['flag']),",
                "            None if np.isnat(r['t']) else int(r['t'].astype('<i8')), [r['z'].real, r['z'].imag], str(int(r['u'])),",
                "            r['s'].decode('latin-1'), [int(r['p']['q']), int(r['p']['r'])]] for r in s]",
                "for i, n in enumerate([5, 0, 12]):",
                "    p = np.arange(n, dtype='<f8') + 100 * i",
                "    np.save(os.path.join(d, 'part-%d.npy' % i), p)",
                "e['parts'] = np.concatenate([np.arange(n, dtype='<f8') + 100 * i for i, n in enumerate([5, 0, 12])]).tolist()",
                "m1 = np.arange(40, dtype='<i8').reshape(20, 2); m2 = np.arange(9, dtype='<f8') - 4",
                "np.savez(os.path.join(d, 'st.npz'), m1=m1, m2=m2)",
                "np.savez_compressed(os.path.join(d, 'z.npz'), m1=m1, m2=m2)",
                "e['m1'] = m1.tolist(); e['m2'] = m2.tolist()",
                "print(json.dumps(e))"), dir.toString());
        expected = new ObjectMapper().readTree(out);
        spark = SparkTests.spark();
    }

    private Dataset<Row> read(String file) {
        return spark.read().format("npy").load(dir.resolve(file).toString());
    }

    /** Rows ordered by _row, each as a list of its columns (arrays and structs as lists). */
    static List<Object> rows(Dataset<Row> df) {
        List<Object> out = new ArrayList<>();
        String[] cols = df.columns();
        for (Row r : df.selectExpr("*", "_row").orderBy("_row").collectAsList()) {
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < cols.length; i++) {
                row.add(plain(r.get(i)));
            }
            out.add(row.size() == 1 ? row.get(0) : row);
        }
        return out;
    }

    static Object plain(Object v) {
        if (v instanceof Row r) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < r.size(); i++) {
                l.add(plain(r.get(i)));
            }
            return l;
        }
        if (v instanceof scala.collection.Seq<?> s) {
            List<Object> l = new ArrayList<>();
            scala.collection.Iterator<?> it = s.iterator();
            while (it.hasNext()) {
                l.add(plain(it.next()));
            }
            return l;
        }
        if (v instanceof Number n && !(v instanceof java.math.BigDecimal)) {
            return n.doubleValue();
        }
        if (v instanceof java.math.BigDecimal d) {
            return d.toBigInteger().toString();
        }
        if (v instanceof java.time.LocalDateTime t) {
            return (double) (t.toInstant(java.time.ZoneOffset.UTC).toEpochMilli());
        }
        if (v instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return v;
    }

    static Object json(JsonNode n) {
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(x -> l.add(json(x)));
            return l;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.isNull() ? null : n.textValue();
    }

    @Test
    void oneDimensionalInManyWindowsEqualsNumPy() {
        Dataset<Row> df = spark.read().format("npy").option("partitionBytes", "800").option("batchBytes", "256")
                .load(dir.resolve("d1.npy").toString());
        assertEquals(10, df.rdd().getNumPartitions());
        assertEquals("struct<value:double>", df.schema().simpleString());
        assertEquals(json(expected.get("d1")), rows(df));
    }

    @Test
    void trailingAxesAreArrays() {
        Dataset<Row> d2 = read("d2.npy");
        assertEquals("struct<value:array<int>>", d2.schema().simpleString());
        assertEquals(json(expected.get("d2")), rows(d2));
        Dataset<Row> d3 = read("d3.npy");
        assertEquals("struct<value:array<array<float>>>", d3.schema().simpleString());
        assertEquals(json(expected.get("d3")), rows(d3));
    }

    @Test
    void layoutColumnsGivesOneColumnPerElement() {
        Dataset<Row> df = spark.read().format("npy").option("layout", "columns").load(dir.resolve("d2.npy")
                .toString());
        assertEquals("struct<c0:int,c1:int,c2:int>", df.schema().simpleString());
        assertEquals(json(expected.get("d2")), rows(df));
    }

    @Test
    void fortranOrderAndBigEndianEqualNumPy() {
        assertEquals(json(expected.get("fo")), rows(read("fo.npy")));
        assertEquals(json(expected.get("be")), rows(read("be.npy")));
        assertEquals(json(expected.get("be2")), rows(read("be2.npy")));
    }

    @Test
    void hadoopPositionedReadsEqualTheMappedPath() {
        for (String f : List.of("fo.npy", "d2.npy", "be2.npy", "d1.npy")) {
            Dataset<Row> df = spark.read().format("npy").option("access", "hadoop").option("partitionBytes", "256")
                    .option("batchBytes", "64").load(dir.resolve(f).toString());
            assertEquals(json(expected.get(f.substring(0, f.length() - 4))), rows(df), f);
        }
    }

    @Test
    void structuredDtypesAreOneColumnPerField() {
        Dataset<Row> df = read("st.npy");
        assertEquals("struct<id:bigint,x:float,v:array<double>,name:string,flag:boolean,t:timestamp_ntz,"
                + "z:struct<re:double,im:double>,u:decimal(20,0),s:binary,p:struct<q:smallint,r:smallint>>",
                df.schema().simpleString());
        assertEquals(json(expected.get("st")), rows(df));
        assertEquals("<M8[ms]", df.schema().apply("t").metadata().getString("numpy_dtype"));
    }

    @Test
    void globsReadFilesInPathOrderWithGlobalRowsAndFileNames() {
        Dataset<Row> df = spark.read().format("npy").load(dir.resolve("part-*.npy").toString());
        assertEquals(json(expected.get("parts")), rows(df));
        List<Row> r = df.selectExpr("_row", "_file").orderBy("_row").collectAsList();
        assertEquals(16L, r.get(16).getLong(0));
        assertTrue(r.get(0).getString(1).endsWith("part-0.npy"), r.get(0).getString(1));
        assertTrue(r.get(5).getString(1).endsWith("part-2.npy"), r.get(5).getString(1));
    }

    @Test
    void npzMembersStoredAndDeflated() {
        for (String a : List.of("st.npz", "z.npz")) {
            assertEquals(json(expected.get("m1")), rows(spark.read().format("npy").option("member", "m1")
                    .load(dir.resolve(a).toString())), a);
            assertEquals(json(expected.get("m2")), rows(spark.read().format("npy")
                    .load(dir.resolve(a) + ":m2")), a);
        }
        Exception e = assertThrows(Exception.class, () -> read("st.npz").collect());
        assertTrue(e.getMessage().contains("m1, m2"), e.getMessage());
    }

    @Test
    void rowFiltersPrunePartitionsAndLimitsShrinkTheScan() {
        Dataset<Row> all = spark.read().format("npy").option("partitionBytes", "800")
                .load(dir.resolve("d1.npy").toString());
        Dataset<Row> some = all.filter("_row >= 250 AND _row < 420");
        assertEquals(3, some.rdd().getNumPartitions()); // windows [200,300), [300,400), [400,500) of 10
        String plan = some.queryExecution().executedPlan().toString();
        assertTrue(plan.contains("3 windows") && plan.contains("rows [250, 420)"), plan);
        @SuppressWarnings("unchecked")
        List<Object> want = ((List<Object>) json(expected.get("d1"))).subList(250, 420);
        assertEquals(want, rows(some));
        assertEquals(1, all.filter("_row = 999").rdd().getNumPartitions());
        assertEquals(0, all.filter("_row > 5000").rdd().getNumPartitions());
        String limited = all.limit(5).queryExecution().executedPlan().toString();
        assertTrue(limited.contains("rows [0, 5)"), limited);
        assertEquals(5, all.limit(5).count());
    }

    @Test
    void statisticsComeFromHeaders() {
        Dataset<Row> df = read("d1.npy");
        var stats = df.queryExecution().optimizedPlan().stats();
        assertEquals(8000L, stats.sizeInBytes().longValue());
    }

    @Test
    void aFileChangedSincePlanningFailsTheQuery() throws Exception {
        Path f = dir.resolve("changing.npy");
        Files.copy(dir.resolve("d1.npy"), f);
        Dataset<Row> df = spark.read().format("npy").load(f.toString());
        Files.write(f, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        Exception e = assertThrows(Exception.class, df::collect);
        assertTrue(messages(e).contains("changed since the query was planned (size 8128 -> 8131 bytes"),
                messages(e));
    }

    @Test
    void aMalformedFileNamesFileAndByte() throws Exception {
        Path f = dir.resolve("bad.npy");
        byte[] good = Files.readAllBytes(dir.resolve("d1.npy"));
        good[20] = '!'; // inside the header dict
        Files.write(f, good);
        Exception e = assertThrows(Exception.class, () -> read("bad.npy").collect());
        assertTrue(messages(e).contains(f.toString()) && messages(e).contains("at byte"), messages(e));
    }

    static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
