package io.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.MapMode;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import io.npy4j.select.Selection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stored member over 4 GiB (from a sparse source): written with zip64 records, mapped in place at its far end,
 * and read by Python's zipfile and NumPy's header reader by seeking, not by reading 4 GiB.
 */
@EnabledIfNumPy
class NpzZip64IT {
    @TempDir
    Path dir;

    @Test
    void aMemberOver4GibIsZip64AndMapsInPlace() throws Exception {
        long n = (1L << 29) + 5; // 4 GiB + 40 bytes of float64
        Path src = dir.resolve("big.npy");
        try (NpyArray a = Npy.create(src, NpyHeader.of(ScalarType.FLOAT64, Shape.of(n), false))) {
            a.setDouble(7.25, n - 1);
            a.setDouble(-1.5, 0);
        }
        Path z = dir.resolve("big.npz");
        try (NpyArray a = Npy.map(src, MapMode.READ_ONLY); NpzWriter w = Npy.newNpz(z, false)) {
            w.add("big", a);
            w.add("small", Npy.array(new int[] {1, 2, 3}));
        }
        Files.delete(src);
        try (NpzArchive archive = Npy.openNpz(z)) {
            NpzEntry e = archive.entry("big").orElseThrow();
            assertTrue(e.size() > (4L << 30), e.toString());
            try (NpyArray tail = archive.map("big", Selection.parse("[-2:]"), MapMode.READ_ONLY)) {
                assertEquals(7.25, tail.getDouble(1));
            }
            assertEquals(3, archive.read("small").getLong(2));
        }
        String out = NumPy.run("import zipfile, sys, numpy as np\n"
                + "z = zipfile.ZipFile(sys.argv[1]); i = z.getinfo('big.npy')\n"
                + "f = z.open('big.npy'); v = np.lib.format.read_magic(f); h = (np.lib.format.read_array_header_1_0 if v == (1, 0) else np.lib.format.read_array_header_2_0)(f)\n"
                + "start = f.tell(); f.seek(start + (h[0][0] - 1) * 8); last = np.frombuffer(f.read(8), '<f8')[0]\n"
                + "f.seek(start); first = np.frombuffer(f.read(8), '<f8')[0]\n"
                + "print(i.file_size > 2**32, i.compress_type, h[0], first, last, np.load(sys.argv[1])['small'].sum())\n",
                z.toString()).trim();
        assertEquals("True 0 (" + n + ",) -1.5 7.25 6", out);
    }

    @Test
    void appendCrossing65535MembersWritesZip64EndRecords() throws Exception {
        Path f = dir.resolve("many.npz");
        try (NpzWriter w = Npy.newNpz(f, false)) {
            for (int i = 0; i < 65534; i++) {
                w.add("m" + i, Npy.array(new byte[] {(byte) i}));
            }
        }
        try (NpzWriter w = NpzWriter.append(f, true)) {
            w.add("x", new int[] {1, 2});
            w.add("y", new int[] {3, 4});
        }
        assertEquals(65536, count(f));
        assertEquals("65536 3 7", NumPy.run("import numpy as np, sys\nd = np.load(sys.argv[1])\n"
                + "print(len(d.files), d['x'].sum(), d['y'].sum())", f.toString()).trim());
        try (NpzWriter w = NpzWriter.append(f, false)) { // and appends again to the zip64 archive
            w.add("z", new int[] {9});
        }
        assertEquals(65537, count(f));
    }

    private static int count(Path f) throws Exception {
        try (NpzArchive z = Npy.openNpz(f)) {
            return z.entries().size();
        }
    }

    @Test
    void appendPast4GibGivesTheNewMemberZip64Offsets() throws Exception {
        long n = (1L << 29) + 5; // 4 GiB + 40 bytes of float64, sparse
        Path src = dir.resolve("big.npy");
        try (NpyArray a = Npy.create(src, NpyHeader.of(ScalarType.FLOAT64, Shape.of(n), false))) {
            a.setDouble(7.25, n - 1);
        }
        Path z = dir.resolve("grow.npz");
        Npy.savez(z, java.util.Map.of("small", Npy.array(new int[] {1, 2, 3})));
        try (NpyArray a = Npy.map(src, MapMode.READ_ONLY); NpzWriter w = NpzWriter.append(z, false)) {
            w.add("big", a);
        }
        Files.delete(src);
        try (NpzWriter w = NpzWriter.append(z, true)) { // its local header lies past 4 GiB
            w.add("after", new int[] {4, 5});
        }
        try (NpzArchive archive = Npy.openNpz(z)) {
            assertEquals(3, archive.entries().size());
            try (NpyArray tail = archive.map("big", Selection.parse("[-1:]"), MapMode.READ_ONLY)) {
                assertEquals(7.25, tail.getDouble(0));
            }
            assertEquals(9, archive.read("after").getLong(0) + archive.read("after").getLong(1));
        }
        String out = NumPy.run("import zipfile, sys, numpy as np\n"
                + "z = zipfile.ZipFile(sys.argv[1]); i = z.getinfo('big.npy'); j = z.getinfo('after.npy')\n"
                + "d = np.load(sys.argv[1])\n"
                + "print(i.file_size > 2**32, j.header_offset > 2**32, d['small'].sum(), d['after'].sum())\n",
                z.toString()).trim();
        assertEquals("True True 6 9", out);
    }
}
