package io.npy4j;

import io.npy4j.format.HeaderReader;
import io.npy4j.format.HeaderWriter;
import io.npy4j.mapping.ByteWindow;
import io.npy4j.mapping.WindowFactory;
import io.npy4j.select.CopyPlan;
import io.npy4j.select.Region;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The front door of npy4j: static verbs over {@code .npy} files, streams and bytes.
 *
 * <p>Header first: {@link #readHeader(Path)} reads only the header bytes, whatever the file size, and returns an
 * immutable {@link NpyHeader} with the dtype, shape, order and the offset and length of the data.
 */
public final class Npy {
    private Npy() {
    }

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
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            NpyHeader h = HeaderReader.read(ch, maxHeaderSize, size);
            requireData(h, size, null);
            return h;
        } catch (NpyFormatException e) {
            throw e.withFile(file);
        }
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

    /** Maps the whole array of an existing file: {@code map(file, Selection.all(), mode)}. */
    public static MappedArray map(Path file, MapMode mode) throws IOException {
        return map(file, Selection.all(), mode);
    }

    /**
     * Reads the header of an existing file, then maps the part of its data that {@code selection} picks.
     *
     * @param mode {@code READ_ONLY}, {@code READ_WRITE} or {@code COPY_ON_WRITE}; {@code CREATE} needs a header,
     *     use {@link #map(Path, NpyHeader, Selection, MapMode)}
     */
    public static MappedArray map(Path file, Selection selection, MapMode mode) throws IOException {
        if (mode == MapMode.CREATE) {
            throw new IllegalArgumentException("MapMode.CREATE needs the new file's header: use map(file, header,"
                    + " selection, CREATE) or create(file, header)");
        }
        return map(file, readHeader(file), selection, mode);
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
    public static MappedArray map(Path file, NpyHeader header, Selection selection, MapMode mode)
            throws IOException {
        if (header.dtype().hasObjects()) {
            throw new NpyFormatException(NpyFormatException.Kind.OBJECT_DTYPE, "dtype " + header.dtype().descr()
                    + " holds Python objects: the data is a pickle, which npy4j never loads or maps", file, null,
                    header.dataOffset());
        }
        Region region = selection.resolve(header.shape().toArray(), header.fortranOrder());
        if (mode == MapMode.CREATE) {
            writeNewFile(file, header);
        } else {
            requireData(header, Files.size(file), file);
        }
        long itemSize = Math.max(1, header.itemSize()); // zero-width dtypes: nothing to map, any plan will do
        CopyPlan plan = CopyPlan.of(region, itemSize, false);
        long length = header.itemSize() == 0 ? 0 : plan.endByte() - plan.firstByte();
        ByteWindow window = WindowFactory.open(file, header.dataOffset() + plan.firstByte(), length,
                mode.channelMode());
        return MappedArray.open(file, header, region, mode, window, plan);
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

    /** Creates (or overwrites) {@code file} with {@code header} and zero data, then maps all of it read-write. */
    public static MappedArray create(Path file, NpyHeader header) throws IOException {
        return map(file, header, Selection.all(), MapMode.CREATE);
    }

    private static void writeNewFile(Path file, NpyHeader header) throws IOException {
        byte[] bytes = encodeHeader(header);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            long end = header.dataOffset() + header.dataLength();
            if (end > bytes.length) {
                // a one-byte write at the end makes the file sparse where supported (as np.memmap does)
                ch.write(ByteBuffer.wrap(new byte[1]), end - 1);
            }
        }
    }

    /**
     * The header bytes (magic, version, HEADER_LEN, text, padding, newline) exactly as {@code np.save} writes them for
     * {@code header}; the text is padded to {@code header.headerLength()}.
     */
    public static byte[] encodeHeader(NpyHeader header) {
        return HeaderWriter.encode(header);
    }
}
