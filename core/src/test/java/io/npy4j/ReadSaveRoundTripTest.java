package io.npy4j;

import static io.npy4j.InteropSupport.cOrder;
import static io.npy4j.InteropSupport.dims;
import static io.npy4j.InteropSupport.py;
import static io.npy4j.InteropSupport.rawC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NpyArbitraries;
import io.npy4j.fixtures.NumPy;
import io.npy4j.fixtures.ShortReadChannel;
import io.npy4j.fixtures.ShortReadInputStream;
import io.npy4j.select.Selection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole arrays through {@link Npy#read} and {@link Npy#save}, against {@code np.save}/{@code np.load}: every
 * fixed-size dtype (bool, ints, uints, floats incl. float16, complex, S/U/V, datetime and timedelta with units,
 * structs), both byte orders, C and Fortran order, 0-d and empty shapes. Each NumPy check is one python process for
 * all its cases.
 */
class ReadSaveRoundTripTest {
    /** Every numeric scalar in both byte orders, text and void, plus time types with units. */
    static final List<String> FIXED = List.of("'|b1'", "'|i1'", "'|u1'", "'<i2'", "'>i2'", "'<u2'", "'>u2'",
            "'<i4'", "'>i4'", "'<u4'", "'>u4'", "'<i8'", "'>i8'", "'<u8'", "'>u8'", "'<f2'", "'>f2'", "'<f4'",
            "'>f4'", "'<f8'", "'>f8'", "'<c8'", "'>c8'", "'<c16'", "'>c16'", "'|S1'", "'|S7'", "'<U1'", "'>U3'",
            "'|V5'", "'<M8[ns]'", "'>M8[D]'", "'<M8[10ms]'", "'<m8[us]'", "'>m8[Y]'", "'<M8'",
            "[('a', '<i4'), ('b', '>f8', (2,)), ('c', '|u1')]", "[('x', '>c8'), ('', '|V3'), ('y', '<U2')]");

    @TempDir
    Path tmp;

    record Case(String descr, long[] shape, boolean fortran, long seed) {
        DType dtype() {
            return DType.parse(descr);
        }

        NpyHeader header() {
            return NpyHeader.of(dtype(), Shape.of(shape), fortran);
        }

        /** Random data bytes in storage order (any bytes: NaN payloads, invalid code points, bools of 7). */
        byte[] data() {
            byte[] d = new byte[(int) header().dataLength()];
            new Random(seed).nextBytes(d);
            return d;
        }

        byte[] file() {
            byte[] h = Npy.encodeHeader(header());
            byte[] d = data();
            byte[] all = Arrays.copyOf(h, h.length + d.length);
            System.arraycopy(d, 0, all, h.length, d.length);
            return all;
        }

        /** The order np.save writes: Fortran only when it differs from C for this shape. */
        Order savedOrder() {
            long longAxes = Arrays.stream(shape).filter(x -> x > 1).count();
            boolean empty = Arrays.stream(shape).anyMatch(x -> x == 0);
            return fortran && longAxes >= 2 && !empty ? Order.F : Order.C;
        }

        @Override
        public String toString() {
            return descr + " " + Arrays.toString(shape) + (fortran ? " F" : " C") + " seed " + seed;
        }
    }

    static Arbitrary<long[]> smallShapes() {
        Arbitrary<Long> dim = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(2, Arbitraries.just(1L)), Tuple.of(6, Arbitraries.longs().between(2, 6)));
        return dim.list().ofMaxSize(4).map(l -> l.stream().mapToLong(Long::longValue).toArray());
    }

    @Provide
    static Arbitrary<Case> cases() {
        Arbitrary<String> descr = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(FIXED)),
                Tuple.of(2, NpyArbitraries.descrReprs()));
        return Combinators.combine(descr, smallShapes(), Arbitraries.of(false, true), Arbitraries.longs())
                .as(Case::new)
                .filter(c -> c.dtype().itemSize() * Shape.of(c.shape()).size() <= (1 << 16));
    }

    // --- Java only: every source and sink agree, as a property ------------------------------------------------

    private Path dir;

    @BeforeProperty
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("npy4j-rt");
    }

    @AfterProperty
    void removeDir() throws IOException {
        InteropSupport.deleteTree(dir);
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void everySourceReadsTheSameArrayAndEverySinkWritesTheSameBytes(@ForAll("cases") Case c) throws IOException {
        byte[] file = c.file();
        byte[] wantC = cOrder(c.data(), c.shape(), (int) c.dtype().itemSize(), c.fortran());
        Path src = dir.resolve("src.npy");
        Files.write(src, file);
        List<NpyArray> reads = new ArrayList<>();
        reads.add(Npy.read(src));
        reads.add(Npy.read(new ByteArrayInputStream(file)));
        reads.add(Npy.read(new ShortReadInputStream(file, c.seed())));
        reads.add(Npy.read(file));
        reads.add(Npy.read(new ShortReadChannel(file, c.seed())));
        try (FileChannel ch = FileChannel.open(src, StandardOpenOption.READ)) {
            reads.add(Npy.read(ch));
        }
        byte[] expectSaved = null;
        for (NpyArray a : reads) {
            assertEquals(c.dtype(), a.dtype(), c.toString());
            assertEquals(Shape.of(c.shape()), a.shape());
            assertEquals(c.savedOrder(), a.order(), c.toString());
            assertArrayEquals(wantC, rawC(a), c.toString());
            Path out = dir.resolve("out.npy");
            Npy.save(out, a);
            byte[] saved = Files.readAllBytes(out);
            ByteArrayOutputStream os = new ByteArrayOutputStream();
            Npy.save(os, a);
            assertArrayEquals(saved, os.toByteArray(), "OutputStream vs Path: " + c);
            ByteArrayOutputStream cs = new ByteArrayOutputStream();
            Npy.save(Channels.newChannel(cs), a);
            assertArrayEquals(saved, cs.toByteArray(), "channel vs Path: " + c);
            if (expectSaved == null) {
                expectSaved = saved;
            }
            assertArrayEquals(expectSaved, saved, c.toString());
            // saved bytes read back are the same array, and save again to the same bytes
            NpyArray again = Npy.read(saved);
            assertEquals(c.savedOrder(), again.order());
            assertArrayEquals(wantC, rawC(again));
            ByteArrayOutputStream os2 = new ByteArrayOutputStream();
            Npy.save(os2, again);
            assertArrayEquals(saved, os2.toByteArray());
        }
        assertEquals(Npy.headerFor(reads.get(0), null), Npy.readHeader(saved(expectSaved)));
    }

    private Path saved(byte[] bytes) throws IOException {
        Path p = dir.resolve("saved.npy");
        Files.write(p, bytes);
        return p;
    }

    // --- against NumPy: our bytes are np.save's, np.save's files read back ------------------------------------

    private static final String SAVE_BOTH = InteropSupport.PRELUDE + String.join("\n",
            "d = sys.argv[2]",
            "for descr, fo, shape, i in lines(sys.argv[1]):",
            "    dt = dt_of(descr)",
            "    raw = open(os.path.join(d, 'data%s.bin' % i), 'rb').read()",
            "    a = np.ndarray(shape_of(shape), dt, buffer=raw, order='F' if fo == '1' else 'C')",
            "    np.save(os.path.join(d, 'np%s.npy' % i), a)",
            "    b = np.load(os.path.join(d, 'ours%s.npy' % i))",
            // the stored bytes as they are (a C copy of a padded struct would not keep the padding bytes)
            "    mem = lambda x: x.T.tobytes() if np.isfortran(x) else x.tobytes()",
            "    print('\\t'.join([i, str(b.dtype == a.dtype and fmt.dtype_to_descr(b.dtype) == fmt.dtype_to_descr(a.dtype)),",
            "        str(b.shape == a.shape), str(mem(b) == mem(a)),",
            // np.load itself loses the Fortran flag of zero-itemsize arrays (0 strides): only the header can tell
            "        str(dt.itemsize == 0 or bool(np.isfortran(b)) == bool(np.isfortran(a)))]))");

    @Test
    @EnabledIfNumPy
    void javaSaveIsNumPySaveByteForByteAndNumPyFilesReadBackFromEverySource() throws IOException {
        List<Case> cases = InteropSupport.sample(cases(), 200, 0x5A7E);
        // make sure the corners are there whatever the sample: 0-d, empty, Fortran 2-D, for a few dtypes
        for (String d : List.of("'<f8'", "'>i2'", "'|b1'", "'<c8'", "'>U3'", "'<M8[s]'",
                "[('a', '<i4'), ('b', '>f8', (2,)), ('c', '|u1')]")) {
            cases.add(new Case(d, new long[0], false, d.hashCode()));
            cases.add(new Case(d, new long[] {0}, false, 1));
            cases.add(new Case(d, new long[] {3, 0, 2}, true, 2));
            cases.add(new Case(d, new long[] {3, 4}, true, d.hashCode() + 3));
            cases.add(new Case(d, new long[] {2, 3, 4}, true, d.hashCode() + 4));
            cases.add(new Case(d, new long[] {1, 5}, true, 5));
        }
        List<String> manifest = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Files.write(tmp.resolve("data" + i + ".bin"), c.data());
            NpyArray a = Npy.read(c.file());
            Npy.save(tmp.resolve("ours" + i + ".npy"), a);
            manifest.add(c.descr() + "\t" + (c.fortran() ? 1 : 0) + "\t" + dims(c.shape()) + "\t" + i);
        }
        Path list = InteropSupport.writeLines(tmp.resolve("cases.tsv"), manifest);
        List<String[]> out = InteropSupport.outputLines(NumPy.run(SAVE_BOTH, list.toString(), tmp.toString()));
        assertEquals(cases.size(), out.size(), "python answered a different number of cases");
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            String[] r = out.get(i);
            if (!String.join(" ", Arrays.copyOfRange(r, 1, r.length)).equals("True True True True")) {
                bad.add(c + ": np.load of our file: dtype/shape/bytes/order " + String.join(" ", r));
            }
            Path theirs = tmp.resolve("np" + i + ".npy");
            byte[] np = Files.readAllBytes(theirs);
            byte[] ours = Files.readAllBytes(tmp.resolve("ours" + i + ".npy"));
            if (!Arrays.equals(np, ours)) {
                bad.add(c + ": Npy.save bytes differ from np.save\n  numpy: " + head(np) + "\n  ours:  " + head(ours));
                continue;
            }
            String why = checkReads(c, theirs, np);
            if (why != null) {
                bad.add(c + ": " + why);
            }
        }
        InteropSupport.assertNoMismatches(cases.size(), bad);
    }

    /** np.save's file through every read source: dtype, shape, order, data; saving it again gives its bytes. */
    private static String checkReads(Case c, Path theirs, byte[] np) throws IOException {
        byte[] wantC = cOrder(c.data(), c.shape(), (int) c.dtype().itemSize(), c.fortran());
        NpyArray[] reads;
        try (FileChannel ch = FileChannel.open(theirs, StandardOpenOption.READ);
                var in = Files.newInputStream(theirs)) {
            reads = new NpyArray[] {Npy.read(theirs), Npy.read(in), Npy.read(np), Npy.read(ch),
                Npy.read(new ShortReadChannel(np, c.seed()))};
        }
        NpyHeader header = Npy.readHeader(theirs);
        for (NpyArray a : reads) {
            if (!a.dtype().equals(header.dtype()) || !a.shape().equals(header.shape())
                    || (a.order() == Order.F) != header.fortranOrder()) {
                return "read gives " + a.dtype().descr() + " " + a.shape() + " " + a.order() + ", header says "
                        + header;
            }
            if (!Arrays.equals(wantC, rawC(a))) {
                return "read data differs from the raw data";
            }
            ByteArrayOutputStream os = new ByteArrayOutputStream();
            Npy.save(os, a);
            if (!Arrays.equals(np, os.toByteArray())) {
                return "read then saved is not np.save's file (fortran_order " + header.fortranOrder() + ")";
            }
        }
        return null;
    }

    private static String head(byte[] b) {
        return HexFormat.of().formatHex(b, 0, Math.min(b.length, 200));
    }

    // --- views of mapped files --------------------------------------------------------------------------------

    private static final List<String> VIEW_DTYPES = List.of("'<f8'", "'>i4'", "'|u1'", "'<c8'", "'>f2'", "'|b1'",
            "'|S3'", "'>M8[ms]'", "[('a', '<i4'), ('b', '>f8', (2,)), ('c', '|u1')]");

    private static final String SAVE_VIEWS = InteropSupport.PRELUDE + String.join("\n",
            "d = sys.argv[2]",
            "for i, expr in lines(sys.argv[1]):",
            "    m = np.load(os.path.join(d, 'src%s.npy' % i), mmap_mode='r')",
            "    v = m[()] if expr == '[]' else eval('m' + expr)",
            "    np.save(os.path.join(d, 'npv%s.npy' % i), v)",
            "    c = np.array(v)",
            "    np.save(os.path.join(d, 'npc%s.npy' % i), c)",
            "    b = np.load(os.path.join(d, 'ours%s.npy' % i))",
            "    print('\\t'.join([i, str(b.dtype == c.dtype and b.shape == c.shape and b.tobytes() == c.tobytes()),",
            "        str(bool(np.isfortran(c)))]))");

    @Test
    @EnabledIfNumPy
    void savedSelectionOfAMappedFileIsNumPysSaveOfTheSameSelection() throws IOException {
        Random r = new Random(0xF1E1D);
        List<String> manifest = new ArrayList<>();
        List<String> what = new ArrayList<>();
        int refused = 0;
        int i = 0;
        List<String> exprs = new ArrayList<>(List.of("[1:5, ::-2]", "[::-1]", "[1]", "[-1, ::3]", "[...]",
                "[None, 1:, -1]", "[:, 0]", "[]"));
        exprs.addAll(InteropSupport.sample(MappedArrayPropertiesTest.expressions(2), 100, 0xF1E1D));
        for (String expr : exprs) {
            for (boolean fortran : new boolean[] {false, true}) {
                String descr = VIEW_DTYPES.get(r.nextInt(VIEW_DTYPES.size()));
                long[] shape = {r.nextInt(8), r.nextInt(7)};
                Case c = new Case(descr, shape, fortran, r.nextLong());
                Path src = tmp.resolve("src" + i + ".npy");
                Files.write(src, c.file());
                try (NpyArray m = Npy.map(src, MapMode.READ_ONLY)) {
                    NpyArray v;
                    try {
                        v = m.select(Selection.parse(expr));
                    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                        refused++;
                        continue;
                    }
                    Npy.save(tmp.resolve("ours" + i + ".npy"), v);
                }
                // the same selection mapped directly saves the same bytes
                try (NpyArray direct = Npy.map(src, Selection.parse(expr), MapMode.READ_ONLY)) {
                    ByteArrayOutputStream os = new ByteArrayOutputStream();
                    Npy.save(os, direct);
                    assertArrayEquals(Files.readAllBytes(tmp.resolve("ours" + i + ".npy")), os.toByteArray(),
                            c + " " + expr);
                }
                manifest.add(i + "\t" + expr);
                what.add(c + " " + expr);
                i++;
            }
        }
        assertTrue(i >= 150, "too few selections fit: " + i + " (" + refused + " refused)");
        Path list = InteropSupport.writeLines(tmp.resolve("views.tsv"), manifest);
        List<String[]> out = InteropSupport.outputLines(NumPy.run(SAVE_VIEWS, list.toString(), tmp.toString()));
        assertEquals(i, out.size());
        List<String> bad = new ArrayList<>();
        for (int k = 0; k < i; k++) {
            byte[] ours = Files.readAllBytes(tmp.resolve("ours" + k + ".npy"));
            byte[] npv = Files.readAllBytes(tmp.resolve("npv" + k + ".npy"));
            byte[] npc = Files.readAllBytes(tmp.resolve("npc" + k + ".npy"));
            String[] r2 = out.get(k);
            if (!r2[1].equals("True")) {
                bad.add(what.get(k) + ": np.load of our file is not np.array(view)");
            }
            if (!Arrays.equals(ours, npv)) {
                bad.add(what.get(k) + ": not np.save(view)\n  numpy: " + head(npv) + "\n  ours:  " + head(ours));
            }
            // np.array(view) keeps a Fortran-like stride order (order='K'), so its file may be Fortran order
            // where the view itself is neither C- nor F-contiguous: then only the values agree (checked above)
            if (r2[2].equals("False") && !Arrays.equals(ours, npc)) {
                bad.add(what.get(k) + ": not np.save(np.array(view))");
            }
        }
        InteropSupport.assertNoMismatches(i, bad);
    }
}
