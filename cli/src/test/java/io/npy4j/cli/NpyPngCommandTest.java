package io.npy4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.fixtures.EnabledIfNumPy;
import io.npy4j.fixtures.NumPy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code npy png} pixels against a reference computed by NumPy: the slice (strided as --max-size asks), vmin/vmax
 * (min/max of the finite values, given, or np.nanpercentile for --clip), matplotlib's normalisation and lookup
 * ({@code x = (v - vmin) / (vmax - vmin)}, index {@code int(x * 256)} with 1.0 in the last colour, clipped to
 * 0..255, non-finite values in the NaN colour) as an index per pixel; each pixel must be that colour of the table.
 */
@EnabledIfNumPy
class NpyPngCommandTest {
    private static final String SCRIPT = String.join("\n",
        "import sys, os, numpy as np, warnings",
        "warnings.simplefilter('ignore')",
        "d = sys.argv[1]",
        "rng = np.random.default_rng(5)",
        "f = rng.standard_normal((20, 30)); f[3, 4] = np.nan; f[5, 6] = np.inf",
        "cube = rng.random((4, 12, 8)) * 100",
        "cases = [('f', f, None, ['--cmap', 'viridis']),",
        "         ('i', rng.integers(-50, 50, (17, 9)).astype('>i4'), None, ['--cmap', 'gray', '--vmin', '-20', '--vmax', '30']),",
        "         ('clip', rng.standard_normal((50, 40)) ** 3, None, ['--cmap', 'coolwarm', '--clip', '5']),",
        "         ('big', rng.random((300, 200)), None, ['--max-size', '64']),",
        "         ('cube', cube, '[2, ::-1]', ['--cmap', 'coolwarm']),",
        "         ('const', np.full((3, 4), 7.5), None, []),",
        "         ('f4', rng.random((8, 8)).astype('f4') * 0 + np.arange(8, dtype='f4'), None, ['--cmap', 'gray'])]",
        "for name, a, sl, opts in cases:",
        "    np.save(os.path.join(d, name + '.npy'), a)",
        "    v = eval('a' + sl) if sl else a",
        "    ms = int(opts[opts.index('--max-size') + 1]) if '--max-size' in opts else 2048",
        "    s = max(-(-v.shape[0] // ms), -(-v.shape[1] // ms)); v = v[::s, ::s].astype(np.float64)",
        "    fin = v[np.isfinite(v)]",
        "    lo, hi = fin.min(), fin.max()",
        "    if '--clip' in opts:",
        "        p = float(opts[opts.index('--clip') + 1]); lo, hi = np.nanpercentile(fin, p), np.nanpercentile(fin, 100 - p)",
        "    if '--vmin' in opts: lo = float(opts[opts.index('--vmin') + 1])",
        "    if '--vmax' in opts: hi = float(opts[opts.index('--vmax') + 1])",
        "    x = np.zeros_like(v) if hi == lo else (v - lo) / (hi - lo)",
        "    xa = x * 256; xa[xa == 256] = 255",
        "    idx = np.clip(np.where(np.isfinite(xa), xa, 0), -1, 256).astype(int)",
        "    idx[xa < 0] = 0; idx[xa >= 256] = 255; idx[~np.isfinite(v)] = -1",
        "    np.save(os.path.join(d, name + '.idx.npy'), idx.astype('<i2'))",
        "    print(name + '|' + (sl or '') + '|' + ' '.join(opts))",
        "rgb = rng.integers(0, 256, (6, 7, 3)).astype('u1'); np.save(os.path.join(d, 'rgb.npy'), rgb)",
        "rgba = rng.integers(0, 256, (4, 5, 4)).astype('u1'); np.save(os.path.join(d, 'rgba.npy'), rgba)");

    @TempDir
    Path dir;

    @Test
    void pixelsEqualTheReference() throws IOException {
        String[] lines = NumPy.run(SCRIPT, dir.toString()).strip().split("\n");
        List<String> failures = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\\|", -1);
            List<String> args = new ArrayList<>(List.of("png", dir.resolve(f[0] + ".npy").toString()));
            if (!f[1].isEmpty()) {
                args.add(f[1]);
            }
            if (!f[2].isEmpty()) {
                args.addAll(List.of(f[2].split(" ")));
            }
            Path out = dir.resolve(f[0] + ".png");
            args.addAll(List.of("-o", out.toString(), "--nan-color", "ff00ff"));
            StringWriter err = new StringWriter();
            int status = NpyMain.run(NpyCommand.commandLine(), new PrintWriter(new StringWriter()),
                    new PrintWriter(err), args.toArray(new String[0]));
            if (status != 0) {
                failures.add(line + ": exit " + status + " " + err);
                continue;
            }
            String cmap = f[2].contains("--cmap") ? f[2].split("--cmap ")[1].split(" ")[0] : "viridis";
            int[] table = Colormaps.table(cmap);
            BufferedImage img = ImageIO.read(out.toFile());
            NpyArray idx = Npy.read(dir.resolve(f[0] + ".idx.npy"));
            assertEquals(idx.shape().dim(0), img.getHeight(), line);
            assertEquals(idx.shape().dim(1), img.getWidth(), line);
            int bad = 0;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int i = idx.getInt(y, x);
                    int expected = i < 0 ? 0xFFFF00FF : 0xFF000000 | table[i];
                    if (img.getRGB(x, y) != expected && bad++ < 3) {
                        failures.add(line + ": pixel (" + y + ", " + x + ") " + Integer.toHexString(img.getRGB(x, y))
                                + " expected " + Integer.toHexString(expected) + " (index " + i + ")");
                    }
                }
            }
        }
        assertEquals(7, lines.length);
        for (String name : new String[] {"rgb", "rgba"}) {
            Path out = dir.resolve(name + ".png");
            assertEquals(0, NpyMain.run(NpyCommand.commandLine(), new PrintWriter(new StringWriter()),
                    new PrintWriter(new StringWriter()), "png", dir.resolve(name + ".npy").toString(), "-o",
                    out.toString()));
            BufferedImage img = ImageIO.read(out.toFile());
            NpyArray a = Npy.read(dir.resolve(name + ".npy"));
            int c = (int) a.shape().dim(2);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    int r = a.getInt(y, x, 0);
                    int g = a.getInt(y, x, 1);
                    int b = a.getInt(y, x, 2);
                    int al = c == 4 ? a.getInt(y, x, 3) : 255;
                    int expected = al << 24 | r << 16 | g << 8 | b;
                    if (img.getRGB(x, y) != expected) {
                        failures.add(name + ": pixel (" + y + ", " + x + ") " + Integer.toHexString(img.getRGB(x, y))
                                + " expected " + Integer.toHexString(expected));
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void refusesWhatIsNotAnImage() {
        StringWriter err = new StringWriter();
        int status = NpyMain.run(NpyCommand.commandLine(), new PrintWriter(new StringWriter()), new PrintWriter(err),
                "png", Path.of("..", "examples", "cube.npy").toString(), "-o", dir.resolve("x.png").toString());
        assertEquals(1, status);
        assertTrue(err.toString().contains("needs a 2-D slice"), err.toString());
    }
}
