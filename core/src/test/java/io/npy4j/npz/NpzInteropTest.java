package io.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.MapMode;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.ScalarType;
import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import io.npy4j.select.Selection;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** npz archives against NumPy's savez / savez_compressed / load, both ways, and hostile archives. */
@EnabledIfNumPy
class NpzInteropTest {
    @TempDir
    Path dir;

    private String p(Path f) {
        return "'" + f.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Test
    void numpyArchivesListReadAndMapLikeNpLoad() throws Exception {
        Path s = dir.resolve("s.npz");
        Path c = dir.resolve("c.npz");
        NumPy.run("import numpy as np\n"
                + "a = np.arange(60.).reshape(5, 12); b = np.arange(10, dtype='>i2'); f = np.asfortranarray(a)\n"
                + "t = np.array([(1, 2.5), (3, 4.5)], dtype=[('x', '<i4'), ('y', '>f8')])\n"
                + "np.savez(" + p(s) + ", a, b, fort=f, rec=t)\n"
                + "np.savez_compressed(" + p(c) + ", a, b, fort=f, rec=t)\n");
        for (Path f : List.of(s, c)) {
            try (NpzArchive z = Npy.openNpz(f)) {
                assertEquals(List.of("fort", "rec", "arr_0", "arr_1"), // np.savez puts keywords first
                        z.entries().stream().map(NpzEntry::name).collect(Collectors.toList()));
                assertEquals(f == c, z.entries().get(0).compressed());
                NpyHeader h = z.header("arr_0");
                assertEquals("(5, 12)", h.shape().toString());
                assertTrue(z.header("fort.npy").fortranOrder());
                NpyArray a = z.read("arr_0");
                assertEquals(59.0, a.getDouble(-1, -1));
                assertEquals(7, z.read("arr_1").getLong(7));
                assertArrayEquals(a.asDoubleArray(), z.read("fort").asDoubleArray());
                assertEquals(4.5, z.read("rec").field("y").getDouble(1));
                NpyArray part = z.read("fort", Selection.parse("[1:4, ::-5]"));
                assertEquals("(3, 3)", part.shape().toString());
                assertEquals(a.getDouble(3, 6), part.getDouble(2, 1)); // columns 11, 6, 1
                NpyFormatException e = assertThrows(NpyFormatException.class, () -> z.read("missing"));
                assertEquals(NpyFormatException.Kind.NO_SUCH_MEMBER, e.kind());
                assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("arr_0"), e.getMessage());
            }
        }
        try (NpzArchive z = Npy.openNpz(s); NpyArray m = z.map("arr_0", Selection.parse("[2:4, 10:]"),
                MapMode.READ_ONLY)) {
            assertEquals(2 * 12 + 10.0, m.getDouble(0, 0));
            assertEquals(3 * 12 + 11.0, m.getDouble(1, 1));
        }
        try (NpzArchive z = Npy.openNpz(c)) {
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> z.map("arr_0", Selection.all(),
                    MapMode.READ_ONLY));
            assertEquals(NpyFormatException.Kind.UNSUPPORTED_METHOD, e.kind());
        }
    }

    @Test
    void storedMembersMappedReadWriteStayValidForNumPy() throws Exception {
        Path s = dir.resolve("rw.npz");
        NumPy.run("import numpy as np\nnp.savez(" + p(s) + ", x=np.zeros((4, 3)), y=np.ones(5, dtype='<i4'))\n");
        try (NpzArchive z = Npy.openNpz(s)) {
            try (NpyArray m = z.map("x", Selection.parse("[1]"), MapMode.READ_WRITE)) {
                m.setDouble(7.5, 2);
            }
            try (NpyArray m = z.map("y", Selection.all(), MapMode.COPY_ON_WRITE)) {
                m.setLong(9, 0);
                assertEquals(9, m.getLong(0));
            }
        }
        String out = NumPy.run("import numpy as np\nz = np.load(" + p(s) + ")\n"
                + "print(z['x'][1, 2], z['x'].sum(), z['y'][0])\n").trim();
        assertEquals("7.5 7.5 1", out);
    }

    @Test
    void ourArchivesLoadInNumPyAndUnzipToNpSaveBytes() throws Exception {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("a", Npy.array(new double[][] {{1, 2, 3}, {4, 5, 6}}));
        arrays.put("b", Npy.array(new int[] {1, 2, 3, 4}, ScalarType.parse(">i4"), io.npy4j.Order.C, 4));
        arrays.put("f", Npy.array(new double[] {1, 2, 3, 4, 5, 6}, ScalarType.FLOAT64, io.npy4j.Order.F, 2, 3));
        arrays.put("empty", Npy.zeros(ScalarType.FLOAT32, 0, 3));
        arrays.put("big", Npy.array(new long[300_000], 300_000));
        Path s = dir.resolve("ours-s.npz");
        Path c = dir.resolve("ours-c.npz");
        Npy.savez(s, arrays);
        Npy.savezCompressed(c, arrays);
        for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            Npy.save(b, e.getValue());
            Files.write(dir.resolve(e.getKey() + ".npy"), b.toByteArray());
        }
        String out = NumPy.run("import numpy as np, zipfile, io\nres = []\n"
                + "for f, method in ((" + p(s) + ", 0), (" + p(c) + ", 8)):\n"
                + "    z = zipfile.ZipFile(f); assert z.testzip() is None\n"
                + "    for i in z.infolist():\n"
                + "        name = i.filename[:-4]\n"
                + "        want = open(" + p(dir) + " + '/' + i.filename, 'rb').read()\n"
                + "        got = z.read(i.filename)\n"
                + "        a = np.load(f)[name]; w = np.load(io.BytesIO(want))\n"
                + "        buf = io.BytesIO(); np.save(buf, w)\n"
                + "        res.append('%s:%s:%s:%s:%s' % (name, i.compress_type == method, got == want,"
                + " buf.getvalue() == want, np.array_equal(a, w) and a.dtype == w.dtype))\n"
                + "        if method == 0: res.append('aligned:%s' % (i.header_offset >= 0))\n"
                + "print(' '.join(res))\n").trim();
        for (String item : out.split(" ")) {
            assertFalse(item.contains("False"), out);
        }
        assertEquals(2 * arrays.size() + arrays.size(), out.split(" ").length, out);
        try (NpzArchive z = Npy.openNpz(s)) { // stored members are 64-byte aligned: their data too
            for (NpzEntry e : z.entries()) {
                assertEquals(0, z.dataOffset(zipEntry(z, e.zipName())) % 64, e.name());
            }
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, z.read("a").asDoubleArray());
        }
    }

    private static org.apache.commons.compress.archivers.zip.ZipArchiveEntry zipEntry(NpzArchive z, String n)
            throws Exception {
        try (org.apache.commons.compress.archivers.zip.ZipFile f = org.apache.commons.compress.archivers.zip.ZipFile
                .builder().setPath(z.file()).get()) {
            return f.getEntry(n);
        }
    }

    @Test
    void tenThousandMembersListFromTheCentralDirectory() throws Exception {
        Path f = dir.resolve("many.npz");
        NumPy.run("import numpy as np\nnp.savez(" + p(f) + ", **{'m%d' % i: np.arange(3) + i for i in range(10000)})\n");
        try (NpzArchive z = Npy.openNpz(f)) {
            assertEquals(10000, z.entries().size());
            assertEquals(9999 + 2, z.read("m9999").getLong(2));
        }
    }

    @Test
    void hostileArchivesAreTypedErrorsNamingArchiveAndMember() throws Exception {
        // each case: a file NumPy (or zipfile) wrote, then patched the way an attacker would
        NumPy.run("import numpy as np, zipfile, struct, io, warnings\n"
                + "warnings.simplefilter('ignore')\n"
                + "d = " + p(dir) + " + '/'\n"
                + "def npy(a):\n    b = io.BytesIO(); np.save(b, a); return b.getvalue()\n"
                + "x = npy(np.arange(1000.))\n"
                + "def arch(name, members, method=zipfile.ZIP_STORED):\n"
                + "    with zipfile.ZipFile(d + name, 'w', method) as z:\n"
                + "        for n, data in members: z.writestr(n, data)\n"
                + "arch('dup.npz', [('a.npy', x), ('a.npy', x)])\n"
                + "arch('slash.npz', [('../evil.npy', x)])\n"
                + "arch('abs.npz', [('/etc/evil.npy', x)])\n"
                + "arch('bad.npz', [('a.npy', b'not an npy file at all')])\n"
                + "arch('crc.npz', [('a.npy', x)])\n"
                + "b = bytearray(open(d + 'crc.npz', 'rb').read()); i = b.find(x[200:216]); b[i] ^= 0xff\n"
                + "open(d + 'crc.npz', 'wb').write(b)\n"
                + "arch('trunc.npz', [('a.npy', x)])\n"
                + "b = open(d + 'trunc.npz', 'rb').read(); open(d + 'trunc.npz', 'wb').write(b[:len(b) // 2])\n"
                + "arch('bomb.npz', [('a.npy', npy(np.zeros(10**6)))], zipfile.ZIP_DEFLATED)\n"
                + "b = bytearray(open(d + 'bomb.npz', 'rb').read())\n"
                + "for sig, off in ((b'PK\\x03\\x04', 22), (b'PK\\x01\\x02', 24)):\n"
                + "    i = b.find(sig); b[i + off:i + off + 4] = struct.pack('<I', 100000)\n"
                + "open(d + 'bomb.npz', 'wb').write(b)\n"
                + "arch('enc.npz', [('a.npy', x)])\n"
                + "b = bytearray(open(d + 'enc.npz', 'rb').read())\n"
                + "for sig, off in ((b'PK\\x03\\x04', 6), (b'PK\\x01\\x02', 8)):\n"
                + "    i = b.find(sig); b[i + off] |= 1\n"
                + "open(d + 'enc.npz', 'wb').write(b)\n"
                + "arch('method.npz', [('a.npy', x)])\n"
                + "b = bytearray(open(d + 'method.npz', 'rb').read())\n"
                + "for sig, off in ((b'PK\\x03\\x04', 8), (b'PK\\x01\\x02', 10)):\n"
                + "    i = b.find(sig); b[i + off:i + off + 2] = struct.pack('<H', 12)\n"
                + "open(d + 'method.npz', 'wb').write(b)\n"
                + "arch('lfh.npz', [('a.npy', x)])\n"
                + "b = bytearray(open(d + 'lfh.npz', 'rb').read()); i = b.find(b'PK\\x03\\x04'); b[i + 30] = ord('b')\n"
                + "open(d + 'lfh.npz', 'wb').write(b)\n");
        expectOpen("dup.npz", NpyFormatException.Kind.DUPLICATE_MEMBER);
        expectOpen("slash.npz", NpyFormatException.Kind.MEMBER_NAME);
        expectOpen("abs.npz", NpyFormatException.Kind.MEMBER_NAME);
        expectOpen("trunc.npz", NpyFormatException.Kind.ARCHIVE);
        expectRead("bad.npz", false, NpyFormatException.Kind.BAD_MAGIC);
        expectRead("crc.npz", false, NpyFormatException.Kind.CRC_MISMATCH);
        expectRead("bomb.npz", false, NpyFormatException.Kind.DATA_TRUNCATED, NpyFormatException.Kind.INFLATE_LIMIT);
        expectRead("enc.npz", false, NpyFormatException.Kind.ENCRYPTED);
        expectRead("method.npz", false, NpyFormatException.Kind.UNSUPPORTED_METHOD);
        expectRead("lfh.npz", true, NpyFormatException.Kind.LOCAL_HEADER_MISMATCH);
    }

    private void expectOpen(String name, NpyFormatException.Kind kind) {
        Path f = dir.resolve(name);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.openNpz(f).close(), name);
        assertEquals(kind, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    private void expectRead(String name, boolean map, NpyFormatException.Kind... kinds) throws Exception {
        Path f = dir.resolve(name);
        try (NpzArchive z = Npy.openNpz(f)) {
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> {
                if (map) {
                    z.map("a", Selection.all(), MapMode.READ_ONLY).close();
                } else {
                    z.read("a");
                }
            }, name);
            assertTrue(List.of(kinds).contains(e.kind()), name + ": " + e.kind() + " " + e.getMessage());
            assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains(":a"), e.getMessage());
        }
    }
}
