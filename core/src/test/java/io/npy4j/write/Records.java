package io.npy4j.write;

import io.npy4j.dtype.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The record every process test writes: each row carries its own index, who wrote it, and a checksum of both, so a
 * lost, torn or misplaced row is visible in the row itself. 32 bytes: index i8, writer i4, part i4, check u8,
 * inverse i8 (the bitwise complement of check, so a half-written row cannot pass).
 */
final class Records {
    static final String DESCR = "[('index', '<i8'), ('writer', '<i4'), ('part', '<i4'), ('check', '<u8'),"
            + " ('inverse', '<i8')]";
    static final DType DTYPE = DType.parse(DESCR);
    static final int SIZE = 32;

    private Records() {
    }

    static long check(long index, int writer, int part) {
        long z = index * 0x9E3779B97F4A7C15L ^ ((long) writer << 48) ^ ((long) part << 20) ^ 0x5DEECE66DL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Rows {@code first .. first+count} as written by {@code writer} for {@code part}. */
    static byte[] rows(long first, int count, int writer, int part) {
        ByteBuffer b = ByteBuffer.allocate(count * SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (int r = 0; r < count; r++) {
            long i = first + r;
            long c = check(i, writer, part);
            b.putLong(i).putInt(writer).putInt(part).putLong(c).putLong(~c);
        }
        return b.array();
    }

    /** A decoded row. */
    record Row(long index, int writer, int part, long check, long inverse) {
        boolean isZero() {
            return index == 0 && writer == 0 && part == 0 && check == 0 && inverse == 0;
        }

        /** Whole and self-consistent: its checksum matches its own fields. */
        boolean isIntact() {
            return check == Records.check(index, writer, part) && inverse == ~check;
        }
    }

    static Row row(byte[] data, int r) {
        ByteBuffer b = ByteBuffer.wrap(data, r * SIZE, SIZE).order(ByteOrder.LITTLE_ENDIAN);
        return new Row(b.getLong(), b.getInt(), b.getInt(), b.getLong(), b.getLong());
    }
}
