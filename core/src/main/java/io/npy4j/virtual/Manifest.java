package io.npy4j.virtual;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.npy4j.AtomicFile;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyHeader;
import io.npy4j.Order;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A virtual array written down: dtype, shape, fill value and blocks, as JSON that other tools can read. Block entries
 * mirror VirtualiZarr's chunk entries ({@code path}, {@code offset}, {@code length}; paths relative to the manifest or
 * absolute {@code file://} URIs) and add what a grid manifest lacks: each block's {@code origin} and {@code shape},
 * the {@code format} of its source ({@code npy}, {@code npz} with {@code member}, {@code raw} with {@code dtype} and
 * {@code order}), an optional {@code selection}, and a staleness guard ({@code size}, {@code mtime_ms}) checked when
 * the block is opened. SPEC.md §14 has the schema.
 *
 * @param fill the value holes read as; null when reading a hole is an error
 */
public record Manifest(DType dtype, long[] shape, Double fill, List<Block> blocks) {
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    public Manifest {
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        blocks = List.copyOf(blocks);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * A manifest of {@code blocks} with a staleness guard for each file-backed block (its file's size and
     * modification time now).
     */
    public static Manifest of(DType dtype, long[] shape, Double fill, List<Block> blocks) throws IOException {
        List<Block> guarded = new ArrayList<>();
        for (Block b : blocks) {
            Path p = b.source().file();
            guarded.add(p == null || b.guard() != null ? b : new Block(b.origin(), b.shape(), b.source(),
                    new Block.FileGuard(Files.size(p), Files.getLastModifiedTime(p).toMillis())));
        }
        return new Manifest(dtype, shape, fill, guarded);
    }

    /** The virtual array (read-only, or with blocks opened for writing). */
    public NpyArray open(boolean writable) {
        VirtualArrays.Builder b = VirtualArrays.builder(dtype, shape).writable(writable);
        if (fill == null) {
            b.holesAreErrors();
        } else {
            b.fill(fill);
        }
        blocks.forEach(b::add);
        return b.build();
    }

    // --- JSON ---------------------------------------------------------------------------------------------------

    /** Writes the manifest atomically; paths under the manifest's directory are written relative to it. */
    public void write(Path file) throws IOException {
        if (file.getFileName().toString().endsWith(".npz")) {
            ColumnarManifest.write(this, file); // the columnar form, for millions of blocks
            return;
        }
        Path base = file.toAbsolutePath().getParent();
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeNumberField("npy4j_virtual", VERSION);
            g.writeStringField("dtype", descr(dtype));
            longs(g, "shape", shape);
            fillValue(g, fill);
            g.writeArrayFieldStart("blocks");
            for (Block b : blocks) {
                g.writeStartObject();
                longs(g, "origin", b.origin());
                longs(g, "shape", b.shape());
                BlockSource s = b.source();
                Path p = s.file();
                if (p == null) {
                    throw new IllegalArgumentException("a block read by Java code cannot be written to a manifest: "
                            + s);
                }
                g.writeStringField("path", relative(base, p));
                if (s instanceof BlockSource.NpyFile f) {
                    NpyHeader h = Npy.readHeader(f.path());
                    g.writeStringField("format", "npy");
                    g.writeNumberField("offset", h.dataOffset());
                    g.writeNumberField("length", h.dataLength());
                    selection(g, f.selection());
                } else if (s instanceof BlockSource.NpzMember m) {
                    g.writeStringField("format", "npz");
                    g.writeStringField("member", m.member());
                    selection(g, m.selection());
                } else {
                    BlockSource.RawBytes r = (BlockSource.RawBytes) s;
                    g.writeStringField("format", "raw");
                    g.writeNumberField("offset", r.offset());
                    g.writeNumberField("length", r.length());
                    g.writeStringField("dtype", r.dtype().typeString());
                    longs(g, "raw_shape", r.shape());
                    g.writeStringField("order", r.order().name());
                }
                if (b.guard() != null) {
                    g.writeNumberField("size", b.guard().size());
                    g.writeNumberField("mtime_ms", b.guard().modifiedMillis());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, ch -> Channels.newOutputStream(ch).write(bytes));
    }

    /** {@code "fill_value"}: a number, "NaN"/"Infinity"/"-Infinity" as zarr spells them, or null. */
    private static void fillValue(JsonGenerator g, Double fill) throws IOException {
        if (fill == null) {
            g.writeNullField("fill_value");
        } else if (Double.isNaN(fill) || Double.isInfinite(fill)) {
            g.writeStringField("fill_value", Double.isNaN(fill) ? "NaN" : fill > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumberField("fill_value", fill);
        }
    }

    private static void selection(JsonGenerator g, Selection s) throws IOException {
        String text = selectionText(s);
        if (!text.isEmpty()) {
            g.writeStringField("selection", text);
        }
    }

    /** A selection as manifest text: {@code ""} for all of it, else its index expression. */
    static String selectionText(Selection s) {
        if (!(s instanceof io.npy4j.select.IndexExpression)) {
            throw new IllegalArgumentException("only index expressions (Selection.parse) go into a manifest, not " + s);
        }
        return s.equals(Selection.all()) ? "" : s.toString();
    }

    private static boolean isZip(Path f) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(f)) {
            byte[] b = in.readNBytes(2);
            return b.length == 2 && b[0] == 'P' && b[1] == 'K';
        }
    }

    /**
     * Blocks this JVM's heap can hold (about 2 KiB each with their index, counted against half the heap), unless
     * {@code -Dnpy4j.virtual.maxBlocks} says otherwise: a manifest of more is a {@code MANIFEST} error saying to raise
     * {@code -Xmx}, not an {@code OutOfMemoryError} half-way.
     */
    static long maxBlocks() {
        return Long.getLong("npy4j.virtual.maxBlocks", Runtime.getRuntime().maxMemory() / 2 / 2048);
    }

    static void checkBlockCount(long n, Path file) throws NpyFormatException {
        long max = maxBlocks();
        if (n > max) {
            throw new NpyFormatException(NpyFormatException.Kind.MANIFEST, "the manifest has more than " + max
                    + " blocks, more than this JVM's heap holds (about 2 KiB per block against half of -Xmx " + (Runtime
                    .getRuntime().maxMemory() >> 20) + " MiB): raise -Xmx (JAVA_OPTS for the CLIs) or"
                    + " -Dnpy4j.virtual.maxBlocks", file, null, -1);
        }
    }

    /** The manifest's own fields (no blocks) as JSON: the header of the columnar form. */
    String headerJson() throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
            g.writeStartObject();
            g.writeNumberField("npy4j_virtual", VERSION);
            g.writeStringField("dtype", descr(dtype));
            longs(g, "shape", shape);
            fillValue(g, fill);
            g.writeEndObject();
        }
        return text.toString();
    }

    /** The header of the columnar form, read as a manifest without blocks. */
    static Manifest parseHeaderJson(String json, Path file) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            return parse(p, file.toAbsolutePath().getParent(), file);
        }
    }

    private static String descr(DType t) {
        return t instanceof ScalarType s ? s.typeString() : t.descr();
    }

    private static DType parseDescr(String text) {
        String t = text.strip();
        return t.startsWith("[") || t.startsWith("'") || t.startsWith("\"") ? DType.parse(t) : ScalarType.parse(t);
    }

    static String relative(Path base, Path p) {
        Path a = p.toAbsolutePath().normalize();
        if (base != null && a.startsWith(base.normalize())) {
            return base.normalize().relativize(a).toString();
        }
        return a.toUri().toString();
    }

    private static void longs(JsonGenerator g, String name, long[] v) throws IOException {
        g.writeArrayFieldStart(name);
        for (long x : v) {
            g.writeNumber(x);
        }
        g.writeEndArray();
    }

    /**
     * Reads a manifest; block paths resolve against the manifest's directory.
     *
     * @throws NpyFormatException {@code MANIFEST} naming the manifest, the block and what is wrong
     */
    public static Manifest read(Path file) throws IOException {
        if (isZip(file)) {
            return ColumnarManifest.read(file);
        }
        Path base = file.toAbsolutePath().getParent();
        long size = Files.size(file);
        if (size > (256L << 20)) {
            throw new NpyFormatException(NpyFormatException.Kind.MANIFEST, "manifest of " + size + " bytes is larger"
                    + " than the 256 MiB limit", file, null, -1);
        }
        try (JsonParser p = new JsonFactory().createParser(Files.newInputStream(file))) {
            return parse(p, base, file);
        } catch (NpyFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            NpyFormatException x = new NpyFormatException(NpyFormatException.Kind.MANIFEST, "not a manifest: "
                    + e.getMessage(), file, null, -1);
            x.initCause(e);
            throw x;
        }
    }

    private static Manifest parse(JsonParser p, Path base, Path file) throws IOException {
        expect(p.nextToken() == JsonToken.START_OBJECT, "a JSON object", file, -1);
        DType dtype = null;
        long[] shape = null;
        Double fill = 0.0;
        Integer version = null;
        List<Block> blocks = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "npy4j_virtual":
                    version = p.getIntValue();
                    break;
                case "dtype":
                    dtype = parseDescr(p.getText());
                    break;
                case "shape":
                    shape = longs(p, file, -1, "shape");
                    break;
                case "fill_value":
                    fill = t == JsonToken.VALUE_NULL ? null : t == JsonToken.VALUE_STRING
                            ? Double.parseDouble(p.getText()) : p.getDoubleValue();
                    break;
                case "blocks":
                    expect(t == JsonToken.START_ARRAY, "blocks to be an array", file, -1);
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        checkBlockCount(blocks.size() + 1, file);
                        blocks.add(block(p, base, file, blocks.size()));
                    }
                    break;
                default:
                    p.skipChildren(); // unknown keys: room for later versions and other tools' fields
            }
        }
        expect(version != null && version == VERSION, "\"npy4j_virtual\": " + VERSION, file, -1);
        expect(dtype != null && shape != null, "\"dtype\" and \"shape\"", file, -1);
        return new Manifest(dtype, shape, fill, blocks);
    }

    private static Block block(JsonParser p, Path base, Path file, int id) throws IOException {
        long[] origin = null;
        long[] shape = null;
        long[] rawShape = null;
        String path = null;
        String format = "npy";
        String member = null;
        String selection = null;
        String dtype = null;
        String order = "C";
        long offset = 0;
        Long size = null;
        Long mtime = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            switch (key) {
                case "origin" -> origin = longs(p, file, id, "origin");
                case "shape" -> shape = longs(p, file, id, "shape");
                case "raw_shape" -> rawShape = longs(p, file, id, "raw_shape");
                case "path" -> path = p.getText();
                case "format" -> format = p.getText();
                case "member" -> member = p.getText();
                case "selection" -> selection = p.getText();
                case "dtype" -> dtype = p.getText();
                case "order" -> order = p.getText();
                case "offset" -> offset = p.getLongValue();
                case "size" -> size = p.getLongValue();
                case "mtime_ms" -> mtime = p.getLongValue();
                default -> p.skipChildren(); // "length" is informational for npy; checked for raw below
            }
        }
        expect(origin != null && shape != null, "\"origin\" and \"shape\" in every block", file, id);
        expect(path != null && !path.isEmpty(), "a \"path\" (a hole is simply not listed)", file, id);
        Path f = path.startsWith("file:") ? Path.of(URI.create(path)) : base.resolve(path);
        Selection sel = selection == null ? Selection.all() : Selection.parse(selection);
        BlockSource src;
        switch (format) {
            case "npy" -> src = new BlockSource.NpyFile(f, sel);
            case "npz" -> {
                expect(member != null, "a \"member\" for an npz block", file, id);
                src = new BlockSource.NpzMember(f, member, sel);
            }
            case "raw" -> {
                expect(dtype != null, "a \"dtype\" for a raw block", file, id);
                expect(order.equals("C") || order.equals("F"), "\"order\" C or F", file, id);
                src = new BlockSource.RawBytes(f, offset, ScalarType.parse(dtype), rawShape != null ? rawShape
                        : shape, Order.valueOf(order));
            }
            default -> throw new NpyFormatException(NpyFormatException.Kind.MANIFEST, "block " + id + ": unknown"
                    + " format " + io.npy4j.literal.Excerpt.of(format) + " (npy, npz or raw)", file, null, -1);
        }
        Block.FileGuard guard = size != null && mtime != null ? new Block.FileGuard(size, mtime) : null;
        return new Block(origin, shape, src, guard);
    }

    private static long[] longs(JsonParser p, Path file, int id, String what) throws IOException {
        expect(p.currentToken() == JsonToken.START_ARRAY, "\"" + what + "\" to be an array of integers", file, id);
        List<Long> v = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
            v.add(p.getLongValue());
            expect(v.size() <= 64, "at most 64 entries in \"" + what + "\"", file, id);
        }
        expect(p.currentToken() == JsonToken.END_ARRAY, "\"" + what + "\" to hold integers only", file, id);
        return v.stream().mapToLong(Long::longValue).toArray();
    }

    private static void expect(boolean ok, String what, Path file, int block) throws NpyFormatException {
        if (!ok) {
            throw new NpyFormatException(NpyFormatException.Kind.MANIFEST, (block >= 0 ? "block " + block + ": " : "")
                    + "expected " + what, file, null, -1);
        }
    }

    // --- kerchunk -----------------------------------------------------------------------------------------------

    /**
     * Writes kerchunk version 0 references, so that Python's zarr/xarray/fsspec open this array: each block becomes
     * one uncompressed zarr v2 chunk {@code [url, offset, length]}; holes are missing chunks (the fill value).
     *
     * @throws IllegalArgumentException unless the blocks form a regular grid of whole {@code .npy} files or raw
     *     ranges, all of one byte order and memory order, every block the shape of the grid's chunk
     */
    public void writeKerchunk(Path out) throws IOException {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no blocks: nothing to reference");
        }
        long[] chunk = blocks.get(0).shape();
        String chunkDtype = null;
        String memOrder = null;
        StringWriter text = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(text)) {
            g.writeStartObject();
            for (int i = 0; i < blocks.size(); i++) {
                Block b = blocks.get(i);
                long[] o = b.origin();
                StringBuilder key = new StringBuilder();
                for (int a = 0; a < o.length; a++) {
                    if (o[a] % chunk[a] != 0 || !Arrays.equals(b.shape(), chunk)) {
                        throw new IllegalArgumentException("block " + i + " (origin " + Arrays.toString(o) + ", shape "
                                + Arrays.toString(b.shape()) + ") is not a chunk of the regular grid "
                                + Arrays.toString(chunk) + ": kerchunk needs one chunk shape");
                    }
                    key.append(a > 0 ? "." : "").append(o[a] / chunk[a]);
                }
                String url;
                long offset;
                long length;
                String dt;
                String ord;
                BlockSource s = b.source();
                if (s instanceof BlockSource.NpyFile f && f.selection().equals(Selection.all())) {
                    NpyHeader h = Npy.readHeader(f.path());
                    url = f.path().toAbsolutePath().toUri().toString();
                    offset = h.dataOffset();
                    length = h.dataLength();
                    dt = descr(h.dtype());
                    ord = h.fortranOrder() ? "F" : "C";
                } else if (s instanceof BlockSource.RawBytes r) {
                    url = r.path().toAbsolutePath().toUri().toString();
                    offset = r.offset();
                    length = r.length();
                    dt = r.dtype().typeString();
                    ord = r.order().name();
                } else {
                    throw new IllegalArgumentException("block " + i + " (" + s + ") is not a whole .npy file or raw"
                            + " range: kerchunk cannot reference it uncompressed");
                }
                if (chunkDtype == null) {
                    chunkDtype = dt;
                    memOrder = ord;
                } else if (!chunkDtype.equals(dt) || !memOrder.equals(ord)) {
                    throw new IllegalArgumentException("block " + i + " stores " + dt + " in order " + ord
                            + ", block 0 " + chunkDtype + " in order " + memOrder + ": zarr needs one of each");
                }
                g.writeArrayFieldStart(key.toString());
                g.writeString(url);
                g.writeNumber(offset);
                g.writeNumber(length);
                g.writeEndArray();
            }
            StringWriter zarray = new StringWriter();
            try (JsonGenerator z = new JsonFactory().createGenerator(zarray)) {
                z.writeStartObject();
                longs(z, "chunks", chunk);
                z.writeNullField("compressor");
                z.writeStringField("dtype", chunkDtype);
                fillValue(z, fill);
                z.writeNullField("filters");
                z.writeStringField("order", memOrder);
                longs(z, "shape", shape);
                z.writeNumberField("zarr_format", 2);
                z.writeEndObject();
            }
            g.writeStringField(".zarray", zarray.toString());
            g.writeStringField(".zattrs", "{}");
            g.writeEndObject();
        }
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(out, ch -> Channels.newOutputStream(ch).write(bytes));
    }
}
