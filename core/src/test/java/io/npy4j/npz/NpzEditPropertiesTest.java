package io.npy4j.npz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import io.npy4j.Order;
import io.npy4j.dtype.ScalarType;
import io.npy4j.fixtures.NumPy;
import io.npy4j.write.NpyWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.CRC32;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Sequences of appends, replacements, removals and row-written appends on an archive, against a model (an ordered
 * map of name to values): npy4j reads the model after every sequence, and NumPy reads every archive the property
 * made identically, in one python process after the last try.
 */
class NpzEditPropertiesTest {
    /** What one op does; {@code values} are the member's int64 (or float64, 3 per row) values. */
    record Op(String kind, String name, boolean deflated, long seed, int length) {
        long[] values() {
            java.util.Random r = new java.util.Random(seed);
            long[] v = new long[length];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextInt(1 << 20) - (1 << 19);
            }
            return v;
        }

        /** float64 rows of 3 (at least one row: a Java {@code double[0][3]} has no row to give its width). */
        boolean floats() {
            return (seed & 1) == 0 && length >= 3;
        }

        NpyArray array() {
            long[] v = values();
            if (floats()) {
                double[][] rows = new double[v.length / 3][3];
                for (int i = 0; i < rows.length * 3; i++) {
                    rows[i / 3][i % 3] = v[i];
                }
                return Npy.array(rows);
            }
            return Npy.array(v);
        }

        /** The member's data bytes in C order, little-endian, as NumPy's {@code tobytes()} gives them. */
        byte[] bytes() {
            long[] v = values();
            int n = floats() ? v.length / 3 * 3 : v.length;
            ByteBuffer b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                if (floats()) {
                    b.putDouble(v[i]);
                } else {
                    b.putLong(v[i]);
                }
            }
            return b.array();
        }

        @Override
        public String toString() {
            return kind + " " + name + (deflated ? " deflated" : " stored") + " [" + length + "]";
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of("append", "replace", "remove", "rows"),
                Arbitraries.of("a", "b", "c", "d", "e", "f"), Arbitraries.of(false, true), Arbitraries.longs(),
                Arbitraries.integers().between(0, 40)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(7);
    }

    private Path dir;
    private final List<String> expectations = new ArrayList<>();
    private int tries;

    @BeforeProperty
    void makeDir() throws IOException {
        dir = Files.createTempDirectory("npy4j-npz-edit");
    }

    @AfterProperty
    void numpyReadsEveryArchiveAsTheModel() throws IOException {
        try {
            if (!io.npy4j.fixtures.NumPyAvailableCondition.probe().isDisabled() && !expectations.isEmpty()) {
                Path spec = dir.resolve("spec.txt");
                Files.write(spec, expectations);
                String out = NumPy.run("import numpy as np, zipfile, zlib, sys\nbad = []\n"
                        + "for line in open(sys.argv[1]).read().splitlines():\n"
                        + "    path, want = line.split('\\t')\n"
                        + "    assert zipfile.ZipFile(path).testzip() is None\n"
                        + "    d = np.load(path)\n"
                        + "    got = ' '.join('%s:%s:%s:%d' % (k, d[k].dtype.str, d[k].shape, zlib.crc32(d[k].tobytes()))"
                        + " for k in d.files)\n"
                        + "    if got != want: bad.append(path + ': ' + got + ' != ' + want)\n"
                        + "print(len(bad)); print('\\n'.join(bad[:5]))\n", spec.toString()).trim();
                assertEquals("0", out.split("\n")[0], out);
            }
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Property(tries = 25, edgeCases = EdgeCasesMode.NONE)
    void editsMatchTheModel(@ForAll("ops") List<Op> ops, @ForAll boolean compressedBase) throws Exception {
        Path f = dir.resolve("t" + (tries++) + ".npz");
        Map<String, Op> model = new LinkedHashMap<>();
        Op base = new Op("append", "a", compressedBase, 42, 6);
        model.put("a", base);
        try (NpzWriter w = Npy.newNpz(f, compressedBase)) {
            w.add("a", base.array());
        }
        for (Op op : ops) {
            boolean has = model.containsKey(op.name());
            switch (op.kind()) {
                case "append" -> {
                    if (has) {
                        try (NpzWriter w = NpzWriter.append(f, op.deflated())) {
                            assertThrows(IllegalArgumentException.class, () -> w.add(op.name(), op.array()));
                        }
                    } else {
                        try (NpzWriter w = NpzWriter.append(f, op.deflated())) {
                            w.add(op.name(), op.array());
                        }
                        model.put(op.name(), op);
                    }
                }
                case "rows" -> {
                    if (!has && !op.floats()) {
                        try (NpzWriter w = NpzWriter.append(f, op.deflated())) {
                            NpyWriter r = w.addRows(op.name(), ScalarType.INT64, Order.C, op.length());
                            long[] v = op.values();
                            for (int i = 0; i < v.length; i += 7) {
                                r.write(java.util.Arrays.copyOfRange(v, i, Math.min(v.length, i + 7)));
                            }
                        }
                        model.put(op.name(), op);
                    }
                }
                case "replace" -> {
                    try (NpzWriter w = NpzWriter.update(f, op.deflated())) {
                        w.add(op.name(), op.array());
                    }
                    model.put(op.name(), op); // in its place if it was there, else at the end
                }
                case "remove" -> {
                    try (NpzWriter w = NpzWriter.update(f, op.deflated())) {
                        if (has) {
                            w.remove(op.name());
                        } else {
                            assertEquals(NpyFormatException.Kind.NO_SUCH_MEMBER, assertThrows(
                                    NpyFormatException.class, () -> w.remove(op.name())).kind());
                        }
                    }
                    model.remove(op.name());
                }
                default -> throw new AssertionError(op.kind());
            }
        }
        try (NpzArchive z = Npy.openNpz(f)) {
            assertEquals(new ArrayList<>(model.keySet()), z.entries().stream().map(NpzEntry::name)
                    .collect(Collectors.toList()), ops.toString());
            for (Op op : model.values()) {
                NpyArray a = z.read(op.name());
                byte[] raw = new byte[(int) (a.size() * 8)];
                a.readRaw(0, raw, 0, (int) a.size());
                assertArrayEquals(op.bytes(), raw, op + " after " + ops);
            }
        }
        expectations.add(f + "\t" + model.values().stream().map(op -> {
            CRC32 c = new CRC32();
            c.update(op.bytes());
            String shape = op.floats() ? "(" + op.length() / 3 + ", 3)" : "(" + op.length() + ",)";
            return op.name() + ":" + (op.floats() ? "<f8" : "<i8") + ":" + shape + ":" + c.getValue();
        }).collect(Collectors.joining(" ")));
    }
}
