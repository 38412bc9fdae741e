package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.dtype.DType;
import io.npy4j.dtype.Shape;
import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.HeaderSpec;
import io.npy4j.fixtures.NpyArbitraries;
import io.npy4j.fixtures.NumPy;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks against the installed NumPy, one python3 process per test, cases batched through a file and tab-separated
 * lines on stdout: our header bytes equal {@code _write_array_header}'s, NumPy memory-maps the files we write as we
 * describe them, and we read the files {@code np.save} writes as NumPy reads them.
 */
@EnabledIfNumPy
class NumPyInteropTest {

    /** numpy.lib._format_impl on NumPy 2, numpy.lib.format on NumPy 1. */
    private static final String PRELUDE = String.join("\n",
            "import ast, io, os, sys, warnings",
            "import numpy as np",
            "try:",
            "    import numpy.lib._format_impl as fmt",
            "except ImportError:",
            "    import numpy.lib.format as fmt",
            "warnings.simplefilter('ignore')",
            "def lines(path):",
            "    return [l.split('\\t') for l in open(path, encoding='utf-8').read().split('\\n') if l]",
            "");

    @TempDir
    Path tmp;

    /** Samples an arbitrary outside a property, reproducibly. */
    private static <T> List<T> sample(Arbitrary<T> arb, int count, long seed) {
        List<T> out = new ArrayList<>();
        JqwikSession.run(() -> {
            RandomGenerator<T> gen = arb.generator(1000);
            Random random = new Random(seed);
            while (out.size() < count) {
                out.add(gen.next(random).value());
            }
        });
        return out;
    }

