package io.npy4j;

import io.npy4j.array.DataWriter;
import io.npy4j.array.HeapArrays;
import io.npy4j.array.Parallel;
import io.npy4j.array.WindowArray;
import io.npy4j.dtype.Casting;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.JavaType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.format.HeaderReader;
import io.npy4j.format.HeaderWriter;
import io.npy4j.mapping.ByteWindow;
import io.npy4j.mapping.WindowFactory;
import io.npy4j.select.CopyPlan;
import io.npy4j.select.Region;
import io.npy4j.select.Selection;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The front door of npy4j: static verbs over {@code .npy} files, streams and bytes.
 *
 * <ul>
 *   <li>{@link #readHeader}: the header only (dtype, shape, order, data offset), whatever the file size;</li>
 *   <li>{@link #read}: a whole array into memory, as {@code np.load};</li>
 *   <li>{@link #map}: a window of a file of any size, mapped lazily in bounded chunks, as
 *       {@code np.load(mmap_mode=...)};</li>
 *   <li>{@link #save}: any array (in memory, mapped, a view of either) as {@code np.save} writes it, atomically to a
 *       path;</li>
 *   <li>{@link #array}: an in-memory array from Java arrays.</li>
 * </ul>
 */
public final class Npy {
    /**
     * Whole-file reads move this many bytes per read call. A read into a heap array goes through the JDK's per-thread
     * temporary direct buffer of the same size, which stays cached: 1 MiB keeps that small, and measured as fast as
     * 8 MiB or 256 KiB for a 1 GiB read (64 MiB was ~12 % slower).
     */
    private static final int READ_STEP = 1 << 20;
    /**
     * Stream reads ask for at most this many bytes per call: FileInputStream.read(b, off, len) mallocs a native buffer
     * of len bytes per call, so one read of the whole 1 GiB cost ~1.8x a channel read; 64 KiB to 8 MiB all measure
     * level with read(Path).
     */
    private static final int STREAM_STEP = 1 << 20;
    /** Stream reads start with a buffer of at most this size and grow it fourfold as data arrives. */
    private static final int GROW_FROM = 16 << 20;

    private Npy() {
    }

    // --- headers ------------------------------------------------------------------------------------------------

    /**
     * Reads the header of an {@code .npy} file, touching only the header bytes (cost is O(header size), not O(file
     * size)), and checks the file is long enough for the data the header promises.
     *
     * @throws NpyFormatException naming the file and byte offset if the header is invalid
     *     ({@link NpyFormatException.Kind}) or the file is shorter than {@code dataOffset + dataLength}
     *     ({@code DATA_TRUNCATED}; not checked for object dtypes, whose pickle length is unknown)
     * @throws IOException if the file cannot be read
     */
    public static NpyHeader readHeader(Path file) throws IOException {
        return readHeader(file, HeaderReader.DEFAULT_MAX_HEADER_SIZE);
    }

    /** As {@link #readHeader(Path)}, accepting HEADER_LEN up to {@code maxHeaderSize} bytes. */
    public static NpyHeader readHeader(Path file, int maxHeaderSize) throws IOException {
        try (FileChannel ch = openRead(file)) {
            return readHeader(ch, file, maxHeaderSize);
        }
    }

    /** The first read of a file asks for this much: np.save writes 128 header bytes, rarely more than 4 KiB. */
    private static final int HEAD_BYTES = 4096;

    /**
     * Reads the header with one positional read of the first 4 KiB where the header fits (syscalls: open, fstat,
     * pread, close; the cost of a header read), else from the channel.
     */
    private static NpyHeader readHeader(FileChannel ch, Path file, int maxHeaderSize) throws IOException {
        try {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, HEAD_BYTES));
            while (head.hasRemaining() && ch.read(head, head.position()) >= 0) {
                // a short read (a pipe-like file system) asks again
            }
            NpyHeader h = HeaderReader.readPrefix(head.array(), head.position(), maxHeaderSize, size);
            if (h == null) {
                ch.position(0);
                h = HeaderReader.read(ch, maxHeaderSize, size);
            }
            requireData(h, size, null);
            return h;
        } catch (IOException e) {
            // Linux opens a directory, then fails its reads: checked on failure only, not by a stat per header
            if (!(e instanceof FileSystemException) && Files.isDirectory(file)) {
                throw new FileSystemException(file.toString(), null, "is a directory, not an .npy file");
            }
            throw e instanceof NpyFormatException f ? f.withFile(file) : e;
        }
    }

    /** Opens for reading. */
    private static FileChannel openRead(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * Reads a header from a channel positioned at the magic string, consuming exactly the header: the channel is
     * left at the first data byte. The data itself is not checked (the stream's length is unknown).
     */
    public static NpyHeader readHeader(ReadableByteChannel in) throws IOException {
        return HeaderReader.read(in, HeaderReader.DEFAULT_MAX_HEADER_SIZE, -1);
    }

    /** As {@link #readHeader(ReadableByteChannel)}: reads exactly the header bytes from the stream. */
    public static NpyHeader readHeader(InputStream in) throws IOException {
        return readHeader(Channels.newChannel(in));
    }

    /**
     * Reads the header at the start of {@code bytes} (for example the first kilobytes of an npz member or a network
     * response). The array need not hold the data.
     */
    public static NpyHeader readHeader(byte[] bytes) throws NpyFormatException {
        try {
            return HeaderReader.read(bytes, HeaderReader.DEFAULT_MAX_HEADER_SIZE);
        } catch (NpyFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory cannot fail", e);
        }
    }

    /**
     * The header bytes (magic, version, HEADER_LEN, text, padding, newline) exactly as {@code np.save} writes them for
     * {@code header}; the text is padded to {@code header.headerLength()}.
     */
    public static byte[] encodeHeader(NpyHeader header) {
        return HeaderWriter.encode(header);
    }

    /**
     * The header {@code np.save} writes for {@code array} saved in {@code order} (null: the array's own order):
     * {@code fortran_order} is True only when Fortran order differs from C order for the shape (at least two axes
     * longer than 1, no empty axis), as NumPy decides it.
     */
    public static NpyHeader headerFor(NpyArray array, Order order) {
        Shape shape = array.shape();
        int longAxes = 0;
        for (long d : shape.toArray()) {
            longAxes += d > 1 ? 1 : 0;
        }
        Order o = order == null ? array.order() : order;
        return NpyHeader.of(array.dtype(), shape, o == Order.F && longAxes >= 2 && shape.size() > 0);
    }

    // --- whole arrays in memory ---------------------------------------------------------------------------------

    /**
     * Reads a whole {@code .npy} file into memory ({@code np.load(file)}): a writable in-memory array of the file's
     * dtype, shape and order.
     *
     * @throws NpyFormatException as {@link #readHeader(Path)}; {@code OBJECT_DTYPE} for pickled data;
     *     {@code TOO_LARGE} when the data exceeds 2^31-1 bytes (map it with {@link #map} instead)
     */
    public static NpyArray read(Path file) throws IOException {
        try (FileChannel ch = openRead(file)) {
            NpyHeader h = readHeader(ch, file, HeaderReader.DEFAULT_MAX_HEADER_SIZE);
            byte[] data = allocate(h, file);
            if (data.length >= MAPPED_READ && file.getFileSystem() == java.nio.file.FileSystems.getDefault()) {
                copyMapped(file, h.dataOffset(), data);
                return wrap(h, data);
            }
            ByteBuffer b = ByteBuffer.wrap(data);
            long pos = h.dataOffset();
            while (b.position() < data.length) { // not hasRemaining(): the limit is one step, set below
                b.limit(Math.min(data.length, b.position() + READ_STEP));
                int n = ch.read(b, pos);
                if (n < 0) {
                    throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, "file ended after "
                            + b.position() + " of " + data.length + " data bytes (was it truncated while read?)",
                            file, null, pos);
                }
                pos += n;
            }
            return wrap(h, data);
        }
    }

    /** Whole-file reads of at least this many bytes copy from a mapping: one copy instead of two. */
    private static final int MAPPED_READ = 4 << 20;
    private static final long MAPPED_STEP = 64L << 20;
    /** Each copying thread gets at least this many bytes: below it a thread costs more than it saves. */
    private static final long PER_THREAD = 64L << 20;

    /**
     * Copies {@code data.length} bytes from {@code offset} of the file through a mapping of 64 MiB at a time, unmapped
     * as it goes: a read syscall copies the page cache into a temporary direct buffer and then into the heap, a
     * mapping straight into the heap. Large reads split the range into one contiguous part per core (at most 4, or
     * {@code -Dnpy4j.read.threads}; at least 64 MiB each), copied in parallel through {@link Parallel}: the copy and
     * the page faults are CPU work. The window checks the file length per copy, so a truncation is an error.
     */
    private static void copyMapped(Path file, long offset, byte[] data) throws IOException {
        int cores = Integer.getInteger("npy4j.read.threads", Math.min(4, Runtime.getRuntime().availableProcessors()));
        int threads = (int) Math.max(1, Math.min(cores, data.length / PER_THREAD));
        try (ByteWindow w = WindowFactory.open(file, offset, data.length, FileChannel.MapMode.READ_ONLY, MAPPED_STEP,
                2 * threads, false)) {
            if (threads == 1) {
                copyPart(w, data, 0, data.length);
            } else { // parts of whole MiBs; the window is closed only once every part is done with it
                long mibs = ((long) data.length + (1 << 20) - 1) >> 20;
                Parallel.run(mibs, threads, (first, count) -> copyPart(w, data, (int) (first << 20),
                        (int) Math.min(data.length, (first + count) << 20)));
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void copyPart(ByteWindow w, byte[] data, int from, int to) {
        for (int at = from; at < to; ) {
            int n = (int) Math.min(MAPPED_STEP, to - at);
            w.copy(at, io.npy4j.mapping.ElementKind.BYTE, java.nio.ByteOrder.LITTLE_ENDIAN, data, at, n, false);
            at += n;
        }
    }

    /**
     * Reads a whole array from a stream positioned at the magic string, consuming exactly the header and data. A
     * {@link java.io.FileInputStream} of a regular file is read as its file (see {@link #read(ReadableByteChannel)}).
     */
    public static NpyArray read(InputStream in) throws IOException {
        NpyHeader h = readHeader(in);
        int length = dataLength(h, null);
        if (in instanceof java.io.FileInputStream f) { // unbuffered: its file position is the stream's position
            byte[] data = readFromFile(f.getChannel(), h, length);
            if (data != null) {
                return wrap(h, data);
            }
        }
        byte[] data = new byte[Math.min(length, GROW_FROM)]; // grown as the data arrives, not as the header says
        int pos = 0;
        while (pos < length) {
            if (pos == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(length, 4L * data.length));
            }
            // bounded calls: a FileInputStream mallocs a native buffer as large as each request
            int n = in.read(data, pos, Math.min(STREAM_STEP, data.length - pos));
            if (n < 0) {
                throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, "stream ended after " + pos
                        + " of " + length + " data bytes", null, null, h.dataOffset() + pos);
            }
            pos += n;
        }
        return wrap(h, data);
    }

    /**
     * As {@link #read(InputStream)}, from a channel. A {@link FileChannel} of a regular file is read with positional
     * reads on several threads once the file shows it holds the data (as {@code Npy.read(Path)}; a pipe or device
     * takes the stream path), and is left positioned after the data.
     */
    public static NpyArray read(ReadableByteChannel in) throws IOException {
        NpyHeader h = readHeader(in);
        int length = dataLength(h, null);
        if (in instanceof FileChannel f) {
            byte[] data = readFromFile(f, h, length);
            if (data != null) {
                return wrap(h, data);
            }
        }
        byte[] data = new byte[Math.min(length, GROW_FROM)]; // grown as the data arrives, not as the header says
        ByteBuffer b = ByteBuffer.wrap(data);
        while (b.position() < length) {
            if (b.position() == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(length, 4L * data.length));
                b = ByteBuffer.wrap(data).position(b.position());
            }
            // bounded calls: a heap buffer read goes through a temporary direct buffer of the request's size
            b.limit(Math.min(data.length, b.position() + READ_STEP));
            if (in.read(b) < 0) {
                throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, "stream ended after "
                        + b.position() + " of " + length + " data bytes", null, null,
                        h.dataOffset() + b.position());
            }
        }
        return wrap(h, data);
    }

    /**
     * The data of a stream that is a file positioned at the data, read with positional reads in 1 MiB steps (large
     * reads split over the cores through {@link Parallel}), the channel then positioned after them; null when the
     * channel has no position or size (a pipe, a device: read it as a stream). The file must hold the whole data
     * before anything is allocated, so a header promising more than the file has is refused, not allocated.
     */
    private static byte[] readFromFile(FileChannel ch, NpyHeader h, int length) throws IOException {
        long start;
        long size;
        try {
            start = ch.position();
            size = ch.size();
        } catch (IOException e) {
            return null; // ESPIPE and kin: not a seekable file
        }
        if (size == 0 && length > 0) {
            return null; // /proc-like and character files report no size: the stream path finds their end
        }
        if (size - start < length) {
            throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, "the file ends after "
                    + Math.max(0, size - start) + " of " + length + " data bytes", null, null, size);
        }
        byte[] data = new byte[length];
        long mibs = ((long) length + (1 << 20) - 1) >> 20;
        int cores = Integer.getInteger("npy4j.read.threads", Math.min(4, Runtime.getRuntime().availableProcessors()));
        int threads = (int) Math.max(1, Math.min(cores, length / PER_THREAD));
        try {
            Parallel.run(mibs, threads, (first, count) -> preadPart(ch, start, data, (int) (first << 20),
                    (int) Math.min(length, (first + count) << 20)));
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        ch.position(start + length);
        return data;
    }

    private static void preadPart(FileChannel ch, long start, byte[] data, int from, int to) {
        ByteBuffer b = ByteBuffer.wrap(data);
        try {
            for (int at = from; at < to; ) {
                b.limit(Math.min(to, at + READ_STEP)).position(at);
                int n = ch.read(b, start + at);
                if (n < 0) {
                    throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, "the file ended after "
                            + at + " of " + data.length + " data bytes (was it truncated while read?)", null, null,
                            start + at);
                }
                at += n;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads a whole {@code .npy} held in memory; the array is a copy, independent of {@code bytes}. */
    public static NpyArray read(byte[] bytes) throws IOException {
        NpyHeader h = readHeader(bytes);
        int length = dataLength(h, null);
        if (bytes.length - h.dataOffset() < length) { // before allocating: the header may promise gigabytes
            throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, "the bytes end after "
                    + (bytes.length - h.dataOffset()) + " of " + length + " data bytes", null, null,
                    bytes.length);
        }
        byte[] data = new byte[length];
        System.arraycopy(bytes, (int) h.dataOffset(), data, 0, data.length);
        return wrap(h, data);
    }

    private static byte[] allocate(NpyHeader h, Path file) throws NpyFormatException {
        return new byte[dataLength(h, file)];
    }

    /** The data length of an array read into memory: not an object dtype, at most one Java array. */
    private static int dataLength(NpyHeader h, Path file) throws NpyFormatException {
        refuseObjects(h, file);
        if (h.dataLength() > HeapArrays.MAX_BYTES) {
            throw new NpyFormatException(NpyFormatException.Kind.TOO_LARGE, "the data of shape " + h.shape() + " ("
                    + h.dataLength() + " bytes of " + h.dtype().descr() + ") is larger than one Java array holds ("
                    + HeapArrays.MAX_BYTES + " bytes): map it with Npy.map, which has no size limit",
                    file, null, h.dataOffset());
        }
        return (int) h.dataLength();
    }

    private static NpyArray wrap(NpyHeader h, byte[] data) {
        return HeapArrays.wrap(data, h.dtype(), h.shape(), h.fortranOrder() ? Order.F : Order.C, true);
    }

    /**
     * An in-memory array of nested Java arrays ({@code double[][]}, {@code int[]}, {@code boolean[][][]}): the
     * shape is theirs, the dtype the Java type's (float64, int32, bool, ...; little-endian), C order.
     *
     * @throws IllegalArgumentException for jagged or non-primitive arrays
     */
    public static NpyArray array(Object nested) {
        long[] shape = io.npy4j.array.Nesting.shapeOf(nested);
        Object flat = io.npy4j.array.Nesting.flatten(nested, shape);
        return array(flat, JavaType.ofArray(flat).dtype(), Order.C, shape);
    }

    /** An in-memory array of a flat Java array's values in C order: {@code array(data, 2, 3)} is 2 by 3. */
    public static NpyArray array(Object flat, long... shape) {
        return array(flat, JavaType.ofArray(flat).dtype(), Order.C, shape);
    }

    /**
     * An in-memory array of {@code dtype} holding a flat Java array's values, which are given in {@code order}
     * ({@link Order#F}: column-major, as Fortran or MATLAB data). Values convert when NumPy's same-kind casting
     * allows ({@code double[]} into {@code '>f4'}, {@code int[]} into {@code '<i2'}); complex dtypes take pairs.
     *
     * @throws IllegalArgumentException if the values do not fill the shape or cannot become {@code dtype}
     */
    public static NpyArray array(Object flat, ScalarType dtype, Order order, long... shape) {
        return HeapArrays.fromJava(flat, dtype, Shape.of(shape), order, Casting.SAME_KIND);
    }

    /** A writable in-memory array of zeros ({@code np.zeros(shape, dtype)}). */
    public static NpyArray zeros(DType dtype, long... shape) {
        return HeapArrays.allocate(dtype, Shape.of(shape));
    }

    // --- mapping ------------------------------------------------------------------------------------------------

    /** Maps the whole array of an existing file: {@code map(file, Selection.all(), mode)}. */
    public static NpyArray map(Path file, MapMode mode) throws IOException {
        return map(file, Selection.all(), mode);
    }

    /** Reads the header of an existing file, then maps the part of its data that {@code selection} picks. */
    public static NpyArray map(Path file, Selection selection, MapMode mode) throws IOException {
        return map(file, selection, mode, MapOptions.defaults());
    }

    /**
     * As {@link #map(Path, Selection, MapMode)} with per-call {@link MapOptions}.
     *
     * @param mode {@code READ_ONLY}, {@code READ_WRITE} or {@code COPY_ON_WRITE}; {@code CREATE} needs a header,
     *     use {@link #map(Path, NpyHeader, Selection, MapMode)}
     */
    public static NpyArray map(Path file, Selection selection, MapMode mode, MapOptions options) throws IOException {
        if (mode == MapMode.CREATE) {
            throw new IllegalArgumentException("MapMode.CREATE needs the new file's header: use map(file, header,"
                    + " selection, CREATE) or create(file, header)");
        }
        return map(file, readHeader(file), selection, mode, options);
    }

    /** {@link #map(Path, NpyHeader, Selection, MapMode, MapOptions)} with the default options. */
    public static NpyArray map(Path file, NpyHeader header, Selection selection, MapMode mode) throws IOException {
        return map(file, header, selection, mode, MapOptions.defaults());
    }

    /**
     * Maps the part of the data that {@code selection} picks, with a header already read (or, for {@code CREATE},
     * the header of the file to create). Only the bytes from the first to the last selected element are mapped,
     * lazily: mapping rows 10^9..10^9+4096 of a 100 GiB file maps about 4096 rows.
     *
     * <p>{@code CREATE} writes {@code header} (NumPy's {@code 'w+'}: an existing file is overwritten) and sizes the
     * file to {@code dataOffset + dataLength} by writing its last byte, which leaves a sparse, zero-reading region on
     * file systems that support it (as {@code np.memmap} does). The other modes check that the file holds the data the
     * header promises ({@code DATA_TRUNCATED} otherwise), but do not re-read the header: pass the one
     * {@link #readHeader(Path)} returned for this file.
     *
     * @throws NpyFormatException {@code OBJECT_DTYPE} for dtypes holding Python objects; {@code DATA_TRUNCATED}
     * @throws IndexOutOfBoundsException if the selection does not fit the shape (message has every number)
     */
    public static NpyArray map(Path file, NpyHeader header, Selection selection, MapMode mode, MapOptions options)
            throws IOException {
        refuseObjects(header, file);
        Region region = selection.resolve(header.shape().toArray(), header.fortranOrder());
        if (mode == MapMode.CREATE) {
            writeNewFile(file, header);
        } else {
            if (Files.isDirectory(file)) {
                throw new FileSystemException(file.toString(), null, "is a directory, not an .npy file");
            }
            requireData(header, Files.size(file), file);
        }
        long itemSize = Math.max(1, header.itemSize()); // zero-width dtypes: nothing to map, any plan will do
        CopyPlan plan = CopyPlan.of(region, itemSize, false);
        long length = header.itemSize() == 0 ? 0 : plan.endByte() - plan.firstByte();
        ByteWindow window = WindowFactory.open(file, header.dataOffset() + plan.firstByte(), length,
                mode.channelMode(), options.chunkSize(), options.maxLiveChunks(), options.positional(),
                options.readAhead());
        Region inWindow = region.shifted(-(plan.firstByte() / itemSize));
        return WindowArray.open(window, header.dtype(), inWindow, mode.numpyMode());
    }

    /** Creates (or overwrites) {@code file} with {@code header} and zero data, then maps all of it read-write. */
    public static NpyArray create(Path file, NpyHeader header) throws IOException {
        return map(file, header, Selection.all(), MapMode.CREATE);
    }

    private static void refuseObjects(NpyHeader header, Path file) throws NpyFormatException {
        if (header.dtype().hasObjects()) {
            throw new NpyFormatException(NpyFormatException.Kind.OBJECT_DTYPE, "dtype " + header.dtype().descr()
                    + " holds Python objects: the data is a pickle, which npy4j never loads or maps", file, null,
                    header.dataOffset());
        }
    }

    /**
     * The file of {@code size} bytes must hold the data {@code h} promises (object dtypes: just the header, their
     * pickle's length is unknown).
     */
    private static void requireData(NpyHeader h, long size, Path file) throws NpyFormatException {
        long need = h.dataLength() < 0 ? h.dataOffset() : h.dataOffset() + h.dataLength();
        if (size < need) {
            throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, "file is " + size
                    + " bytes but the header promises " + need + " (data offset " + h.dataOffset() + " + "
                    + h.dataLength() + " data bytes for shape " + h.shape() + " of " + h.dtype().descr() + ")",
                    file, null, size);
        }
    }

    private static void writeNewFile(Path file, NpyHeader header) throws IOException {
        byte[] bytes = encodeHeader(header);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.wrap(bytes));
            long end = header.dataOffset() + header.dataLength();
            if (end > bytes.length) {
                // a one-byte write at the end makes the file sparse where supported (as np.memmap does)
                ch.write(ByteBuffer.wrap(new byte[1]), end - 1);
            }
        }
    }

    // --- npz archives -------------------------------------------------------------------------------------------

    /** Opens an {@code .npz} archive (its central directory only): {@link io.npy4j.npz.NpzArchive}. */
    public static io.npy4j.npz.NpzArchive openNpz(Path file) throws IOException {
        return io.npy4j.npz.NpzArchive.open(file);
    }

    /**
     * A writer of an {@code .npz} archive: deflated members ({@code np.savez_compressed}, compressed in parallel)
     * when {@code compressed}, else stored ({@code np.savez}). The archive is written, atomically, at close.
     */
    public static io.npy4j.npz.NpzWriter newNpz(Path file, boolean compressed) {
        return io.npy4j.npz.NpzWriter.create(file, compressed);
    }

    /** {@code np.savez(file, **arrays)}: stored members, in the map's order. */
    public static void savez(Path file, java.util.Map<String, ? extends NpyArray> arrays) throws IOException {
        try (io.npy4j.npz.NpzWriter w = newNpz(file, false)) {
            arrays.forEach(w::add);
        }
    }

    /** {@code np.savez_compressed(file, **arrays)}: deflated members, in the map's order. */
    public static void savezCompressed(Path file, java.util.Map<String, ? extends NpyArray> arrays)
            throws IOException {
        try (io.npy4j.npz.NpzWriter w = newNpz(file, true)) {
            arrays.forEach(w::add);
        }
    }

    // --- virtual arrays -----------------------------------------------------------------------------------------

    /** The virtual array a manifest describes (read-only): {@link io.npy4j.virtual.Manifest}. */
    public static NpyArray openManifest(Path manifest) throws IOException {
        return io.npy4j.virtual.Manifest.read(manifest).open(false);
    }

    // --- saving -------------------------------------------------------------------------------------------------

    /**
     * Saves {@code array} (in memory, mapped, or any view) to {@code file} byte for byte as {@code np.save} writes
     * it, in the array's own order. Atomic: the bytes go to a temporary file in the same directory, are forced to
     * disk, and renamed over {@code file}; a failure leaves an existing file unchanged. A symbolic link is followed
     * (its target is replaced); an existing file keeps its permissions; a device or FIFO is written in place.
     */
    public static void save(Path file, NpyArray array) throws IOException {
        save(file, array, SaveOptions.defaults());
    }

    /**
     * As {@link #save(Path, NpyArray)} with options (order, header or raw data, progress, and
     * {@link SaveOptions#withDurable durability}: the default forces the file to disk before the rename, in the
     * background while it is written when it is large).
     */
    public static void save(Path file, NpyArray array, SaveOptions options) throws IOException {
        NpyHeader h = headerFor(array, options.order());
        long bytes = (options.dataOnly() ? 0 : h.dataOffset()) + Math.max(0, h.dataLength());
        AtomicFile.write(file, ch -> writeTo(ch, array, h, options), bytes, options.durable());
    }

    /** Writes {@code array} as {@code np.save} does to a stream (not closed; flushed). */
    public static void save(OutputStream out, NpyArray array) throws IOException {
        save(out, array, SaveOptions.defaults());
    }

    public static void save(OutputStream out, NpyArray array, SaveOptions options) throws IOException {
        save(streamChannel(out), array, options);
        out.flush();
    }

    /**
     * A channel over a stream that hands each heap buffer to the stream whole ({@code Channels.newChannel} copies
     * through 8 KiB pieces, so every save to a stream would write 8 KiB at a time whatever the buffer size).
     */
    private static WritableByteChannel streamChannel(OutputStream out) {
        return new WritableByteChannel() {
            private boolean open = true;

            @Override
            public int write(ByteBuffer b) throws IOException {
                int n = b.remaining();
                if (b.hasArray()) {
                    out.write(b.array(), b.arrayOffset() + b.position(), n);
                    b.position(b.limit());
                } else {
                    byte[] tmp = new byte[Math.min(n, 1 << 20)];
                    int done = 0;
                    while (b.hasRemaining()) {
                        int k = Math.min(tmp.length, b.remaining());
                        b.get(tmp, 0, k);
                        out.write(tmp, 0, k);
                        done += k;
                    }
                    return done;
                }
                return n;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                open = false; // the caller owns the stream
            }
        };
    }

    /** Writes {@code array} as {@code np.save} does to a channel (not closed). */
    public static void save(WritableByteChannel out, NpyArray array) throws IOException {
        save(out, array, SaveOptions.defaults());
    }

    public static void save(WritableByteChannel out, NpyArray array, SaveOptions options) throws IOException {
        writeTo(out, array, headerFor(array, options.order()), options);
    }

    /** {@code np.save} of a Java array: {@code save(file, array(nested))}. */
    public static void save(Path file, Object nestedJavaArray) throws IOException {
        save(file, array(nestedJavaArray));
    }

    private static void writeTo(WritableByteChannel ch, NpyArray array, NpyHeader h, SaveOptions options)
            throws IOException {
        if (array.dtype().hasObjects()) {
            throw new IllegalArgumentException("dtype " + array.dtype().descr() + " holds Python objects");
        }
        if (!options.dataOnly()) {
            writeFully(ch, ByteBuffer.wrap(encodeHeader(h)));
        }
        DataWriter.write(array, ch, h.fortranOrder(), options.bufferSize(), options.progress());
    }

    private static void writeFully(WritableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.write(b) < 0) {
                throw new EOFException("channel refused bytes");
            }
        }
    }

    // --- many writers ---

    /**
     * Coordinator: creates {@code file} with {@code header} and zero (sparse) data unless it exists, atomically, so
     * a racing second coordinator never truncates rows already written; an existing file's header is checked
     * ({@link io.npy4j.write.PreallocatedFile#createIfAbsent}).
     *
     * @return true if this call created the file
     * @throws io.npy4j.write.HeaderMismatchException if the existing file has another dtype, shape or order
     */
    public static boolean createIfAbsent(Path file, NpyHeader header) throws IOException {
        return io.npy4j.write.PreallocatedFile.createIfAbsent(file, header);
    }

    /**
     * Worker: maps the part {@code selection} picks of an existing file read-write (or reaches it with positional
     * I/O, {@code options.positional()}), after checking its header against {@code expected}; write, {@code force},
     * close ({@link io.npy4j.write.PreallocatedFile#openWindow}).
     *
     * @throws io.npy4j.write.HeaderMismatchException naming the file and each difference
     */
    public static NpyArray openWindow(Path file, NpyHeader expected, Selection selection, MapOptions options)
            throws IOException {
        return io.npy4j.write.PreallocatedFile.openWindow(file, expected, selection, options);
    }

    /**
     * Splits the rows of {@code header} into {@code windows} windows whose boundaries lie on page (and
     * {@code stripeBytes}) boundaries, so no two workers share a page ({@link io.npy4j.write.Partition#aligned}).
     *
     * @throws IllegalArgumentException saying why no aligned split exists
     */
    public static io.npy4j.write.Partition partition(NpyHeader header, int windows, long stripeBytes) {
        return io.npy4j.write.Partition.aligned(header, windows, stripeBytes);
    }

    /** The windows of {@code file} not yet marked done in its {@code .done} sidecar. */
    public static java.util.List<io.npy4j.write.Partition.Window> missingWindows(Path file) throws IOException {
        return io.npy4j.write.CompletionLog.missing(file);
    }

    /**
     * A streaming writer of {@code file}: rows of {@code rowShape} in order, the growth axis fixed and the file
     * renamed into place at close ({@link io.npy4j.write.NpyWriter}).
     */
    public static io.npy4j.write.NpyWriter newWriter(Path file, DType dtype, Order order, long... rowShape)
            throws IOException {
        return io.npy4j.write.NpyWriter.create(file, dtype, order, rowShape);
    }

    /**
     * Appends to {@code file} in place along its growth axis, waiting for other appenders (threads and processes)
     * ({@link io.npy4j.write.AppendingWriter}).
     */
    public static io.npy4j.write.AppendingWriter append(Path file) throws IOException {
        return io.npy4j.write.AppendingWriter.open(file);
    }
}
