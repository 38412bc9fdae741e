package io.npy4j;

import io.npy4j.format.HeaderReader;
import io.npy4j.format.HeaderWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
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
            long need = h.dataLength() < 0 ? h.dataOffset() : h.dataOffset() + h.dataLength();
            if (size < need) {
                throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, "file is " + size
                        + " bytes but the header promises " + need + " (data offset " + h.dataOffset() + " + "
                        + h.dataLength() + " data bytes for shape " + h.shape() + " of " + h.dtype().descr() + ")",
                        size);
            }
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

    /**
     * The header bytes (magic, version, HEADER_LEN, text, padding, newline) exactly as {@code np.save} writes them for
     * {@code header}; the text is padded to {@code header.headerLength()}.
     */
    public static byte[] encodeHeader(NpyHeader header) {
        return HeaderWriter.encode(header);
    }
}
