package io.npy4j.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.npy4j.FormatVersion;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyHeader;
import io.npy4j.fixtures.HeaderSpec;
import io.npy4j.fixtures.NpyArbitraries;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The np.save fast path answers only where the general parser gives the same header. */
class FastHeaderTest {

    /** The header text np.save writes for {@code spec}: the dict, space padding to 64 bytes, newline. */
    private static String text(HeaderSpec spec) {
        String dict = spec.dictText();
        int len = FormatVersion.V1_0.prefixLength() + dict.length() + 1;
        return dict + " ".repeat((64 - len % 64) % 64) + "\n";
    }

    @Property(tries = 400)
    void canonicalHeadersOfPlainDtypesTakeTheFastPathAndAgree(@ForAll("headers") HeaderSpec spec) throws Exception {
        String t = text(spec);
        NpyHeader fast = FastHeader.tryParse(t, FormatVersion.V1_0, t.length());
        NpyHeader slow;
        try {
            slow = HeaderReader.interpretLiteral(t, FormatVersion.V1_0, t.length(), 10);
        } catch (NpyFormatException e) { // e.g. a shape whose byte size overflows: the fast path must not answer
            assertNull(fast, t + " is refused by the general path (" + e.getMessage() + ")");
            return;
        }
        if (spec.descrRepr().startsWith("'")) {
            assertNotNull(fast, t);
        }
        if (fast != null) {
            assertEquals(slow, fast, t);
        }
    }

    @Property(tries = 2000)
    void aDamagedHeaderIsEitherRefusedByTheFastPathOrReadAlikeByBoth(@ForAll("damaged") String t) {
        NpyHeader fast = FastHeader.tryParse(t, FormatVersion.V1_0, t.length());
        if (fast == null) {
            return;
        }
        try {
            assertEquals(HeaderReader.interpretLiteral(t, FormatVersion.V1_0, t.length(), 10), fast, t);
        } catch (NpyFormatException e) {
            throw new AssertionError("fast path accepted what the general path refuses (" + e.getMessage() + "): "
                    + t);
        }
    }

    @Test
    void formsNpSaveNeverWritesAreLeftToTheGeneralPath() {
        for (String t : new String[] {
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3), }\n",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4,), }\n",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (03,), }\n",
            "{'descr': '<f8', 'fortran_order': 0, 'shape': (3,), }\n",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }  x\n",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
            "{'descr': '<f\\x38', 'fortran_order': False, 'shape': (3,), }\n",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (9999999999999999999,), }\n",
            "{'descr': '<f9', 'fortran_order': False, 'shape': (3,), }\n",
            "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }\n",
        }) {
            assertNull(FastHeader.tryParse(t, FormatVersion.V1_0, t.length()), t);
        }
    }

    @Provide
    Arbitrary<HeaderSpec> headers() {
        return NpyArbitraries.headers();
    }

    @Provide
    Arbitrary<String> damaged() {
        Arbitrary<String> base = NpyArbitraries.headers().filter(h -> h.descrRepr().startsWith("'"))
                .map(FastHeaderTest::text);
        Arbitrary<Character> chars = Arbitraries.of('0', '1', '9', ' ', ',', '(', ')', '\'', '<', 'f', 'T', '}',
                '\n', '-', 'x', '[');
        return Combinators.combine(base, Arbitraries.integers().between(0, 1000), chars,
                Arbitraries.integers().between(0, 2)).as((t, at, c, op) -> {
                    int i = at % Math.max(1, t.length());
                    return switch (op) {
                        case 0 -> t.substring(0, i) + c + t.substring(i); // insert
                        case 1 -> t.substring(0, i) + t.substring(Math.min(t.length(), i + 1)); // delete
                        default -> t.substring(0, i) + c + t.substring(Math.min(t.length(), i + 1)); // replace
                    };
                });
    }
}
