package io.npy4j.virtual;

import io.npy4j.NpyArray;
import io.npy4j.Order;
import io.npy4j.dtype.ScalarType;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Where a block's elements come from: an {@code .npy} file (or a selection of it), an npz member (or a selection), a
 * raw byte range of any file (the OME-TIFF case, as {@code np.memmap(offset=...)}), or a reader supplied from Java.
 */
public sealed interface BlockSource permits BlockSource.NpyFile, BlockSource.NpzMember, BlockSource.RawBytes,
        BlockSource.Reader {

    /** The file the block's bytes live in (the archive for an npz member); null for a Java reader. */
    default Path file() {
        return this instanceof NpyFile f ? f.path() : this instanceof NpzMember m ? m.archive()
                : this instanceof RawBytes r ? r.path() : null;
    }

    /** Opens the block's data; the array's shape is the block's (length-1 axes aside). */
    @FunctionalInterface
    interface BlockReader {
        NpyArray open() throws IOException;
    }

    /** An {@code .npy} file, mapped lazily; {@code selection} picks part of it ({@link Selection#all()}: all). */
    record NpyFile(Path path, Selection selection) implements BlockSource {
        public NpyFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(selection, "selection");
        }
    }

    /** A member of an {@code .npz}: stored members are mapped, deflated ones inflated as far as needed. */
    record NpzMember(Path archive, String member, Selection selection) implements BlockSource {
        public NpzMember {
            Objects.requireNonNull(archive, "archive");
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(selection, "selection");
        }
    }

    /** {@code shape} elements of {@code dtype} at byte {@code offset} of any file, in {@code order}. */
    record RawBytes(Path path, long offset, ScalarType dtype, long[] shape, Order order) implements BlockSource {
        public RawBytes {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(order, "order");
            if (offset < 0) {
                throw new IllegalArgumentException("negative offset " + offset);
            }
            shape = shape.clone();
            long n = dtype.itemSize();
            for (long d : shape) {
                if (d < 0 || (d > 0 && n > (Long.MAX_VALUE - offset) / d)) {
                    throw new IllegalArgumentException("raw range at offset " + offset + " of " + dtype.typeString()
                            + " " + Arrays.toString(shape) + " ends past byte 2^63 or has a negative extent");
                }
                n *= d;
            }
        }

        /** Bytes the block occupies: the product of the shape times the item size. */
        public long length() {
            long n = dtype.itemSize();
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    /** A reader supplied from Java; {@code name} is for messages. */
    record Reader(BlockReader reader, String name) implements BlockSource {
        public Reader {
            Objects.requireNonNull(reader, "reader");
            Objects.requireNonNull(name, "name");
        }
    }

    static NpyFile npy(Path path) {
        return new NpyFile(path, Selection.all());
    }

    static NpzMember npz(Path archive, String member) {
        return new NpzMember(archive, member, Selection.all());
    }

    static RawBytes raw(Path path, long offset, ScalarType dtype, Order order, long... shape) {
        return new RawBytes(path, offset, dtype, shape, order);
    }
}
