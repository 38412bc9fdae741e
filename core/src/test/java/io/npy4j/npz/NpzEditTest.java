package io.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.Npy;
import io.npy4j.NpyFormatException;
import io.npy4j.Order;
import io.npy4j.dtype.ScalarType;
import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import io.npy4j.write.NpyWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Appending in place, replacing and removing members, members written by rows; NumPy reads every result. */
@EnabledIfNumPy
class NpzEditTest {
    @TempDir
    Path dir;

    private static List<String> names(Path f) throws Exception {
        try (NpzArchive z = Npy.openNpz(f)) {
            return z.entries().stream().map(NpzEntry::name).collect(Collectors.toList());
        }
    }

    /** What NumPy sees: zipfile.testzip, then name=sum for every member, in order. */
    private static String numpy(Path f) {
        return NumPy.run("import numpy as np, zipfile, sys\n"
                + "z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None\n"
                + "d = np.load(sys.argv[1])\n"
                + "print(' '.join('%s=%s' % (k, d[k].sum()) for k in d.files))\n", f.toString()).trim();
    }

    @Test
    void appendAddsAfterNumPysMembersWithoutTouchingThem() throws Exception {
        for (String save : List.of("savez", "savez_compressed")) {
            Path f = dir.resolve(save + ".npz");
            NumPy.run("import numpy as np, sys\nnp." + save + "(sys.argv[1], a=np.arange(10.), b=np.arange(6).reshape"
                    + "(2, 3))\n", f.toString());
            byte[] before = Files.readAllBytes(f);
            long data;
            try (NpzArchive z = Npy.openNpz(f); FileChannel ch = FileChannel.open(f)) {
                data = z.endOfData(ZipTrailer.read(ch, f).cdOffset());
            }
            for (boolean deflated : new boolean[] {false, true}) {
                try (NpzWriter w = NpzWriter.append(f, deflated)) {
                    w.add("c" + deflated, new int[] {1, 2, 3});
                }
            }
            byte[] after = Files.readAllBytes(f);
            assertArrayEquals(Arrays.copyOf(before, (int) data), Arrays.copyOf(after, (int) data),
                    "the old members' bytes stay");
            assertEquals(List.of("a", "b", "cfalse", "ctrue"), names(f));
            assertEquals("a=45.0 b=15 cfalse=6 ctrue=6", numpy(f));
            try (NpzArchive z = Npy.openNpz(f)) {
                assertEquals(6, Arrays.stream(z.read("ctrue").asLongArray()).sum());
                assertTrue(z.entry("ctrue").orElseThrow().compressed());
                // stored members appended are 64-byte aligned like NpzWriter's
                assertEquals(0, z.dataOffset(z.zipEntry("cfalse")) % 64);
                assertEquals(3, z.map("cfalse", io.npy4j.select.Selection.all(), io.npy4j.MapMode.READ_ONLY)
                        .getLong(2));
            }
        }
    }

    @Test
    void appendRefusesANameTheArchiveHas() throws Exception {
        Path f = dir.resolve("x.npz");
        Npy.savez(f, java.util.Map.of("a", Npy.array(new int[] {1})));
        try (NpzWriter w = NpzWriter.append(f, false)) {
            assertThrows(IllegalArgumentException.class, () -> w.add("a", new int[] {2}));
        }
        // another writer appends the name between open and close: the second close refuses it, file unchanged
        NpzWriter late = NpzWriter.append(f, true).add("b", new int[] {3});
        try (NpzWriter w = NpzWriter.append(f, false)) {
            w.add("b", new int[] {4});
        }
        byte[] before = Files.readAllBytes(f);
        NpyFormatException e = assertThrows(NpyFormatException.class, late::close);
        assertEquals(NpyFormatException.Kind.DUPLICATE_MEMBER, e.kind());
        assertEquals("b", e.member().orElseThrow());
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test
    void appendKeepsTheArchiveCommentAndRefusesPrefixData() throws Exception {
        Path f = dir.resolve("comment.npz");
        NumPy.run("import numpy as np, zipfile, sys\nnp.savez(sys.argv[1], a=np.arange(3))\n"
                + "z = zipfile.ZipFile(sys.argv[1], 'a'); z.comment = b'made by a test'; z.close()\n", f.toString());
        try (NpzWriter w = NpzWriter.append(f, true)) {
            w.add("b", new int[] {5});
        }
        assertEquals("a=3 b=5", numpy(f));
        assertEquals("b'made by a test'", NumPy.run("import zipfile, sys\nprint(zipfile.ZipFile(sys.argv[1]).comment)",
                f.toString()).trim());
        Path sfx = dir.resolve("sfx.npz"); // a stub before the archive, as a self-extracting archive has
        byte[] stub = "#!/bin/sh\nexit 0\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] zip = Files.readAllBytes(f);
        byte[] both = Arrays.copyOf(stub, stub.length + zip.length);
        System.arraycopy(zip, 0, both, stub.length, zip.length);
        Files.write(sfx, both);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> {
            try (NpzWriter w = NpzWriter.append(sfx, false)) {
                w.add("c", new int[] {1});
            }
        });
        assertEquals(NpyFormatException.Kind.ARCHIVE, e.kind());
        assertTrue(e.getMessage().contains("prefix data"), e.getMessage());
        assertArrayEquals(both, Files.readAllBytes(sfx));
    }

