package io.npy4j.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.npy4j.FormatVersion;
import io.npy4j.Npy;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyFormatException.Kind;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.fixtures.HeaderSpec;
import io.npy4j.fixtures.NpyArbitraries;
import io.npy4j.fixtures.ShortReadChannel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Properties of the header codec over NumPy-canonical headers ({@link NpyArbitraries#headers()}, checked against real
 * NumPy by the fixtures module): what we write we read back unchanged, in NumPy's spelling and layout, whatever the
 * read sizes, and damaged bytes only ever fail with {@link NpyFormatException}.
 */
class HeaderCodecPropertiesTest {

    @Provide
    Arbitrary<HeaderSpec> headers() {
        return NpyArbitraries.headers();
    }

    /**
     * The header {@code np.save} would write for the spec. Specs whose data (struct itemsize × count) cannot be
     * addressed with 64-bit offsets are skipped, after checking that this really is why {@code of} refused them.
     */
    static NpyHeader header(HeaderSpec spec) {
        DType dtype = DType.parse(spec.descrRepr());
        Shape shape = Shape.of(spec.shape());
        try {
            return NpyHeader.of(dtype, shape, spec.fortranOrder());
        } catch (ArithmeticException | IllegalArgumentException e) {
            BigInteger end = BigInteger.valueOf(shape.size()).multiply(BigInteger.valueOf(dtype.itemSize()))
                    .add(BigInteger.valueOf(1 << 20));
            assertTrue(end.bitLength() > 63,
                    "NpyHeader.of refused a header whose data fits in 2^63 bytes: " + spec + ": " + e);
            Assume.that(false);
            throw new AssertionError("unreachable");
        }
    }

    @Property(tries = 300)
    void encodedHeaderReadsBackEqual(@ForAll("headers") HeaderSpec spec) throws Exception {
        NpyHeader h = header(spec);
        byte[] bytes = Npy.encodeHeader(h);
        assertEquals(h, Npy.readHeader(bytes));
        assertEquals(h.dataOffset(), bytes.length, "header bytes end where the data starts");
    }

    @Property(tries = 300)
    void canonicalDescrSpellingRoundTrips(@ForAll("headers") HeaderSpec spec) {
        // the generator's descrs are exactly what np.save writes: parsing then printing must give them back
        assertEquals(spec.descrRepr(), DType.parse(spec.descrRepr()).descr());
    }

    @Property(tries = 300)
    void headerTextIsNumPysDictThenSpacesThenNewline(@ForAll("headers") HeaderSpec spec) {
        NpyHeader h = header(spec);
        byte[] bytes = Npy.encodeHeader(h);
        FormatVersion v = h.version();
        String text = new String(bytes, v.prefixLength(), bytes.length - v.prefixLength(), v.charset());
        assertTrue(text.startsWith(spec.dictText()), () -> "header text " + text + " does not start with "
                + spec.dictText());
        String tail = text.substring(spec.dictText().length());
        assertTrue(tail.endsWith("\n") && tail.substring(0, tail.length() - 1).chars().allMatch(c -> c == ' '),
                () -> "after the dict only spaces and one newline may follow: " + tail);
        // NumPy: 1..64 alignment spaces (never zero), plus growth room for ndim >= 1
        int spaces = tail.length() - 1;
        long[] dims = spec.shape();
        int growth = dims.length == 0 ? 0
                : Math.max(0, 21 - Long.toString(dims[spec.fortranOrder() ? dims.length - 1 : 0]).length());
        assertTrue(spaces >= growth + 1 && spaces <= growth + 64, "spaces " + spaces + ", growth room " + growth);
    }

    @Property(tries = 300)
    void dataOffsetIsAlignedTo64(@ForAll("headers") HeaderSpec spec) {
        NpyHeader h = header(spec);
        assertEquals(0, h.dataOffset() % 64, () -> "data offset " + h.dataOffset());
        assertEquals(h.dataOffset(), Npy.encodeHeader(h).length);
    }

    @Property(tries = 200)
    void versionIsTheSmallestThatHoldsTheText(@ForAll("headers") HeaderSpec spec) {
        NpyHeader h = header(spec);
        boolean latin1 = spec.dictText().chars().allMatch(c -> c < 256);
        FormatVersion expected = !latin1 ? FormatVersion.V3_0
                : h.headerLength() <= 0xFFFF ? FormatVersion.V1_0 : FormatVersion.V2_0;
        assertEquals(expected, h.version());
    }

    /**
     * test_header_growth_axis: the leading (C) or trailing (Fortran) axis may take any size from 1 to 10^18 without
     * changing the header length, so a file can grow along it by rewriting the header in place.
     */
    @Property(tries = 200)
    void headerLengthIsConstantWhileTheGrowthAxisGrows(@ForAll("headers") HeaderSpec spec) throws Exception {
        long[] dims = spec.shape();
        Assume.that(dims.length > 0);
        NpyHeader h = header(spec);
        int axis = spec.fortranOrder() ? dims.length - 1 : 0;
        int checked = 0;
        for (long size = 1; size > 0 && size <= 1_000_000_000_000_000_000L; size *= 10) {
            long[] grown = dims.clone();
            grown[axis] = size;
            if (!fits(h.dtype(), grown)) {
                continue;
            }
            NpyHeader g = NpyHeader.of(h.dtype(), Shape.of(grown), spec.fortranOrder());
            assertEquals(h.headerLength(), g.headerLength(), () -> "growth axis = " + g.shape());
            assertEquals(h.version(), g.version());
            // rewriting the old header in place with the new shape gives exactly np.save's header for it
            NpyHeader inPlace = new NpyHeader(h.version(), h.dtype(), g.shape(), h.fortranOrder(), h.headerLength());
            assertArrayEquals(Npy.encodeHeader(g), Npy.encodeHeader(inPlace));
            assertEquals(g, Npy.readHeader(Npy.encodeHeader(inPlace)));
            checked++;
        }
        long[] smallest = dims.clone();
        smallest[axis] = 1;
        assertTrue(checked > 0 || !fits(h.dtype(), smallest), "no growth size checked for " + spec);
    }

    /** Whether the data of this shape is addressable (zero dims do not lift the limit on the others). */
    private static boolean fits(DType dtype, long[] dims) {
        BigInteger count = BigInteger.ONE;
        for (long d : dims) {
            count = count.multiply(BigInteger.valueOf(Math.max(1, d)));
        }
        BigInteger end = count.multiply(BigInteger.valueOf(dtype.itemSize())).add(BigInteger.valueOf(1 << 20));
        return count.bitLength() <= 63 && end.bitLength() <= 63;
    }

    /** NumPy's BytesIOSRandomSize: a reader must loop over short reads and stop exactly at the first data byte. */
    @Property(tries = 300)
    void shortReadsGiveTheSameHeaderAndLeaveTheChannelAtTheData(@ForAll("headers") HeaderSpec spec,
            @ForAll long seed) throws Exception {
        NpyHeader h = header(spec);
        byte[] header = Npy.encodeHeader(h);
        byte[] data = {1, 2, 3, 4, 5, 6, 7};
        byte[] file = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, file, header.length, data.length);
        ShortReadChannel ch = new ShortReadChannel(file, seed);
        assertEquals(Npy.readHeader(file), Npy.readHeader(ch));
        assertArrayEquals(data, readRest(ch), "the reader must consume exactly the header bytes");
    }

    private static byte[] readRest(ReadableByteChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64);
        while (ch.read(b) > 0) {
            // drain
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /** A header cut anywhere, even one byte short, is TRUNCATED: never a parse of a partial text, never a crash. */
    @Property(tries = 100)
    void everyPrefixOfAHeaderIsTruncated(@ForAll("headers") HeaderSpec spec, @ForAll long seed) {
        NpyHeader h = header(spec);
        byte[] bytes = Npy.encodeHeader(h);
        int textStart = h.version().prefixLength();
        for (int n = 0; n < bytes.length; n++) {
            byte[] prefix = Arrays.copyOf(bytes, n);
            int len = n;
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.readHeader(prefix),
                    () -> "prefix of " + len + " of " + bytes.length + " bytes");
            assertEquals(Kind.TRUNCATED, e.kind(), () -> "prefix of " + len + " bytes: " + e.getMessage());
            // the offset is where the input ends, or the start of the text when the length field promises more
            assertTrue(n < textStart ? e.byteOffset() == n : e.byteOffset() == textStart || e.byteOffset() == n,
                    () -> "prefix of " + len + " bytes: offset " + e.byteOffset());
        }
        // a stream cannot tell the length up front: same verdict when the bytes simply run out
        for (int n : new int[] {0, 1, 6, 7, 8, textStart - 1, textStart, bytes.length / 2, bytes.length - 1}) {
            ShortReadChannel ch = new ShortReadChannel(Arrays.copyOf(bytes, Math.max(0, n)), seed);
            int len = n;
            NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.readHeader(ch),
                    () -> "stream prefix of " + len + " bytes");
            assertEquals(Kind.TRUNCATED, e.kind(), () -> "stream prefix of " + len + " bytes: " + e.getMessage());
        }
    }

    /** One damaged byte anywhere (magic, version, length, text): the header parses or fails as NpyFormatException. */
    @Property(tries = 300)
    void singleByteCorruptionParsesOrFailsWithNpyFormatException(@ForAll("headers") HeaderSpec spec,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int position, @ForAll byte value,
            @ForAll boolean inText) throws Exception {
        NpyHeader h = header(spec);
        byte[] bytes = Npy.encodeHeader(h);
        // half the damage lands in the dict text itself, where the parser and validation live
        int textStart = h.version().prefixLength();
        int dictEnd = textStart + spec.dictText().getBytes(h.version().charset()).length;
        int at = inText ? textStart + position % (dictEnd - textStart) : position % bytes.length;
        bytes[at] = value;
        try {
            assertNotNull(Npy.readHeader(bytes));
        } catch (NpyFormatException expected) {
            assertNotNull(expected.kind());
        } catch (RuntimeException | Error e) {
            fail("byte " + at + " set to 0x" + Integer.toHexString(value & 0xff) + " in " + spec + " threw " + e, e);
        }
        // the stream path must agree with the byte[] path
        try (ByteArrayInputStream in = new ByteArrayInputStream(bytes)) {
            Npy.readHeader(Channels.newChannel(in));
        } catch (NpyFormatException expected) {
            assertNotNull(expected.kind());
        } catch (RuntimeException | Error e) {
            fail("stream: byte " + at + " set to 0x" + Integer.toHexString(value & 0xff) + " in " + spec
                    + " threw " + e, e);
        }
    }

    /** SPEC §7: bad arguments to the Java API are IllegalArgumentException with every number in the message. */
    @Test
    void unaddressableDataIsAnIllegalArgumentNamingTheNumbers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyHeader.of(ScalarType.FLOAT64, Shape.of(1L << 62), false));
        assertTrue(e.getMessage().contains(Long.toString(1L << 62)), e.getMessage());
    }
}
