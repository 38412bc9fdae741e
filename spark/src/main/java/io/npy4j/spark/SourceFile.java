package io.npy4j.spark;

import io.npy4j.Npy;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyHeader;
import java.io.Serializable;
import java.util.Arrays;

/**
 * One array the query reads, as planned on the driver: where it is, its header (as the bytes {@code np.save} writes,
 * so executors need no second read), what the file looked like then (size, modification time) and the global index
 * of its first row. Shipped to executors inside each {@link RowWindow}.
 *
 * @param uri the file, a Hadoop path string ({@code file:/...}, {@code s3a://...})
 * @param kind {@code .npy}, an {@code .npz} member, or a virtual-array manifest
 * @param member the npz member, or null
 * @param local whether npy4j maps the file itself (a local path) instead of reading through Hadoop
 */
record SourceFile(String uri, Kind kind, String member, byte[] headerBytes, long size, long modifiedMillis,
        long firstRow, boolean local) implements Serializable {

    enum Kind { NPY, NPZ_MEMBER, MANIFEST }

    SourceFile {
        headerBytes = headerBytes.clone();
    }

    static SourceFile of(String uri, Kind kind, String member, NpyHeader header, long size, long modifiedMillis,
            long firstRow, boolean local) {
        return new SourceFile(uri, kind, member, Npy.encodeHeader(header), size, modifiedMillis, firstRow, local);
    }

    SourceFile atRow(long row) {
        return new SourceFile(uri, kind, member, headerBytes, size, modifiedMillis, row, local);
    }

    NpyHeader header() {
        try {
            return Npy.readHeader(headerBytes);
        } catch (NpyFormatException e) {
            throw new IllegalStateException("a header this source encoded does not parse", e);
        }
    }

    /** What {@code _file} shows: the path, with {@code :member} for an npz member. */
    String display() {
        return member == null ? uri : uri + ":" + member;
    }

    /** Rows along the first axis (a 0-d array is one row). */
    static long rows(NpyHeader h) {
        return h.shape().rank() == 0 ? 1 : h.shape().dim(0);
    }

    /** The axes after the first. */
    static long[] trailing(NpyHeader h) {
        long[] s = h.shape().toArray();
        return s.length == 0 ? s : Arrays.copyOfRange(s, 1, s.length);
    }

    /** Bytes per row (at least 1, so that zero-width rows still split into windows). */
    static long rowBytes(NpyHeader h) {
        long n = Math.max(1, h.itemSize());
        for (long a : trailing(h)) {
            n = Math.multiplyExact(n, a);
        }
        return Math.max(1, n);
    }
}