    /** The header np.save writes, or null when the data would not be addressable (we refuse; NumPy does not care). */
    private static NpyHeader headerOrNull(DType dtype, Shape shape, boolean fortran) {
        try {
            return NpyHeader.of(dtype, shape, fortran);
        } catch (ArithmeticException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String dims(long[] shape) {
        return java.util.Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(","));
    }

    private Path writeLines(String name, List<String> lines) throws IOException {
        for (String l : lines) {
            assertTrue(l.indexOf('\n') < 0, () -> "a case must be one line: " + l);
        }
        Path f = tmp.resolve(name);
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    private static List<String[]> outputLines(String stdout) {
        List<String[]> out = new ArrayList<>();
        for (String l : stdout.split("\n")) {
            if (!l.isEmpty()) {
                out.add(l.split("\t", -1));
            }
        }
        return out;
    }

    private static void assertNoMismatches(int checked, List<String> mismatches) {
        assertTrue(mismatches.isEmpty(), () -> mismatches.size() + " of " + checked + " disagree with NumPy:\n"
                + String.join("\n", mismatches.subList(0, Math.min(10, mismatches.size()))));
    }

    // --- (a) writing: byte for byte as _write_array_header ----------------------------------------------------

    private static final String WRITE_HEADERS = PRELUDE + String.join("\n",
            "for descr, fo, shape in lines(sys.argv[1]):",
            "    dt = fmt.descr_to_dtype(ast.literal_eval(descr))",
            "    d = {'descr': fmt.dtype_to_descr(dt), 'fortran_order': fo == '1',",
            "         'shape': tuple(int(x) for x in shape.split(',') if x)}",
            "    buf = io.BytesIO()",
            "    fmt._write_array_header(buf, d, None)",
            "    print(buf.getvalue().hex())");

    @Test
    void encodedHeadersEqualNumPysWriteArrayHeaderByteForByte() throws IOException {
        List<HeaderSpec> specs = new ArrayList<>();
        List<NpyHeader> ours = new ArrayList<>();
        for (HeaderSpec s : sample(NpyArbitraries.headers(), 400, 0xA11CE)) {
            NpyHeader h = headerOrNull(DType.parse(s.descrRepr()), Shape.of(s.shape()), s.fortranOrder());
            if (h != null && specs.size() < 300) {
                specs.add(s);
                ours.add(h);
            }
        }
        assertEquals(300, specs.size(), "not enough addressable samples");
        Path in = writeLines("headers.tsv", specs.stream()
                .map(s -> s.descrRepr() + "\t" + (s.fortranOrder() ? 1 : 0) + "\t" + dims(s.shape())).toList());
        List<String[]> numpy = outputLines(NumPy.run(WRITE_HEADERS, in.toString()));
        assertEquals(specs.size(), numpy.size(), "python answered a different number of cases");
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            String expected = numpy.get(i)[0];
            String actual = HexFormat.of().formatHex(Npy.encodeHeader(ours.get(i)));
            if (!expected.equals(actual)) {
                bad.add(specs.get(i) + "\n  numpy: " + expected + "\n  ours:  " + actual);
            }
        }
        assertNoMismatches(specs.size(), bad);
    }

    // --- (b) our files in np.load(mmap_mode='r') -----------------------------------------------------------

    private static final String LOAD_OURS = PRELUDE + String.join("\n",
            "for (name,) in lines(sys.argv[1]):",
            "    try:",
            "        a = np.load(os.path.join(sys.argv[2], name), mmap_mode='r')",
            "        print('\\t'.join([name, repr(fmt.dtype_to_descr(a.dtype)), a.dtype.str, repr(a.shape),",
            "                         str(a.flags.c_contiguous), str(a.flags.f_contiguous), str(a.dtype.itemsize)]))",
            "    except Exception as e:",
            "        print('\\t'.join([name, 'ERROR', type(e).__name__ + ': ' + str(e)]).replace('\\n', ' '))");

    @Test
    void numPyMemoryMapsOurFilesWithOurDtypeShapeAndOrder() throws IOException {
        Random r = new Random(0xB0B);
        List<String> descrs = sample(NpyArbitraries.descrReprs(), 150, 0xB0B);
        List<String> names = new ArrayList<>();
        List<NpyHeader> ours = new ArrayList<>();
        for (String descr : descrs) {
            DType dtype = DType.parse(descr);
            long[] dims = new long[r.nextInt(4)];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = r.nextInt(5); // small, zeros included
            }
            if (dtype.itemSize() * Shape.of(dims).size() > (1 << 20)) {
                continue; // keep the temp files small
            }
            NpyHeader h = NpyHeader.of(dtype, Shape.of(dims), r.nextBoolean());
            String name = "f" + names.size() + ".npy";
            try (RandomAccessFile f = new RandomAccessFile(tmp.resolve(name).toFile(), "rw")) {
                f.write(Npy.encodeHeader(h));
                f.setLength(h.dataOffset() + h.dataLength()); // zero data
            }
            names.add(name);
            ours.add(h);
        }
        assertTrue(names.size() >= 120, "too few cases: " + names.size());
        Path in = writeLines("files.tsv", names);
        List<String[]> numpy = outputLines(NumPy.run(LOAD_OURS, in.toString(), tmp.toString()));
        assertEquals(names.size(), numpy.size(), "python answered a different number of cases");
        List<String> bad = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            NpyHeader h = ours.get(i);
            String[] n = numpy.get(i);
            String what = names.get(i) + " " + h.dtype().descr() + " " + h.shape() + (h.fortranOrder() ? " F" : " C");
            assertEquals(names.get(i), n[0]);
            if (n[1].equals("ERROR")) {
                bad.add(what + ": np.load failed: " + n[2]);
                continue;
            }
            String expectStr = h.dtype() instanceof io.npy4j.dtype.ScalarType s ? s.typeString() : null;
            boolean c = Boolean.parseBoolean(n[4]);
            boolean f = Boolean.parseBoolean(n[5]);
            long[] d = h.shape().toArray();
            // a non-empty array with two or more axes longer than 1 is C- or F-contiguous, not both
            boolean nonTrivial = h.elementCount() > 0 && java.util.Arrays.stream(d).filter(x -> x > 1).count() > 1;
            boolean orderOk = h.fortranOrder() ? f && !(nonTrivial && c) : c && !(nonTrivial && f);
            if (!n[1].equals(h.dtype().descr()) || (expectStr != null && !n[2].equals(expectStr))
                    || !n[3].equals(h.shape().toString()) || !orderOk
                    || Long.parseLong(n[6]) != h.itemSize()) {
                bad.add(what + ": numpy " + String.join(" | ", n));
            }
        }
        assertNoMismatches(names.size(), bad);
    }

    // --- (c) np.save's files read by us ----------------------------------------------------------------------

    /**
     * Random arrays saved with np.save: scalar types in both byte orders, strings, datetimes with units, objects,
     * random structs (titles, subarrays, nesting, aligned padding, non-latin-1 names), in C, Fortran and
     * non-contiguous layouts, and one struct whose header needs format 2.0. Prints what NumPy itself reads back.
     */
    private static final String SAVE_RANDOM = PRELUDE + String.join("\n",
            "out, n = sys.argv[1], int(sys.argv[2])",
            "rng = np.random.default_rng(int(sys.argv[3]))",
            "SCALARS = ['?', 'b', 'B', '<i2', '>i2', '<i4', '>i4', '<i8', '>u8', '<u2', '>u4', '<f2', '>f2', '<f4',",
            "           '>f8', '<f8', 'g', 'G', '<c8', '>c16', 'S1', 'S7', 'U1', '>U3', '<U5', 'V3', 'M8', '<M8[ns]',",
            "           '>M8[D]', '<M8[25s]', '<m8[us]', '>m8', '<m8[7h]', 'O', 'int', 'float', 'complex', 'bool']",
            "NAMES = ['a', 'b', 'x', 'value', 'Info', '\\u00e9t\\u00e9', '\\u6574\\u5f62', 'with space', \"it's\", 'z9']",
            "def pick(seq):",
            "    return seq[int(rng.integers(len(seq)))]",
            "def rand_struct(depth):",
            "    # plain str: np.save writes an np.str_ name as np.str_('a'), which np.load cannot parse",
            "    names = [str(x) for x in rng.permutation(NAMES)][:int(rng.integers(1, 5))]",
            "    fields = []",
            "    for nm in names:",
            "        t = rand_struct(depth - 1) if depth > 0 and rng.random() < 0.2 else np.dtype(pick(SCALARS))",
            "        if t.kind == 'O':",
            "            t = np.dtype('<i4')",
            "        key = (nm + '_title', nm) if rng.random() < 0.15 else nm",
            "        if rng.random() < 0.25:",
            "            fields.append((key, t, tuple(int(x) for x in rng.integers(1, 4, int(rng.integers(1, 3))))))",
            "        else:",
            "            fields.append((key, t))",
            "    return np.dtype(fields, align=bool(rng.random() < 0.3))",
            "def rand_dtype():",
            "    return rand_struct(2) if rng.random() < 0.35 else np.dtype(pick(SCALARS))",
            "for i in range(n):",
            "    if i == 0:",
            "        dt = np.dtype([(('%d' % j) * 100, float) for j in range(500)])  # test_version_2_0",
            "    else:",
            "        dt = rand_dtype()",
            "    shape = tuple(int(x) for x in rng.integers(0, 5, int(rng.integers(0, 4))))",
            "    a = np.zeros(shape, dt)",
            "    layout = pick(['C', 'F', 'strided'])",
            "    if layout == 'F':",
            "        a = np.asfortranarray(a)",
            "    elif layout == 'strided' and a.ndim > 0:",
            "        a = a[::2]",
            "    name = 'n%d.npy' % i",
            "    np.save(os.path.join(out, name), a)",
            "    with open(os.path.join(out, name), 'rb') as f:",
            "        version = fmt.read_magic(f)",
            "        shape, fo, rdt = fmt._read_array_header(f, version, max_header_size=2**30)",
            "        offset = f.tell()",
            "    print('\\t'.join([name, '%d.%d' % version, repr(fmt.dtype_to_descr(rdt)), repr(shape), str(fo),",
            "                     str(offset), str(rdt.itemsize)]))");

    @Test
    void filesNumPySavesReadAsNumPyReadsThem() throws IOException {
        List<String[]> numpy = outputLines(NumPy.run(SAVE_RANDOM, tmp.toString(), "100", "20261121"));
        assertEquals(100, numpy.size(), "python answered a different number of cases");
        List<String> bad = new ArrayList<>();
        boolean sawV2 = false;
        boolean sawV3 = false;
        for (String[] n : numpy) {
            NpyHeader h;
            try {
                h = Npy.readHeader(tmp.resolve(n[0]));
            } catch (IOException | RuntimeException e) {
                bad.add(String.join(" | ", n) + ": we fail with " + e);
                continue;
            }
            sawV2 |= n[1].equals("2.0");
            sawV3 |= n[1].equals("3.0");
            if (!n[1].equals(h.version().toString()) || !n[2].equals(h.dtype().descr())
                    || !n[3].equals(h.shape().toString()) || !n[4].equals(h.fortranOrder() ? "True" : "False")
                    || Long.parseLong(n[5]) != h.dataOffset() || Long.parseLong(n[6]) != h.itemSize()) {
                bad.add("numpy: " + String.join(" | ", n) + "\n  ours: " + h.version() + " | " + h.dtype().descr()
                        + " | " + h.shape() + " | " + h.fortranOrder() + " | " + h.dataOffset() + " | "
                        + h.itemSize());
            }
        }
        assertNoMismatches(numpy.size(), bad);
        assertTrue(sawV2 && sawV3, "the sample should cover format 2.0 and 3.0 headers");
    }
}
