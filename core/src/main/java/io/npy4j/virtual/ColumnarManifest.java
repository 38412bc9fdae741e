package io.npy4j.virtual;

import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import io.npy4j.Order;
import io.npy4j.array.HeapArrays;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.Endianness;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.dtype.TypeCode;
import io.npy4j.npz.NpzArchive;
import io.npy4j.npz.NpzWriter;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columnar form of a manifest, for millions of blocks: an {@code .npz} (deflated) with one array per field, so
 * that NumPy reads it too ({@code np.load("m.npz")["origin"]}). Members: {@code header} (the JSON manifest without
 * blocks, as one {@code S} string), {@code origin} and {@code shape} ({@code int64 (B, rank)}), {@code path} (index
 * into {@code paths}, {@code int32 (B,)}), {@code paths} ({@code U}), {@code format} ({@code uint8}: 0 npy, 1 npz,
 * 2 raw), {@code offset}, {@code size}, {@code mtime_ms} ({@code int64}; -1: no guard), {@code member},
 * {@code selection} and {@code raw_dtype} ({@code U}; empty when not used), {@code raw_order} ({@code S1}).
 */
final class ColumnarManifest {
    private ColumnarManifest() {
    }

    static void write(Manifest m, Path file) throws IOException {
        Path base = file.toAbsolutePath().getParent();
        List<Block> blocks = m.blocks();
        int n = blocks.size();
        int rank = m.shape().length;
        long[] origin = new long[n * rank];
        long[] shape = new long[n * rank];
        int[] pathIndex = new int[n];
        byte[] format = new byte[n];
        long[] offset = new long[n];
        long[] size = new long[n];
        long[] mtime = new long[n];
        String[] member = new String[n];
        String[] selection = new String[n];
        String[] rawDtype = new String[n];
        byte[] rawOrder = new byte[n];
        Map<String, Integer> paths = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Block b = blocks.get(i);
            System.arraycopy(b.origin(), 0, origin, i * rank, rank);
            System.arraycopy(b.shape(), 0, shape, i * rank, rank);
            BlockSource s = b.source();
            if (s.file() == null) {
                throw new IllegalArgumentException("block " + i + " is read by Java code: it cannot be written down");
            }
            pathIndex[i] = paths.computeIfAbsent(Manifest.relative(base, s.file()), k -> paths.size());
            member[i] = "";
            selection[i] = "";
            rawDtype[i] = "";
            rawOrder[i] = 'C';
            if (s instanceof BlockSource.NpyFile f) {
                format[i] = 0;
                selection[i] = Manifest.selectionText(f.selection());
            } else if (s instanceof BlockSource.NpzMember z) {
                format[i] = 1;
                member[i] = z.member();
                selection[i] = Manifest.selectionText(z.selection());
            } else {
                BlockSource.RawBytes r = (BlockSource.RawBytes) s;
                format[i] = 2;
                offset[i] = r.offset();
                rawDtype[i] = r.dtype().typeString();
                rawOrder[i] = (byte) r.order().name().charAt(0);
            }
            size[i] = b.guard() == null ? -1 : b.guard().size();
            mtime[i] = b.guard() == null ? -1 : b.guard().modifiedMillis();
        }
        try (NpzWriter w = Npy.newNpz(file, true)) {
            w.add("header", bytes(m.headerJson()));
            w.add("origin", Npy.array(origin, n, rank));
            w.add("shape", Npy.array(shape, n, rank));
            w.add("path", Npy.array(pathIndex, n));
            w.add("paths", unicode(paths.keySet().toArray(String[]::new)));
            w.add("format", Npy.array(format, ScalarType.UINT8, Order.C, n));
            w.add("offset", Npy.array(offset, n));
            w.add("size", Npy.array(size, n));
            w.add("mtime_ms", Npy.array(mtime, n));
            w.add("member", unicode(member));
            w.add("selection", unicode(selection));
            w.add("raw_dtype", unicode(rawDtype));
            w.add("raw_order", HeapArrays.wrap(rawOrder, ScalarType.of(TypeCode.BYTES, Endianness.NOT_APPLICABLE, 1),
                    Shape.of(n), Order.C, false));
        }
    }

    static Manifest read(Path file) throws IOException {
        Path base = file.toAbsolutePath().getParent();
        try (NpzArchive z = Npy.openNpz(file)) {
            Manifest head = Manifest.parseHeaderJson(z.read("header").getString(new long[0]), file);
            Manifest.checkBlockCount(z.header("path").shape().size(), file); // before any column is read
            int rank = head.shape().length;
            long[] origin = z.read("origin").asLongArray();
            long[] shape = z.read("shape").asLongArray();
            int[] pathIndex = z.read("path").asIntArray();
            String[] paths = z.read("paths").asStrings();
            NpyArray formatArray = z.read("format");
            long[] offset = z.read("offset").asLongArray();
            long[] size = z.read("size").asLongArray();
            long[] mtime = z.read("mtime_ms").asLongArray();
            String[] member = z.read("member").asStrings();
            String[] selection = z.read("selection").asStrings();
            String[] rawDtype = z.read("raw_dtype").asStrings();
            String[] rawOrder = z.read("raw_order").asStrings();
            int n = pathIndex.length;
            if (origin.length != (long) n * rank || shape.length != (long) n * rank || offset.length != n
                    || formatArray.size() != n || member.length != n || selection.length != n
                    || rawDtype.length != n || rawOrder.length != n || size.length != n || mtime.length != n) {
                throw new NpyFormatException(NpyFormatException.Kind.MANIFEST, "the columns of the columnar manifest"
                        + " have different lengths (" + n + " blocks of rank " + rank + ")", file, null, -1);
            }
            List<Block> blocks = new ArrayList<>(n);
            Map<Integer, Path> resolved = new HashMap<>();
            for (int i = 0; i < n; i++) {
                int pi = pathIndex[i];
                if (pi < 0 || pi >= paths.length) {
                    throw new NpyFormatException(NpyFormatException.Kind.MANIFEST, "block " + i + ": path index " + pi
                            + " outside the " + paths.length + " paths", file, null, -1);
                }
                Path f = resolved.computeIfAbsent(pi, k -> paths[k].startsWith("file:")
                        ? Path.of(URI.create(paths[k])) : base.resolve(paths[k]));
                long[] o = java.util.Arrays.copyOfRange(origin, i * rank, (i + 1) * rank);
                long[] s = java.util.Arrays.copyOfRange(shape, i * rank, (i + 1) * rank);
                Selection sel = selection[i].isEmpty() ? Selection.all() : Selection.parse(selection[i]);
                int code = (int) formatArray.getLong(i);
                BlockSource src = switch (code) {
                    case 0 -> new BlockSource.NpyFile(f, sel);
                    case 1 -> new BlockSource.NpzMember(f, member[i], sel);
                    case 2 -> new BlockSource.RawBytes(f, offset[i], ScalarType.parse(rawDtype[i]), s,
                            Order.valueOf(rawOrder[i].isEmpty() ? "C" : rawOrder[i]));
                    default -> throw new NpyFormatException(NpyFormatException.Kind.MANIFEST, "block " + i
                            + ": unknown format code " + code + " (0 npy, 1 npz, 2 raw)", file, null, -1);
                };
                Block.FileGuard g = size[i] >= 0 && mtime[i] >= 0 ? new Block.FileGuard(size[i], mtime[i]) : null;
                blocks.add(new Block(o, s, src, g));
            }
            return new Manifest(head.dtype(), head.shape(), head.fill(), blocks);
        } catch (NpyFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            NpyFormatException x = new NpyFormatException(NpyFormatException.Kind.MANIFEST, "not a columnar manifest: "
                    + e.getMessage(), file, null, -1);
            x.initCause(e);
            throw x;
        }
    }

    /** A 0-d {@code S} array of UTF-8 bytes. */
    private static NpyArray bytes(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        DType t = ScalarType.of(TypeCode.BYTES, Endianness.NOT_APPLICABLE, Math.max(1, b.length));
        byte[] data = java.util.Arrays.copyOf(b, Math.max(1, b.length));
        return HeapArrays.wrap(data, t, Shape.scalar(), Order.C, false);
    }

    /** A 1-D little-endian {@code U} array of the strings, as wide as the longest. */
    private static NpyArray unicode(String[] s) {
        int width = 1;
        for (String x : s) {
            width = Math.max(width, x.codePointCount(0, x.length()));
        }
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(Math.multiplyExact(s.length, width), 4))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < s.length; i++) {
            int at = i * width * 4;
            int k = 0;
            for (int cp : s[i].codePoints().toArray()) {
                b.putInt(at + 4 * k++, cp);
            }
        }
        DType t = ScalarType.of(TypeCode.UNICODE, Endianness.LITTLE, 4L * width);
        return HeapArrays.wrap(b.array(), t, Shape.of(s.length), Order.C, false);
    }
}
