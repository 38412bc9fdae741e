package io.npy4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.npy4j.dtype.DType;
import io.npy4j.literal.LiteralSyntaxException;
import io.npy4j.literal.PyLiteral;
import io.npy4j.select.Selection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzz targets (Jazzer) for every parser of untrusted text or bytes: the header
 * ({@link Npy#readHeader(byte[])}), descrs ({@link DType#parse}), Python literals ({@link PyLiteral#parse}),
 * selections ({@link Selection#parse}, then resolved) and whole files ({@link Npy#read(byte[])}).
 *
 * <p>Accepted outcomes are a result or the documented exception; anything else (another exception, an
 * {@code Error}) is a finding. Each input must also stay within a time and an allocation bound linear in its length
 * ({@link #bounded}), so that quadratic parsing or memory blow-ups (hash-collision keys, comma-string descrs, long
 * digit strings) are findings too, not only crashes.
 *
 * <p>Without {@code JAZZER_FUZZ} (every {@code mvn verify}), each target runs once per saved input in
 * {@code src/test/resources/io/npy4j/ParserFuzzTestInputs/<method>/}: valid headers from the corpus and the red-team
 * cases of issue 18 (16,000 colliding dict keys took about 10 s before the keyed hash: over the bound). A campaign
 * fuzzes one target for its {@code maxDuration} (SPEC §14): {@code JAZZER_FUZZ=1 mvn -pl src-test-fixtures,core test
 * -Dtest=ParserFuzzTest#readHeader -Dsurefire.failIfNoSpecifiedTests=false}; findings land in
 * that directory and then fail every build until fixed.
 */
class ParserFuzzTest {
    /** Time allowed per input: a fixed part for class loading and JIT, plus this much per input byte. */
    static final long FIXED_NANOS = 1_000_000_000L;
    static final long NANOS_PER_BYTE = 10_000L;
    /**
     * Bytes an input may allocate in all (not at once): a fixed part plus this much per input byte. A comma-string
     * descr costs about 1.3 KiB per 3-byte field (430 bytes per byte), a 1 MiB header about 1 GiB at this bound.
     */
    static final long FIXED_BYTES = 32L << 20;
    static final long BYTES_PER_BYTE = 1024L;

    /**
     * Campaigns ({@code JAZZER_FUZZ} set) run instrumented code with Jazzer's hooks, several times slower and
     * allocating more: the bounds grow by this factor there. Regression runs have the hooks off
     * ({@code jazzer.hooks=false} from core's pom unless its fuzz profile, active with {@code JAZZER_FUZZ}, turns
     * them on) and measure the parsers themselves.
     */
    static final long SLACK = System.getenv("JAZZER_FUZZ") != null && !System.getenv("JAZZER_FUZZ").isEmpty() ? 10 : 1;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** One call of the code under test, which returns normally or throws what it documents. */
    interface Target {
        void run() throws Exception;
    }

    /**
     * Runs {@code target} within the time and allocation bounds for an input of {@code length} bytes. An input over a
     * bound is measured again once: the first call of a code path also pays for class loading (and, under Jazzer,
     * instrumentation), and a GC pause or a busy machine is not a finding; quadratic code is slow twice.
     */
    static void bounded(int length, Target target) throws Exception {
        long nanosLimit = SLACK * (FIXED_NANOS + NANOS_PER_BYTE * length);
        long bytesLimit = SLACK * (FIXED_BYTES + BYTES_PER_BYTE * length);
        for (int attempt = 0; ; attempt++) {
            long a0 = THREADS.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            target.run();
            long nanos = System.nanoTime() - t0;
            long bytes = THREADS.getCurrentThreadAllocatedBytes() - a0;
            if (nanos <= nanosLimit && bytes <= bytesLimit) {
                return;
            }
            if (attempt > 0) {
                fail("an input of " + length + " bytes took " + nanos / 1_000_000 + " ms (bound "
                        + nanosLimit / 1_000_000 + " ms) and allocated " + bytes + " bytes (bound " + bytesLimit
                        + ")");
            }
        }
    }

    private static String text(byte[] data) {
        return new String(data, StandardCharsets.UTF_8);
    }

    @FuzzTest(maxDuration = "5m")
    void readHeader(byte[] data) throws Exception {
        bounded(data.length, () -> {
            try {
                NpyHeader h = Npy.readHeader(data);
                // what was read re-encodes to a header that reads back the same
                NpyHeader again = Npy.readHeader(Npy.encodeHeader(NpyHeader.of(h.dtype(), h.shape(),
                        h.fortranOrder())));
                assertEquals(h.dtype(), again.dtype());
                assertEquals(h.shape(), again.shape());
            } catch (NpyFormatException expected) {
                // documented: every bad header is an NpyFormatException
            }
        });
    }

    @FuzzTest(maxDuration = "5m")
    void parseDescr(byte[] data) throws Exception {
        String s = text(data);
        bounded(data.length, () -> {
            try {
                DType t = DType.parse(s);
                assertEquals(t, DType.parse(t.descr()), "descr() parses back to the same dtype");
            } catch (IllegalArgumentException expected) {
                // documented for every invalid descr
            }
        });
    }

    @FuzzTest(maxDuration = "5m")
    void parseLiteral(byte[] data) throws Exception {
        String s = text(data);
        boolean allowLong = data.length > 0 && (data[0] & 1) == 1;
        bounded(data.length, () -> {
            try {
                PyLiteral.parse(s, allowLong);
            } catch (LiteralSyntaxException expected) {
                // documented for text that is not one literal
            }
        });
    }

    /** The text is parsed, then resolved against a few shapes in both orders. */
    @FuzzTest(maxDuration = "5m")
    void parseSelection(byte[] data) throws Exception {
        String s = text(data);
        bounded(data.length, () -> {
            Selection sel;
            try {
                sel = Selection.parse(s);
            } catch (IllegalArgumentException expected) { // SelectionSyntaxException and the 64-dims rule
                return;
            }
            for (long[] shape : new long[][] {{4, 5, 6}, {0, 3}, {}, {Long.MAX_VALUE / 2}}) {
                for (boolean fortran : new boolean[] {false, true}) {
                    try {
                        sel.resolve(shape, fortran);
                    } catch (IndexOutOfBoundsException | IllegalArgumentException expected) {
                        // documented: outside the array, or more indices than axes
                    }
                }
            }
        });
    }

    @FuzzTest(maxDuration = "5m")
    void read(byte[] data) throws Exception {
        bounded(data.length, () -> {
            NpyArray a;
            try {
                a = Npy.read(data);
            } catch (NpyFormatException expected) { // bad header, DATA_TRUNCATED, TOO_LARGE, OBJECT_DTYPE
                return;
            }
            // what was read saves and reads back with the same dtype, shape and data bytes
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Npy.save(out, a);
            NpyArray back = Npy.read(out.toByteArray());
            assertEquals(a.dtype(), back.dtype());
            assertEquals(a.shape(), back.shape());
            assertArrayEquals(dataBytes(a), dataBytes(back));
        });
    }

    private static byte[] dataBytes(NpyArray a) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.save(out, a, SaveOptions.defaults().withDataOnly(true).withOrder(Order.C));
        return out.toByteArray();
    }
}
