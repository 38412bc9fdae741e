package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code npy show} against NumPy: one python process writes a corpus of small arrays (every dtype family, both
 * byte orders, 0-d, empty, summarised large ones, slices, and --precision/--edgeitems/--threshold/--linewidth
 * against np.printoptions) and {@code repr(a)} (or {@code repr(np.asarray(a[SLICE]))}:
 * show prints a 0-d result as an array, not as NumPy's scalar) of each;
 * the command's output must equal that text exactly.
 */
@EnabledIfNumPy
class NpyShowCommandTest {
    /** Python: case name, then the expression; slices follow a '|'. */
    private static final String SCRIPT = String.join("\n",
        "import sys, os, numpy as np",
        "d = sys.argv[1]",
        "rng = np.random.default_rng(7)",
        "cases = {",
        "  'i1': np.array([-128, 0, 127], 'i1'), 'u1': np.arange(20, dtype='u1'),",
        "  'i2be': np.array([1, -300, 7], '>i2'), 'u2': np.array([0, 65535], '<u2'),",
        "  'i4': np.array([[1, 2, 3], [-40, 50, 6]], '<i4'), 'u4': np.array([4000000000], '<u4'),",
        "  'i8': np.arange(-5, 5), 'u8': np.array([0, 2**64 - 1], '<u8'), 'i8be': np.array([3, -4], '>i8'),",
        "  'f8': np.array([1.5, 2.25, -3.0]), 'f8int': np.array([1., 2., 3.]),",
        "  'f8nan': np.array([1.5, np.nan, -np.inf, np.inf]), 'f8allnan': np.array([np.nan, np.inf]),",
        "  'f8exp': np.array([1e-5, 1.5, 3e10]), 'f8big': np.array([1e8, 2.0]), 'f8ratio': np.array([0.001, 2.0]),",
        "  'f8round': np.array([0.1, 1/3, 2/3, 0.123456789012]), 'f8zero': np.array([0.0, -0.0, 1.0]),",
        "  'f8tiny': np.array([5e-324, 1e-300, 1.7976931348623157e308]), 'f8rand': rng.standard_normal(37),",
        "  'f8rand2': rng.standard_normal((6, 7)) * 1000, 'f8wide': np.linspace(0, 1, 30),",
        "  'f8be': np.array([0.5, 1e-7], '>f8'), 'f8neg0': np.array([-0.0]),",
        "  'f4': np.array([0.1, 1/3, 100.5], 'f4'), 'f4exp': np.array([1e-4, 2e6], 'f4'),",
        "  'f4rand': rng.standard_normal(20).astype('f4'), 'f4thr': np.array([np.float32(1e-4), 1.0], 'f4'),",
        "  'f2': np.array([0.1, 1/3, 1000, 65504], 'f2'), 'f2small': np.array([1e-3, 0.5, 6e-8], 'f2'),",
        "  'f2rand': rng.standard_normal(12).astype('f2'), 'f2be': np.array([1.5, -2], '>f2'),",
        "  'c16': np.array([1+2j, -0.5-1.25j, np.nan+1j, 3j]), 'c8': np.array([1+1e-6j, 2.5-3j], 'c8'),",
        "  'c16exp': np.array([1e-10+1j, 5-1e10j]), 'c16be': np.array([1-1j], '>c16'),",
        "  'c16inf': np.array([complex(np.inf, -np.inf), 1+0j]),",
        "  'b1': np.array([True, False, True]), 'b1all': np.ones((2, 3), bool),",
        "  'S': np.array([b'a', b'bc\\n', b\"it's\", b''], 'S4'), 'U': np.array(['x', 'caf\\u00e9', 'a\"b', \"c'd\"]),",
        "  'Ube': np.array(['ab', ''], '>U2'), 'U2d': np.array([['a', 'bb'], ['ccc', 'd']]),",
        "  'Mday': np.array(['2020-01-01', '1969-12-31', 'NaT'], 'M8[D]'), 'Ms': np.array(['2021-03-04T05:06:07'], 'M8[s]'),",
        "  'Mms': np.array(['2021-03-04T05:06:07.123', '1900-01-01'], 'M8[ms]'),",
        "  'Mns': np.array(['2021-03-04T05:06:07.123456789', 'NaT'], '<M8[ns]'), 'MY': np.array(['2020', '1999'], 'M8[Y]'),",
        "  'MM': np.array(['2020-02', '1969-01'], 'M8[M]'), 'Mh': np.array(['2020-02-03T04'], 'M8[h]'),",
        "  'Mm': np.array(['2020-02-03T04:05'], '>M8[m]'), 'Mus': np.array(['1960-01-01T00:00:00.000001'], 'M8[us]'),",
        "  'MW': np.array(['2020-01-02', '1970-01-01'], 'M8[W]'), 'M10s': np.array([1, 5], 'M8[10s]'),",
        "  'Myears': np.array(['-0100-01-01', '12000-01-01', '0005-03-04'], 'M8[D]'), 'mgen': np.array([1, 2], 'm8'),",
        "  'Uodd': np.array(['a\\x00b', '\\U0001d11e', '\\u200b', 'tab\\there']), 'Sodd': np.array([b'\\x00a', b'\\xff']),",
        "  'nd4': np.arange(6).reshape(1, 2, 3, 1), 'f4nan2': np.array([[1.5, np.nan]], 'f4'),",
        "  'mdelta': np.array([1, -20, 300], 'm8[s]'), 'mnat': np.array([5, 'NaT'], 'm8[ms]'),",
        "  'struct': np.array([(1, 2.5, b'ab', True), (-3, 1e-7, b'', False)],",
        "                     [('a', '<i2'), ('b', '>f4'), ('c', 'S3'), ('d', '?')]),",
        "  'structsub': np.array([([1, 2], 0.5, 'x'), ([3, -4], 1.25, 'yz')], [('x', '>i4', (2,)), ('y', '<f8'), ('z', '<U2')]),",
        "  'structnest': np.array([((1, 2.0),), ((3, 4.5),)], [('s', [('p', '<i4'), ('q', '<f8')])]),",
        "  'structtitle': np.array([(1,)], [(('a title', 'v'), '<i4')]),",
        "  'struct1': np.array([(1.5,), (2.0,)], [('only', '<f8')]),",
        "  'structpad': np.zeros(2, np.dtype({'names': ['a', 'b'], 'formats': ['<i2', '<f8'], 'offsets': [0, 8], 'itemsize': 16})),",
        "  'z0f': np.array(3.25), 'z0i': np.array(7, 'i2'), 'z0b': np.array(True), 'z0s': np.array('hi'),",
        "  'z0M': np.array('2020-01-01', 'M8[D]'), 'z0c': np.array(1-2j), 'z0struct': np.array((1, 2.5), [('a', 'i4'), ('b', 'f8')]),",
        "  'z0nan': np.array(np.nan), 'z0f4': np.array(0.1, 'f4'),",
        "  'e0': np.zeros(0), 'e03': np.zeros((0, 3), 'i4'), 'e20': np.zeros((2, 0), 'U3'), 'e0b': np.zeros(0, bool),",
        "  'sum1': np.arange(2000), 'sumf': rng.standard_normal(5000), 'sum2': rng.integers(-99, 99, (100, 100)),",
        "  'sum3': np.arange(3 * 4 * 500, dtype='i4').reshape(3, 4, 500), 'sumb': np.arange(1001) % 3 == 0,",
        "  'sumS': np.array([b'x%d' % i for i in range(1200)]), 'sum4': np.zeros((10, 10, 10, 10), 'f4'),",
        "  'wrap': np.arange(100) * 1.5, 'wrap2': np.arange(60).reshape(3, 20) * 1000, 'wrap3': rng.random((2, 3, 4)),",
        "  'wrapU': np.array(['word%d' % i for i in range(30)]), 'dtypewrap': np.arange(24, dtype='>i4'),",
        "}",
        "for i in range(36):",  // random magnitudes: positional and scientific, all three float widths
        "    dt = ['f2', 'f4', 'f8'][i % 3]",
        "    v = rng.standard_normal(int(rng.integers(1, 9))) * 10.0 ** rng.integers(-9, 12, size=1)",
        "    cases['rand%02d' % i] = (v * rng.random(v.shape) ** int(rng.integers(0, 4))).astype(dt)",
        "slices = {'sl1': ('f8rand2', '[1:4, ::-2]'), 'sl2': ('sum2', '[5]'), 'sl3': ('sum3', '[..., -1]'),",
        "          'sl4': ('f8rand', '[3]'), 'sl5': ('struct', '[1]')}",
        "for name, a in cases.items():",
        "    np.save(os.path.join(d, name + '.npy'), a)",
        "    open(os.path.join(d, name + '.txt'), 'w', encoding='utf-8').write(repr(a))",
        "for name, (src, sl) in slices.items():",
        "    a = np.load(os.path.join(d, src + '.npy'))",
        "    open(os.path.join(d, name + '.txt'), 'w', encoding='utf-8').write(repr(np.asarray(eval('a' + sl))))",
        "    open(os.path.join(d, name + '.slice'), 'w').write(src + '|' + sl)",
        "opts = {'op1': ('f8rand2', ['--precision', '3'], dict(precision=3)),",
        "        'op2': ('sum2', ['--edgeitems', '2', '--threshold', '50'], dict(edgeitems=2, threshold=50)),",
        "        'op3': ('wrap', ['--linewidth', '40'], dict(linewidth=40)), 'op4': ('f8exp', ['--precision', '2'], dict(precision=2)),",
        "        'op5': ('c16', ['--precision', '1'], dict(precision=1))}",
        "for name, (src, args, po) in opts.items():",
        "    a = np.load(os.path.join(d, src + '.npy'))",
        "    with np.printoptions(**po):",
        "        open(os.path.join(d, name + '.txt'), 'w', encoding='utf-8').write(repr(a))",
        "    open(os.path.join(d, name + '.opts'), 'w').write(src + '|' + ' '.join(args))",
        "print(len(cases) + len(slices) + len(opts))");

    @TempDir
    Path dir;

    @Test
    void equalsNumPyRepr() throws IOException {
        int n = Integer.parseInt(NumPy.run(SCRIPT, dir.toString()).strip());
        List<String> failures = new ArrayList<>();
        int checked = 0;
        try (var files = Files.list(dir)) {
            for (Path txt : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".txt")).sorted()::iterator) {
                String name = txt.getFileName().toString().replace(".txt", "");
                String expected = Files.readString(txt, StandardCharsets.UTF_8);
                Path sl = dir.resolve(name + ".slice");
                String[] args;
                if (Files.exists(sl)) {
                    String[] parts = Files.readString(sl).split("\\|", 2);
                    args = new String[] {"show", dir.resolve(parts[0] + ".npy").toString(), parts[1]};
                } else if (Files.exists(dir.resolve(name + ".opts"))) {
                    String[] parts = Files.readString(dir.resolve(name + ".opts")).split("\\|", 2);
                    List<String> a = new ArrayList<>(List.of("show", dir.resolve(parts[0] + ".npy").toString()));
                    a.addAll(List.of(parts[1].split(" ")));
                    args = a.toArray(new String[0]);
                } else {
                    args = new String[] {"show", dir.resolve(name + ".npy").toString()};
                }
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int status = NpyMain.run(NpyCommand.commandLine(), new PrintWriter(out), new PrintWriter(err), args);
                String got = out.toString().replaceAll("\n$", "");
                checked++;
                if (status != 0 || !got.equals(expected)) {
                    failures.add(name + " (exit " + status + " " + err + "):\nnumpy:\n" + expected + "\nnpy show:\n"
                            + got);
                }
            }
        }
        assertEquals(n, checked);
        assertTrue(failures.isEmpty(), failures.size() + " of " + checked + " differ:\n"
                + String.join("\n\n", failures));
    }
}
