package io.npy4j.dtype;

import io.npy4j.literal.Excerpt;
import io.npy4j.literal.LiteralSyntaxException;
import io.npy4j.literal.PyLiteral;
import io.npy4j.literal.PyValue;

/**
 * A NumPy data type as an {@code .npy} header describes it: a scalar, a structured (record) type, or a subarray
 * (only inside a struct).
 *
 * <p>Values are immutable and compare structurally. {@link #descr()} prints exactly what {@code np.save} writes for
 * the type; {@link #fromDescr(PyValue)} reads every form {@code np.load} accepts (NumPy's {@code descr_to_dtype}).
 */
public sealed interface DType permits ScalarType, StructType, SubarrayType {

    /** Bytes per element, equal to NumPy's {@code dtype.itemsize}. */
    long itemSize();

    /** The descr as a Python value: a str for scalars, a list for structs, a (descr, shape) tuple for subarrays. */
    PyValue descrValue();

    /** The descr as {@code np.save} writes it in a header, e.g. {@code '<f8'} or {@code [('x', '<i4', (2,))]}. */
    default String descr() {
        return descrValue().repr();
    }

    /**
     * A readable name: {@code float64}, {@code int32 (big-endian)}, {@code struct{x: int32[2], y: float64}}.
     */
    String readable();

    /** Whether the type holds Python objects anywhere: its data is then a pickle and cannot be accessed. */
    boolean hasObjects();

    /**
     * Parses a descr given as Python literal text, as it appears in a header ({@code "'<f8'"} or
     * {@code "[('x', '<i4')]"}).
     *
     * @throws IllegalArgumentException if the text is not a literal or not a valid descr
     */
    static DType parse(String descrLiteral) {
        PyValue value;
        try {
            value = PyLiteral.parse(descrLiteral, false);
        } catch (LiteralSyntaxException e) {
            String hint = "";
            String bare = descrLiteral.strip();
            try {
                DescrReader.read(new PyValue.Str(bare));
                // a type string given without its quotes: DType.parse("<f8")
                String quoted = Excerpt.of(new PyValue.Str(bare).repr());
                hint = " (a type string must be quoted as in a header, " + quoted + ", or given to ScalarType.parse("
                        + Excerpt.of("\"" + bare + "\"") + "))";
            } catch (IllegalArgumentException notAType) {
                // no hint: it is not a type string either
            }
            throw new IllegalArgumentException("descr is not a Python literal: " + e.getMessage() + hint, e);
        }
        return fromDescr(value);
    }

    /**
     * Converts a parsed descr value, as NumPy's {@code descr_to_dtype}: a str is a type string ({@code '<f8'},
     * {@code 'float64'}), a list is a struct whose unnamed void fields are padding, a (descr, shape) tuple a subarray.
     *
     * @throws IllegalArgumentException naming the offending part if the value is not a valid descr
     */
    static DType fromDescr(PyValue descr) {
        return DescrReader.read(descr);
    }
}
