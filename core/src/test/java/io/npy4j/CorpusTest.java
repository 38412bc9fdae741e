package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.npy4j.fixtures.Corpus;
import io.npy4j.fixtures.CorpusEntry;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import io.npy4j.fixtures.ShortReadChannel;

/** Every file of the NumPy-written corpus: our reading equals NumPy's, our writing equals np.save's bytes. */
class CorpusTest {

    @TestFactory
    Stream<DynamicTest> acceptedFilesReadAsNumPyReadsThem() {
        return Corpus.accepted().stream().map(e -> DynamicTest.dynamicTest(e.path(), () -> {
            NpyHeader h = Npy.readHeader(e.file());
            assertHeaderMatches(e, h);
        }));
    }

    @TestFactory
    Stream<DynamicTest> rejectedFilesFailWithTheExpectedKind() {
        return Corpus.rejected().stream().map(e -> DynamicTest.dynamicTest(e.path() + " -> " + e.kind(), () -> {
            NpyFormatException x = assertThrows(NpyFormatException.class, () -> Npy.readHeader(e.file()),
                    e.note());
            assertEquals(e.kind(), x.kind().name(), x.getMessage());
            assertEquals(e.file(), x.file().orElseThrow());
            if (e.hasHeaderFields() && e.kind().equals("DATA_TRUNCATED")) {
                // the header itself is fine (only the data is missing): reading it from bytes must agree with NumPy
                assertHeaderMatches(e, Npy.readHeader(Files.readAllBytes(e.file())));
            }
        }));
    }

    /** np.save's header bytes are reproduced exactly from the parsed dtype, shape and order. */
    @TestFactory
    Stream<DynamicTest> writerReproducesNumPyHeaderBytes() {
        return Corpus.entries().stream().filter(CorpusTest::writtenByNumPy)
                .map(e -> DynamicTest.dynamicTest(e.path(), () -> {
                    byte[] file = Files.readAllBytes(e.file());
                    NpyHeader h = Npy.readHeader(file);
                    byte[] expected = Arrays.copyOf(file, (int) h.dataOffset());
                    assertArrayEquals(expected, Npy.encodeHeader(
                            NpyHeader.of(h.dtype(), h.shape(), h.fortranOrder(), h.version())));
                    if (!e.path().contains("explicit_v")) { // NumPy's own version choice, too
                        assertArrayEquals(expected, Npy.encodeHeader(
                                NpyHeader.of(h.dtype(), h.shape(), h.fortranOrder())));
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> shortReadsGiveTheSameHeader() {
        return Corpus.accepted().stream().map(e -> DynamicTest.dynamicTest(e.path(), () -> {
            byte[] file = Files.readAllBytes(e.file());
            NpyHeader whole = Npy.readHeader(file);
            assertEquals(whole, Npy.readHeader(new ShortReadChannel(file, e.path().hashCode())));
            try (InputStream in = Files.newInputStream(e.file())) {
                assertEquals(whole, Npy.readHeader(in));
            }
        }));
    }

    /** Valid files whose header is not what np.save writes for the dtype it reads back as. */
    private static final java.util.Set<String> NOT_CANONICAL = java.util.Set.of(
            "npy/valid/header/exactly_10000_chars.npy", // padded by hand to a length
            "npy/valid/header/over_10000_chars.npy",
            "npy/valid/object/python2_O8.npy", // Python 2 era: '|O8', 16-byte alignment
            "npy/valid/struct/empty_name_subarray_dropped.npy"); // written with a field NumPy drops on reading

    private static boolean writtenByNumPy(CorpusEntry e) {
        // np.save / open_memmap output; legacy, hand-made vectors and malformed files are not canonical
        return e.hasHeaderFields() && !e.kind().equals("SIZE_OVERFLOW")
                && (e.path().startsWith("npy/valid/") || e.path().startsWith("npy/header_only/"))
                && !e.path().startsWith("npy/valid/legacy/") && !e.note().contains("hand-written")
                && !NOT_CANONICAL.contains(e.path());
    }

    private static void assertHeaderMatches(CorpusEntry e, NpyHeader h) {
        assertEquals(e.version(), h.version().toString(), "version");
        assertEquals(e.descr(), h.dtype().descr(), "descr");
        assertEquals(e.shape(), h.shape().toString(), "shape");
        assertEquals(e.fortranOrder(), h.fortranOrder() ? "True" : "False", "fortran_order");
        assertEquals(e.headerLen(), h.headerLength(), "header_len");
        assertEquals(e.dataOffset(), h.dataOffset(), "data_offset");
        assertEquals(e.itemSize(), h.itemSize(), "itemsize");
        assertEquals(e.nbytes(), h.dataLength(), "nbytes");
    }
}
