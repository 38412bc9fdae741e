package io.npy4j.dtype;

import io.npy4j.literal.PyValue;
import java.util.Objects;

/**
 * One named field of a {@link StructType}.
 *
 * @param name field name (may be empty for a non-void field, as NumPy allows)
 * @param title NumPy's optional title ({@code (('title', 'name'), '<i4')}), any literal, or null
 * @param type field type; a {@link SubarrayType} for {@code ('x', '<f4', (3,))}
 * @param offset byte offset of the field within an element
 */
public record Field(String name, PyValue title, DType type, long offset) {
    public Field {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (offset < 0) {
            throw new IllegalArgumentException("negative field offset " + offset);
        }
    }

    /** A field without a title. */
    public static Field of(String name, DType type, long offset) {
        return new Field(name, null, type, offset);
    }
}
