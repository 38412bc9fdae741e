package io.npy4j.virtual;

import io.npy4j.MapMode;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyHeader;
import io.npy4j.Order;
import io.npy4j.array.BlockArray;
import io.npy4j.array.WindowArray;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.mapping.WindowFactory;
import io.npy4j.npz.NpzArchive;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Many files, one lazy array: blocks placed anywhere in the index space (any tiling, not only a grid), holes that
 * read as a fill value or are errors, blocks from {@code .npy} files, npz members, raw byte ranges of any file, or
 * Java readers. Reading a selection touches only the blocks it intersects, and maps only what it reads.
 *
 * <pre>{@code
 * NpyArray all = VirtualArrays.concat(0, "parts/part-*.npy");          // natural order: part-10 after part-9
 * NpyArray v = VirtualArrays.builder(ScalarType.FLOAT64, 100, 200)
 *         .add(new long[] {0, 0}, BlockSource.npy(Path.of("a.npy")))       // shape from the header
 *         .add(new long[] {50, 0}, BlockSource.raw(Path.of("img.tif"), 4096, ScalarType.parse(">f8"), Order.C, 50, 120))
 *         .fill(Double.NaN)                                                 // the rest is a hole
 *         .build();
 * }</pre>
 */
public final class VirtualArrays {
    private VirtualArrays() {
    }

    /** A builder of a virtual array of {@code dtype} and {@code shape}. */
    public static Builder builder(DType dtype, long... shape) {
        return new Builder(dtype, shape);
    }

    /** Collects blocks, then {@link #build()}s the array. */
    public static final class Builder {
        private final DType dtype;
        private final long[] shape;
        private final List<Block> blocks = new ArrayList<>();
        private NpyArray fill;
        private boolean holesAreErrors;
        private boolean writable;
        private String name = "<virtual>";

        private Builder(DType dtype, long[] shape) {
            this.dtype = dtype;
            this.shape = shape.clone();
            this.fill = Npy.zeros(dtype);
        }

        /** A block whose shape is its source's (read from the header for files and members). */
        public Builder add(long[] origin, BlockSource source) throws IOException {
            return add(new Block(origin, shapeOf(source), source));
        }

        public Builder add(Block block) {
            blocks.add(block);
            return this;
        }

        /** Holes read as {@code value} (default 0). */
        public Builder fill(double value) {
            NpyArray f = Npy.zeros(ScalarType.FLOAT64);
            f.setDouble(value);
            return fill(f);
        }

        /** Holes read as the single element of {@code value}, converted to the dtype. */
        public Builder fill(NpyArray value) {
            this.fill = value;
            this.holesAreErrors = false;
            return this;
        }

        /** Reading a hole is a {@code HOLE} error naming the index, as TensorStore does. */
        public Builder holesAreErrors() {
            this.holesAreErrors = true;
            return this;
        }

        /** Open blocks read-write: writes reach the block files in place (holes stay unwritable). */
        public Builder writable(boolean w) {
            this.writable = w;
            return this;
        }

        /** A name for messages (a manifest's path, say). */
        public Builder name(String n) {
            this.name = n;
            return this;
        }

        /**
         * The array. Blocks are validated against each other and the shape now (overlaps, bounds); their sources are
         * opened on first read, when dtype, shape and staleness are checked.
         *
         * @throws IllegalArgumentException naming the blocks if two overlap or one lies outside the shape
         */
        public NpyArray build() {
            List<BlockArray.Block> bs = new ArrayList<>();
            for (int i = 0; i < blocks.size(); i++) {
                Block b = blocks.get(i);
                int id = i;
                bs.add(new BlockArray.Block(b.origin(), b.shape(), () -> open(b, id, writable), describe(b.source())));
            }
            return BlockArray.of(dtype, shape, bs, holesAreErrors ? null : fill, writable, name);
        }

        /** The blocks added so far. */
        public List<Block> blocks() {
            return List.copyOf(blocks);
        }

        /**
         * This array written down, with a staleness guard for every file (its size and modification time now). The
         * fill value must be a number (or holes errors).
         */
        public Manifest manifest() throws IOException {
            Double f = holesAreErrors ? null : fill.getDouble(new long[fill.rank()]);
            return Manifest.of(dtype, shape, f, blocks);
        }
    }

    static String describe(BlockSource s) {
        if (s instanceof BlockSource.NpyFile f) {
            return f.path().toString();
        }
        if (s instanceof BlockSource.NpzMember m) {
            return m.archive() + ":" + m.member();
        }
        if (s instanceof BlockSource.RawBytes r) {
            return r.path() + "@" + r.offset();
        }
        return ((BlockSource.Reader) s).name();
    }

    /** The shape a source holds. */
    static long[] shapeOf(BlockSource s) throws IOException {
        if (s instanceof BlockSource.NpyFile f) {
            NpyHeader h = Npy.readHeader(f.path());
            return f.selection().resolve(h.shape().toArray(), h.fortranOrder()).shape();
        }
        if (s instanceof BlockSource.NpzMember m) {
            try (NpzArchive z = Npy.openNpz(m.archive())) {
                NpyHeader h = z.header(m.member());
                return m.selection().resolve(h.shape().toArray(), h.fortranOrder()).shape();
            }
        }
        if (s instanceof BlockSource.RawBytes r) {
            return r.shape();
        }
        throw new IllegalArgumentException("a reader block needs its shape: use add(new Block(origin, shape, source))");
    }

