package io.npy4j.cli;

import io.npy4j.AtomicFile;
import io.npy4j.NpyArray;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.TypeCode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code npy png SOURCE [SLICE] -o OUT.png}: a 2-D slice as a colour-mapped image, or a uint8 RGB(A) slice as is. */
@Command(name = "png", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Write a 2-D numeric slice as a PNG: values scaled linearly from vmin to vmax (default: the"
            + " finite min and max, or the --clip percentiles) and coloured by a 256-colour map (matplotlib's"
            + " viridis, gray or coolwarm), NaN and infinities in the NaN colour; or a 3-D uint8 slice whose last"
            + " axis has 3 or 4 entries as RGB or RGBA pixels. Row 0 is the top of the image.",
            "Slices larger than --max-size on a side are strided (a[::s, ::s], the same s on both axes): only the"
            + " elements drawn are read."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:written", "1:the source, slice or output failed (reported on stderr)",
            "2:invalid command line", "3:internal error"})
public final class NpyPngCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "an .npy file, ARCHIVE.npz:MEMBER, or a"
            + " virtual-array manifest (JSON)")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SLICE", description = "NumPy basic indexing giving a"
            + " 2-D array (or 3-D uint8 with 3 or 4 channels last), e.g. '[100]' of a 3-D cube")
    String slice;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.png", description = "the PNG to write")
    Path output;

    @Option(names = "--cmap", paramLabel = "NAME", defaultValue = "viridis",
            description = "viridis (default), gray or coolwarm (diverging)")
    String cmap;

    @Option(names = "--vmin", paramLabel = "V", description = "the value drawn in the first colour")
    Double vmin;

    @Option(names = "--vmax", paramLabel = "V", description = "the value drawn in the last colour")
    Double vmax;

    @Option(names = "--clip", paramLabel = "P", description = "scale from the P-th to the (100-P)-th percentile of"
            + " the finite values (np.nanpercentile, linear) instead of min and max; holds the drawn values")
    Double clip;

    @Option(names = "--nan-color", paramLabel = "RRGGBB[AA]", defaultValue = "00000000",
            description = "colour of NaN and infinite values (default ${DEFAULT-VALUE}: transparent)")
    String nanColor;

    @Option(names = "--max-size", paramLabel = "N", defaultValue = "2048",
            description = "at most N pixels on a side (default ${DEFAULT-VALUE}), by striding")
    int maxSize;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!Colormaps.NAMES.contains(cmap)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cmap must be one of " + Colormaps.NAMES);
        }
        if (maxSize < 1 || (clip != null && !(clip >= 0 && clip < 50))) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-size must be >= 1, --clip in [0, 50)");
        }
        int nan = parseColour(nanColor);
        System.setProperty("java.awt.headless", "true");
        try (Sources s = Sources.open(source, Sources.selection(slice))) {
            BufferedImage img = render(s.array, nan);
            AtomicFile.write(output, ch -> {
                OutputStream o = Channels.newOutputStream(ch);
                if (!ImageIO.write(img, "png", o)) {
                    throw new IOException("no PNG writer in this JDK");
                }
                o.flush();
            });
            return 0;
        } catch (Exception | Error e) {
            Problems.report(err, "npy png", Problems.describe(Sources.pathOf(source), e));
            return Problems.FAILED;
        }
    }

    private int parseColour(String text) {
        String t = text.startsWith("#") ? text.substring(1) : text;
        if (!t.matches("[0-9a-fA-F]{6}([0-9a-fA-F]{2})?")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--nan-color must be RRGGBB or RRGGBBAA hex");
        }
        long v = Long.parseLong(t, 16);
        return t.length() == 6 ? (int) (0xFF000000L | v) : (int) (((v & 0xFF) << 24) | (v >>> 8));
    }

    BufferedImage render(NpyArray a, int nan) {
        ScalarType t = a.dtype() instanceof ScalarType st ? st : null;
        boolean rgb = a.rank() == 3 && t != null && t.code() == TypeCode.UINT && t.itemSize() == 1
                && (a.shape().dim(2) == 3 || a.shape().dim(2) == 4);
        if (!rgb && a.rank() != 2) {
            throw new IllegalArgumentException("a PNG needs a 2-D slice (or 3-D uint8 with 3 or 4 channels last), not"
                    + " shape " + a.shape() + "; pick one with SLICE, e.g. '[0]'");
        }
        if (!rgb) {
            ArrayStats.check(a.dtype());
        }
        long h0 = a.shape().dim(0);
        long w0 = a.shape().dim(1);
        if (h0 == 0 || w0 == 0) {
            throw new IllegalArgumentException("the slice is empty: shape " + a.shape());
        }
        long stride = Math.max((h0 + maxSize - 1) / maxSize, (w0 + maxSize - 1) / maxSize);
        NpyArray v = stride > 1 ? a.select("[::" + stride + ", ::" + stride + "]") : a;
        int h = (int) v.shape().dim(0);
        int w = (int) v.shape().dim(1);
        if (rgb) {
            int c = (int) v.shape().dim(2);
            BufferedImage img = new BufferedImage(w, h, c == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
            byte[] row = new byte[w * c];
            int[] px = new int[w];
            for (int y = 0; y < h; y++) {
                v.row(y).read(0, row, 0, w * c);
                for (int x = 0; x < w; x++) {
                    int r = row[x * c] & 0xFF;
                    int g = row[x * c + 1] & 0xFF;
                    int b = row[x * c + 2] & 0xFF;
                    int alpha = c == 4 ? row[x * c + 3] & 0xFF : 0xFF;
                    px[x] = alpha << 24 | r << 16 | g << 8 | b;
                }
                img.setRGB(0, y, w, 1, px, 0, w);
            }
            return img;
        }
        double lo = vmin != null ? vmin : Double.NaN;
        double hi = vmax != null ? vmax : Double.NaN;
        if (vmin == null || vmax == null) {
            double[] range = range(v);
            lo = vmin != null ? vmin : range[0];
            hi = vmax != null ? vmax : range[1];
        }
        int[] table = Colormaps.table(cmap);
        boolean alpha = (nan >>> 24) != 0xFF;
        BufferedImage img = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        double[] row = new double[w];
        int[] px = new int[w];
        double span = hi - lo;
        for (int y = 0; y < h; y++) {
            ArrayStats.blocks(v.row(y), 0, w, (d, l, len) -> System.arraycopy(d, 0, row, 0, len));
            for (int x = 0; x < w; x++) {
                double val = row[x];
                if (!Double.isFinite(val)) {
                    px[x] = nan;
                    continue;
                }
                double norm = span == 0 || span != span ? 0 : (val - lo) / span; // matplotlib: vmin == vmax draws 0
                px[x] = 0xFF000000 | table[Colormaps.index(norm)];
            }
            img.setRGB(0, y, w, 1, px, 0, w);
        }
        return img;
    }

    /** Finite min and max of the drawn values, or the --clip percentiles of them. */
    private double[] range(NpyArray v) {
        if (clip != null) {
            double[] vals = new double[Math.toIntExact(v.size())];
            int[] n = {0};
            ArrayStats.blocks(v, 0, v.size(), (d, l, len) -> {
                for (int i = 0; i < len; i++) {
                    if (Double.isFinite(d[i])) {
                        vals[n[0]++] = d[i];
                    }
                }
            });
            double[] fin = java.util.Arrays.copyOf(vals, n[0]);
            java.util.Arrays.sort(fin);
            return new double[] {ArrayStats.percentile(fin, clip), ArrayStats.percentile(fin, 100 - clip)};
        }
        double[] r = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        ArrayStats.blocks(v, 0, v.size(), (d, l, len) -> {
            for (int i = 0; i < len; i++) {
                if (Double.isFinite(d[i])) {
                    r[0] = Math.min(r[0], d[i]);
                    r[1] = Math.max(r[1], d[i]);
                }
            }
        });
        return r[0] <= r[1] ? r : new double[] {0, 0};
    }
}