    @Test
    void appendRepairsAnArchiveTornBeforeItsCopyWasWhole() throws Exception {
        Path f = dir.resolve("torn.npz");
        Npy.savez(f, java.util.Map.of("a", Npy.array(new double[] {1, 2})));
        byte[] old = Files.readAllBytes(f);
        // a kill inside step 1: a hole of 1 MiB (the new member's room), then the first bytes of the copy
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(Arrays.copyOfRange(old, old.length - 120, old.length - 22)),
                    old.length + (1 << 20));
        }
        assertEquals(NpyFormatException.Kind.ARCHIVE, assertThrows(NpyFormatException.class,
                () -> Npy.openNpz(f)).kind());
        try (NpzWriter w = NpzWriter.append(f, false)) {
            w.add("b", new int[] {7});
        }
        assertEquals("a=3.0 b=7", numpy(f));
        assertTrue(Files.size(f) < old.length + 1024, "the torn tail is gone: " + Files.size(f));
    }

    @Test
    void updateReplacesAndRemovesCopyingTheOthersRaw() throws Exception {
        Path f = dir.resolve("u.npz");
        NumPy.run("import numpy as np, sys\nnp.savez_compressed(sys.argv[1], a=np.arange(1000.), b=np.arange(4),"
                + " c=np.ones(3))\n", f.toString());
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        Path link = dir.resolve("link.npz");
        Files.createSymbolicLink(link, f.getFileName());
        NpzEntry a0;
        try (NpzArchive z = Npy.openNpz(f)) {
            a0 = z.entry("a").orElseThrow();
        }
        try (NpzWriter w = NpzWriter.update(link, false)) {
            w.add("b", new int[] {10, 20});
            w.remove("c");
            w.add("d", new double[] {0.5});
            assertThrows(NpyFormatException.class, () -> w.remove("nope"));
        }
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals(List.of("a", "b", "d"), names(f));
        assertEquals("a=499500.0 b=30 d=0.5", numpy(f));
        try (NpzArchive z = Npy.openNpz(f)) {
            NpzEntry a1 = z.entry("a").orElseThrow();
            assertEquals(a0.compressedSize(), a1.compressedSize(), "copied as its deflated bytes");
            assertEquals(a0.crc32(), a1.crc32());
            assertTrue(!z.entry("b").orElseThrow().compressed());
        }
    }

    @Test
    void rowsMembersStoredAndDeflated() throws Exception {
        for (boolean deflated : new boolean[] {false, true}) {
            Path f = dir.resolve("rows" + deflated + ".npz");
            try (NpzWriter w = Npy.newNpz(f, deflated)) {
                w.add("first", new int[] {1});
                NpyWriter r = w.addRows("grid", ScalarType.FLOAT64, Order.C, 3, 2);
                r.write(new double[] {1, 2});
                r.write(new double[] {3, 4, 5, 6});
                NpyWriter fr = w.addRows("fort", ScalarType.INT32, Order.F, 2, 3);
                fr.write(new int[] {1, 2, 3});
                fr.write(new int[] {4, 5, 6});
                fr.close();
                w.add("last", new int[] {2});
            }
            assertEquals(List.of("first", "grid", "fort", "last"), names(f));
            assertEquals("(3, 2) 21.0 True [[1 4]\n [2 5]\n [3 6]]", NumPy.run("import numpy as np, sys\n"
                    + "d = np.load(sys.argv[1]); g = d['grid']; t = d['fort']\n"
                    + "print(g.shape, g.sum(), t.flags.f_contiguous, t)", f.toString()).trim());
            Path g = dir.resolve("short" + deflated + ".npz");
            Files.writeString(g, "old");
            NpzWriter w = Npy.newNpz(g, deflated);
            w.addRows("grid", ScalarType.FLOAT64, Order.C, 3, 2).write(new double[] {1, 2});
            java.io.IOException e = assertThrows(java.io.IOException.class, w::close);
            assertTrue(e.getMessage().contains("3 rows"), e.getMessage());
            assertEquals("old", Files.readString(g), "the target stays as it was");
            try (NpzWriter a = NpzWriter.append(f, deflated)) { // rows appended in place too
                a.addRows("more", ScalarType.INT16, Order.C, 2).write(new short[] {7, 8});
            }
            assertEquals("15", NumPy.run("import numpy as np, sys\nprint(np.load(sys.argv[1])['more'].sum())",
                    f.toString()).trim());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().endsWith(".stage")
                    || p.getFileName().toString().endsWith(".tmp")).collect(Collectors.toList()));
        }
    }
}