    private static NpyArray open(Block b, int id, boolean writable) throws IOException {
        BlockSource s = b.source();
        if (b.guard() != null) {
            Path p = s.file();
            if (p != null) {
                long size = Files.size(p);
                long mtime = Files.getLastModifiedTime(p).toMillis();
                if (size != b.guard().size() || mtime != b.guard().modifiedMillis()) {
                    throw new NpyFormatException(NpyFormatException.Kind.STALE_SOURCE, "block " + id + ": the file is "
                            + size + " bytes, modified at " + mtime + " ms, but the manifest recorded "
                            + b.guard().size() + " bytes, modified at " + b.guard().modifiedMillis() + " ms: it"
                            + " changed since", p, null, -1);
                }
            }
        }
        MapMode mode = writable ? MapMode.READ_WRITE : MapMode.READ_ONLY;
        if (s instanceof BlockSource.NpyFile f) {
            return Npy.map(f.path(), f.selection(), mode);
        }
        if (s instanceof BlockSource.NpzMember m) {
            try (NpzArchive z = Npy.openNpz(m.archive())) {
                return z.open(m.member(), m.selection(), mode, io.npy4j.MapOptions.defaults());
            }
        }
        if (s instanceof BlockSource.RawBytes r) {
            long need = r.offset() + r.length();
            long size = Files.size(r.path());
            if (size < need) {
                throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, "block " + id + ": raw range ["
                        + r.offset() + ", " + need + ") of " + r.dtype().typeString() + " "
                        + Arrays.toString(r.shape()) + " needs " + need + " bytes, the file has " + size,
                        r.path(), null, size);
            }
            return WindowArray.open(WindowFactory.open(r.path(), r.offset(), r.length(), writable
                    ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY), r.dtype(),
                    Selection.all().resolve(r.shape(), r.order() == Order.F), writable ? "r+" : "r");
        }
        return ((BlockSource.Reader) s).reader().open();
    }

    // --- conveniences -------------------------------------------------------------------------------------------

    /**
     * The files joined along {@code axis} ({@code np.concatenate(parts, axis)}), without materialising anything.
     * All must have the first file's dtype (either byte order) and rank, and equal extents on the other axes.
     */
    public static NpyArray concat(int axis, List<Path> files) throws IOException {
        return concatBuilder(axis, files).build();
    }

    /** {@link #concat(int, List)} of the files a glob such as {@code "parts/part-*.npy"} matches, in natural order. */
    public static NpyArray concat(int axis, String glob) throws IOException {
        return concat(axis, expand(glob));
    }

    /** The builder {@link #concat(int, List)} fills, for further blocks or options. */
    public static Builder concatBuilder(int axis, List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        NpyHeader first = Npy.readHeader(files.get(0));
        int rank = first.shape().rank();
        if (axis < 0) {
            axis += rank;
        }
        if (axis < 0 || axis >= rank) {
            throw new IllegalArgumentException("axis " + axis + " is out of bounds for arrays of dimension " + rank);
        }
        long[] total = first.shape().toArray();
        total[axis] = 0;
        List<long[]> shapes = new ArrayList<>();
        for (Path f : files) {
            NpyHeader h = Npy.readHeader(f);
            long[] s = h.shape().toArray();
            if (s.length != rank || !BlockArray.sameType(h.dtype(), first.dtype())) {
                throw new IllegalArgumentException(f + " holds " + h.dtype().descr() + " " + h.shape() + ", the first"
                        + " file " + first.dtype().descr() + " " + first.shape() + ": cannot concatenate");
            }
            for (int a = 0; a < rank; a++) {
                if (a != axis && s[a] != first.shape().dim(a)) {
                    throw new IllegalArgumentException("all the input array dimensions except for the concatenation"
                            + " axis must match exactly, but along dimension " + a + ", " + files.get(0) + " has size "
                            + first.shape().dim(a) + " and " + f + " has size " + s[a]);
                }
            }
            shapes.add(s);
            total[axis] += s[axis];
        }
        Builder b = builder(first.dtype(), total).name(files.get(0).getParent() + "/[" + files.size() + " files]");
        long at = 0;
        for (int i = 0; i < files.size(); i++) {
            long[] origin = new long[rank];
            origin[axis] = at;
            b.add(new Block(origin, shapes.get(i), BlockSource.npy(files.get(i))));
            at += shapes.get(i)[axis];
        }
        return b;
    }

    /** The files stacked along a new first axis ({@code np.stack(parts)}). */
    public static NpyArray stack(List<Path> files) throws IOException {
        return stackBuilder(files).build();
    }

    /** The builder {@link #stack(List)} fills. */
    public static Builder stackBuilder(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("nothing to stack");
        }
        NpyHeader first = Npy.readHeader(files.get(0));
        long[] s = first.shape().toArray();
        long[] total = new long[s.length + 1];
        total[0] = files.size();
        System.arraycopy(s, 0, total, 1, s.length);
        Builder b = builder(first.dtype(), total);
        long[] blockShape = total.clone();
        blockShape[0] = 1;
        for (int i = 0; i < files.size(); i++) {
            long[] origin = new long[total.length];
            origin[0] = i;
            b.add(new Block(origin, blockShape, BlockSource.npy(files.get(i))));
        }
        return b;
    }

    /**
     * Raw planes of {@code planeShape} at (path, offset) entries, stacked along a new first axis: the OME-TIFF case
     * of many XY matrices at known byte offsets in many files.
     */
    public static NpyArray stackRaw(ScalarType dtype, Order order, long[] planeShape, List<RawPlane> planes) {
        long[] total = new long[planeShape.length + 1];
        total[0] = planes.size();
        System.arraycopy(planeShape, 0, total, 1, planeShape.length);
        Builder b = builder(dtype.withEndianness(io.npy4j.dtype.Endianness.LITTLE), total);
        long[] blockShape = total.clone();
        blockShape[0] = 1;
        for (int i = 0; i < planes.size(); i++) {
            long[] origin = new long[total.length];
            origin[0] = i;
            b.add(new Block(origin, blockShape, new BlockSource.RawBytes(planes.get(i).path(),
                    planes.get(i).offset(), dtype, planeShape, order)));
        }
        return b.build();
    }

    /** One raw plane: a file and the byte offset of its data. */
    public record RawPlane(Path path, long offset) {
    }

    /**
     * A regular grid of {@code counts} files given in C order of the grid: block {@code (i, j)} sits after the
     * blocks before it on each axis (the first row and column of the grid set the extents).
     */
    public static NpyArray grid(long[] counts, List<Path> files) throws IOException {
        long n = 1;
        for (long c : counts) {
            n *= c;
        }
        if (n != files.size()) {
            throw new IllegalArgumentException("a grid of " + Arrays.toString(counts) + " needs " + n + " files, not "
                    + files.size());
        }
        int rank = counts.length;
        List<NpyHeader> hs = new ArrayList<>();
        for (Path f : files) {
            hs.add(Npy.readHeader(f));
        }
        long[][] edges = new long[rank][];
        long[] total = new long[rank];
        for (int a = 0; a < rank; a++) {
            edges[a] = new long[(int) counts[a] + 1];
            for (int i = 0; i < counts[a]; i++) {
                long[] pos = new long[rank];
                pos[a] = i;
                NpyHeader h = hs.get((int) flat(pos, counts));
                if (h.shape().rank() != rank) {
                    throw new IllegalArgumentException(files.get((int) flat(pos, counts)) + " has rank "
                            + h.shape().rank() + ", the grid " + rank);
                }
                edges[a][i + 1] = edges[a][i] + h.shape().dim(a);
            }
            total[a] = edges[a][(int) counts[a]];
        }
        Builder b = builder(hs.get(0).dtype(), total);
        long[] pos = new long[rank];
        for (int k = 0; k < files.size(); k++) {
            long rest = k;
            for (int a = rank - 1; a >= 0; a--) {
                pos[a] = rest % counts[a];
                rest /= counts[a];
            }
            long[] origin = new long[rank];
            long[] shape = new long[rank];
            for (int a = 0; a < rank; a++) {
                origin[a] = edges[a][(int) pos[a]];
                shape[a] = edges[a][(int) pos[a] + 1] - origin[a];
            }
            b.add(new Block(origin, shape, BlockSource.npy(files.get(k))));
        }
        return b.build();
    }

    private static long flat(long[] pos, long[] counts) {
        long k = 0;
        for (int a = 0; a < counts.length; a++) {
            k = k * counts[a] + pos[a];
        }
        return k;
    }

    /** The files a glob matches (the pattern applies to the last path element), in natural order. */
    public static List<Path> expand(String glob) throws IOException {
        Path p = Path.of(glob);
        Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p.getFileName().toString())) {
            for (Path f : s) {
                if (Files.isRegularFile(f)) {
                    out.add(f);
                }
            }
        }
        if (out.isEmpty()) {
            throw new java.nio.file.NoSuchFileException(glob, null, "no file matches");
        }
        out.sort(Comparator.comparing(f -> f.getFileName().toString(), VirtualArrays::natural));
        return out;
    }

    /** Natural order: runs of digits compare as numbers, so {@code part-10} follows {@code part-9}. */
    static int natural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int i2 = i;
                int j2 = j;
                while (i2 < a.length() && Character.isDigit(a.charAt(i2))) {
                    i2++;
                }
                while (j2 < b.length() && Character.isDigit(b.charAt(j2))) {
                    j2++;
                }
                String na = a.substring(i, i2).replaceFirst("^0+(?=.)", "");
                String nb = b.substring(j, j2).replaceFirst("^0+(?=.)", "");
                int c = na.length() != nb.length() ? Integer.compare(na.length(), nb.length()) : na.compareTo(nb);
                if (c != 0) {
                    return c;
                }
                i = i2;
                j = j2;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
