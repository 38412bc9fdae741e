package io.npy4j.array;

import io.npy4j.dtype.DateUnit;
import io.npy4j.dtype.Endianness;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.TypeCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Decoding of string and datetime elements, as NumPy's item access does. */
final class Text {
    /** NumPy's NaT: the smallest int64. */
    static final long NAT = Long.MIN_VALUE;

    private Text() {
    }

    /**
     * One {@code S} or {@code U} element at {@code bytes[off..]}: trailing NULs stripped (as NumPy's item access),
     * {@code S} decoded as ISO-8859-1 so every byte maps to one char, {@code U} as UTF-32 in its byte order.
     */
    static String decode(ScalarType t, byte[] bytes, int off) {
        int n = (int) t.itemSize();
        if (t.code() == TypeCode.BYTES) {
            int end = n;
            while (end > 0 && bytes[off + end - 1] == 0) {
                end--;
            }
            return new String(bytes, off, end, StandardCharsets.ISO_8859_1);
        }
        boolean big = t.endianness() == Endianness.BIG;
        int chars = n / 4;
        while (chars > 0 && codePoint(bytes, off + (chars - 1) * 4, big) == 0) {
            chars--;
        }
        StringBuilder sb = new StringBuilder(chars);
        for (int i = 0; i < chars; i++) {
            int cp = codePoint(bytes, off + i * 4, big);
            if (!Character.isValidCodePoint(cp)) {
                throw new IllegalArgumentException("element holds an invalid code point 0x" + Integer.toHexString(cp)
                        + " at character " + i);
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static int codePoint(byte[] b, int p, boolean big) {
        return big ? (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff)
                : (b[p + 3] & 0xff) << 24 | (b[p + 2] & 0xff) << 16 | (b[p + 1] & 0xff) << 8 | (b[p] & 0xff);
    }

    /**
     * A datetime64 count as an instant, or null for NaT. Years and months are calendar units from 1970-01 (as NumPy);
     * the others are fixed durations.
     *
     * @throws ArithmeticException if the instant is outside what {@link Instant} can hold
     */
    static Instant instant(ScalarType t, long count) {
        if (count == NAT) {
            return null;
        }
        DateUnit u = t.unit();
        long c = Math.multiplyExact(count, t.unitMultiplier());
        switch (u) {
            case GENERIC:
                throw new IllegalArgumentException("datetime64 without a unit has no instant; its count is " + count);
            case YEAR:
                return LocalDate.of(1970, 1, 1).plusYears(c).atStartOfDay().toInstant(ZoneOffset.UTC);
            case MONTH:
                return LocalDate.of(1970, 1, 1).plusMonths(c).atStartOfDay().toInstant(ZoneOffset.UTC);
            case WEEK:
                return Instant.ofEpochSecond(Math.multiplyExact(c, 7L * 86400));
            case DAY:
                return Instant.ofEpochSecond(Math.multiplyExact(c, 86400L));
            case HOUR:
                return Instant.ofEpochSecond(Math.multiplyExact(c, 3600L));
            case MINUTE:
                return Instant.ofEpochSecond(Math.multiplyExact(c, 60L));
            case SECOND:
                return Instant.ofEpochSecond(c);
            case MILLISECOND:
                return Instant.ofEpochMilli(c);
            case MICROSECOND:
                return Instant.ofEpochSecond(Math.floorDiv(c, 1_000_000L), Math.floorMod(c, 1_000_000L) * 1000);
            case NANOSECOND:
                return Instant.ofEpochSecond(Math.floorDiv(c, 1_000_000_000L), Math.floorMod(c, 1_000_000_000L));
            case PICOSECOND:
                return sub(c, 1_000_000_000_000L, 1000);
            case FEMTOSECOND:
                return sub(c, 1_000_000_000_000_000L, 1_000_000);
            default: // attoseconds
                return sub(c, 1_000_000_000_000_000_000L, 1_000_000_000);
        }
    }

    /** Units finer than a nanosecond: whole seconds, then nanoseconds rounded toward negative infinity. */
    private static Instant sub(long c, long perSecond, long perNano) {
        long s = Math.floorDiv(c, perSecond);
        long rest = Math.floorMod(c, perSecond);
        return Instant.ofEpochSecond(s, rest / perNano);
    }
}
