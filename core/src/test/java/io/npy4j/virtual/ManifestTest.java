package io.npy4j.virtual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.MapMode;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyHeader;
import io.npy4j.Order;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manifests written and read back, staleness, kerchunk export, and a 3 x 4 GiB sparse dataset at -Xmx64m. */
class ManifestTest {
    @TempDir
    Path dir;

    private static double[] range(int n, double base) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = base + i;
        }
        return v;
    }

    /** The third picture of the issue: two rows of blocks whose column edges do not line up, and a hole. */
    private VirtualArrays.Builder irregular() throws Exception {
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        Path c = dir.resolve("c.npz");
        Path raw = dir.resolve("plane.bin");
        Npy.save(a, Npy.array(range(12, 0), 3, 4));           // rows 0-2, cols 0-3
        Npy.save(b, Npy.array(range(6, 100), 3, 2));          // rows 0-2, cols 4-5
        Npy.savez(c, Map.of("x", Npy.array(range(4, 200), 2, 2)));   // rows 3-4, cols 0-1
        byte[] bytes = new byte[100 + 4 * 2 * 8];             // rows 3-4, cols 2-5: raw >f8 at byte 100
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(bytes);
        for (int i = 0; i < 8; i++) {
            bb.putDouble(100 + 8 * i, 300 + i);
        }
        Files.write(raw, bytes);
        return VirtualArrays.builder(ScalarType.FLOAT64, 6, 6).fill(-1)
                .add(new long[] {0, 0}, BlockSource.npy(a))
                .add(new long[] {0, 4}, BlockSource.npy(b))
                .add(new long[] {3, 0}, BlockSource.npz(c, "x"))
                .add(new long[] {3, 2}, BlockSource.raw(raw, 100, ScalarType.parse(">f8"), Order.C, 2, 4));
        // row 5 is a hole
    }

    @Test
    void manifestRoundTripsAndReadsTheNonGridLayout() throws Exception {
        VirtualArrays.Builder b = irregular();
        Path m = dir.resolve("v.json");
        b.manifest().write(m);
        String json = Files.readString(m);
        assertTrue(json.contains("\"origin\"") && json.contains("\"path\" : \"a.npy\"") && json.contains("\"format\" :"
                + " \"raw\"") && json.contains("\"mtime_ms\""), json);
        try (NpyArray direct = b.build(); NpyArray v = Npy.openManifest(m)) {
            assertArrayEquals(direct.asDoubleArray(), v.asDoubleArray());
            assertEquals(5.0, v.getDouble(1, 1));
            assertEquals(101.0, v.getDouble(0, 5));
            assertEquals(203.0, v.getDouble(4, 1));
            assertEquals(307.0, v.getDouble(4, 5));
            assertEquals(-1.0, v.getDouble(5, 3));
            assertArrayEquals(new double[] {8, 9, 10, 11, 104, 105}, v.row(2).asDoubleArray());
            assertArrayEquals(new double[] {11, 105, 301, 303, 305, 307}, v.select("[2:5, 3::2]").asDoubleArray());
        }
    }

    /** The columnar form (.npz, one array per field) reads back as the JSON form does, and NumPy reads it. */
    @Test
    @EnabledIfNumPy
    void columnarManifestRoundTripsAndNumPyReadsIt() throws Exception {
        VirtualArrays.Builder b = irregular();
        Path json = dir.resolve("v.json");
        Path columnar = dir.resolve("v.npz");
        Manifest m = b.manifest();
        m.write(json);
        m.write(columnar);
        Manifest back = Manifest.read(columnar);
        assertEquals(m.blocks().size(), back.blocks().size());
        assertEquals(m.fill(), back.fill());
        try (NpyArray a = Npy.openManifest(json); NpyArray c = Npy.openManifest(columnar)) {
            assertArrayEquals(a.asDoubleArray(), c.asDoubleArray());
            assertEquals(a.shape(), c.shape());
        }
        String out = NumPy.run("import numpy as np, sys, json\nz = np.load(sys.argv[1])\n"
                + "print(z['origin'].tolist(), z['paths'].tolist(), json.loads(z['header'].item())['shape'])\n",
                columnar.toString()).trim();
        assertEquals("[[0, 0], [0, 4], [3, 0], [3, 2]] ['a.npy', 'b.npy', 'c.npz', 'plane.bin'] [6, 6]", out);
    }

    /** More blocks than the heap holds is a typed error saying to raise -Xmx, in both forms, before they are built. */
    @Test
    void tooManyBlocksForTheHeapIsATypedError() throws Exception {
        Manifest m = irregular().manifest();
        Path json = dir.resolve("many.json");
        Path columnar = dir.resolve("many.npz");
        m.write(json);
        m.write(columnar);
        String old = System.getProperty("npy4j.virtual.maxBlocks");
        System.setProperty("npy4j.virtual.maxBlocks", "3");
        try {
            for (Path f : List.of(json, columnar)) {
                NpyFormatException e = assertThrows(NpyFormatException.class, () -> Manifest.read(f));
                assertEquals(NpyFormatException.Kind.MANIFEST, e.kind());
                assertTrue(e.getMessage().contains("more than 3 blocks") && e.getMessage().contains("-Xmx"),
                        e.getMessage());
            }
        } finally {
            if (old == null) {
                System.clearProperty("npy4j.virtual.maxBlocks");
            } else {
                System.setProperty("npy4j.virtual.maxBlocks", old);
            }
        }
        assertEquals(4, Manifest.read(columnar).blocks().size());
    }

    @Test
    void aChangedSourceIsStaleNotSilentlyDifferent() throws Exception {
        VirtualArrays.Builder b = irregular();
        Path m = dir.resolve("v.json");
        b.manifest().write(m);
        Path a = dir.resolve("a.npy");
        Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 5000));
        try (NpyArray v = Npy.openManifest(m)) {
            assertEquals(101.0, v.getDouble(0, 5)); // other blocks still read
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> v.getDouble(0, 0));
            NpyFormatException f = (NpyFormatException) e.getCause();
            assertEquals(NpyFormatException.Kind.STALE_SOURCE, f.kind());
            assertTrue(f.getMessage().contains(a.toString()) && f.getMessage().contains("block 0"), f.getMessage());
        }
    }

    /** A manifest of one raw {@code <i8} block at {@code offset} with this raw shape (issue 18's red-team rerun). */
    private static String raw(long offset, String rawShape) {
        return "{\"npy4j_virtual\": 1, \"dtype\": \"<i8\", \"shape\": [4], \"blocks\": [{\"origin\": [0], \"shape\":"
                + " [4], \"path\": \"x.bin\", \"format\": \"raw\", \"offset\": " + offset + ", \"dtype\": \"<i8\","
                + " \"raw_shape\": " + rawShape + "}]}";
    }

    @Test
    void badManifestsAreTypedErrors() throws Exception {
        Path m = dir.resolve("bad.json");
        for (String text : new String[] {"[]", "{\"npy4j_virtual\": 1}", "{\"npy4j_virtual\": 1, \"dtype\": \"<f8\","
                + " \"shape\": [2], \"blocks\": [{\"origin\": [0]}]}", "{\"npy4j_virtual\": 1, \"dtype\": \"<f8\","
                + " \"shape\": [2], \"blocks\": [{\"origin\": [0], \"shape\": [2], \"path\": \"x\", \"format\":"
                + " \"tiff\"}]}", "{not json", raw(Long.MAX_VALUE - 16, "[4]"), raw(0, "[4611686018427387904]"),
                raw(8, "[-4]")}) {
            Files.writeString(m, text);
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Manifest.read(m), text);
            assertEquals(NpyFormatException.Kind.MANIFEST, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains(m.toString()), e.getMessage());
        }
    }

    @Test
    @EnabledIfNumPy
    void kerchunkReferencesOfARegularGridReadAsTheSameArray() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path f = dir.resolve("g" + i + ".npy");
            Npy.save(f, Npy.array(range(12, 100 * i), 3, 4));
            files.add(f);
        }
        Path m = dir.resolve("grid.json");
        VirtualArrays.Builder b = VirtualArrays.builder(ScalarType.FLOAT64, 6, 12).fill(Double.NaN);
        for (int i = 0; i < 6; i++) {
            b.add(new long[] {3L * (i / 3), 4L * (i % 3)}, BlockSource.npy(files.get(i)));
        }
        b.manifest().writeKerchunk(m);
        // a reader of the kerchunk v0 spec: each key [url, offset, length] is one uncompressed chunk
        String out = NumPy.run("import json, sys, numpy as np\n"
                + "refs = json.load(open(sys.argv[1])); za = json.loads(refs['.zarray'])\n"
                + "a = np.full(za['shape'], za['fill_value'], dtype=za['dtype'])\n"
                + "for k, v in refs.items():\n"
                + "    if k.startswith('.'): continue\n"
                + "    url, off, n = v; f = open(url[len('file://'):], 'rb'); f.seek(off)\n"
                + "    c = np.frombuffer(f.read(n), dtype=za['dtype']).reshape(za['chunks'], order=za['order'])\n"
                + "    ij = [int(x) for x in k.split('.')]\n"
                + "    a[tuple(slice(i * s, (i + 1) * s) for i, s in zip(ij, za['chunks']))] = c\n"
                + "parts = [np.load(p) for p in sys.argv[2:]]\n"
                + "want = np.block([parts[0:3], parts[3:6]])\n"
                + "print(np.array_equal(a, want), za['compressor'], za['zarr_format'], za['order'])\n",
                files.stream().map(Path::toString).toArray(String[]::new).length == 6
                        ? prepend(m.toString(), files) : null).trim();
        assertEquals("True None 2 C", out);
        VirtualArrays.Builder irregular = irregular();
        assertThrows(IllegalArgumentException.class, () -> irregular.manifest().writeKerchunk(dir.resolve("k.json")));
    }

    private static String[] prepend(String first, List<Path> rest) {
        String[] a = new String[rest.size() + 1];
        a[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            a[i + 1] = rest.get(i).toString();
        }
        return a;
    }

    /** Three sparse files of just over 4 GiB each, read across both boundaries by a JVM with a 64 MiB heap. */
    @Test
    void threeSparseFilesOver4GibReadAcrossBoundariesUnder64MibOfHeap() throws Exception {
        long n = (1L << 29) + 3; // 4 GiB + 24 bytes of float64 per file
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path f = dir.resolve("big-" + i + ".npy");
            NpyHeader h = NpyHeader.of(ScalarType.FLOAT64, Shape.of(n), false);
            try (NpyArray a = Npy.create(f, h)) {
                a.setDouble(i * 10 + 1, 0);
                a.setDouble(i * 10 + 2, n - 1);
            }
            files.add(f);
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), BoundaryProbe.class.getName()));
        files.forEach(f -> cmd.add(f.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe did not finish: " + output);
        assertEquals(0, p.exitValue(), output);
        assertEquals("2.0 11.0 12.0 21.0 0.0 22.0", output.strip());
        for (Path f : files) {
            try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "r")) {
                assertTrue(r.length() > (4L << 30));
            }
        }
    }

    /** The forked side of the sparse test: a window spanning both file boundaries. */
    public static final class BoundaryProbe {
        public static void main(String[] args) throws Exception {
            List<Path> files = new ArrayList<>();
            for (String a : args) {
                files.add(Path.of(a));
            }
            try (NpyArray v = VirtualArrays.concat(0, files)) {
                long n = v.shape().dim(0) / 3;
                double[] w = v.select("[" + (n - 1) + ":" + (n + 1) + "]").asDoubleArray();
                double[] x = v.select("[" + (2 * n - 1) + ":" + (2 * n + 2) + "]").asDoubleArray();
                System.out.println(w[0] + " " + w[1] + " " + x[0] + " " + x[1] + " " + x[2] + " " + v.getDouble(-1));
            }
            try (NpyArray check = Npy.map(files.get(0), MapMode.READ_ONLY)) {
                check.getDouble(0);
            }
        }
    }
}
