package io.npy4j.dtype;

import io.npy4j.literal.Excerpt;
import io.npy4j.literal.PyValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A structured (record) dtype: named fields at byte offsets within an item of {@link #itemSize()} bytes.
 *
 * <p>Gaps between fields and after the last one are padding. The {@linkplain #descr() descr} spells them as
 * {@code ('', '|V<n>')} entries, exactly as NumPy's {@code dtype.descr}; NumPy's {@code align} flag is not part of
 * the file format and so not part of this type.
 *
 * @param fields fields in offset order, without overlaps
 * @param itemSize bytes per element, at least the end of the last field
 */
public record StructType(List<Field> fields, long itemSize) implements DType {

    public StructType {
        fields = List.copyOf(fields);
        long end = 0;
        Set<Object> used = new HashSet<>();
        for (Field f : fields) {
            if (f.offset() < end) {
                // NumPy: "dtype.descr is not defined for types with overlapping or out-of-order fields"
                throw new IllegalArgumentException("field '" + Excerpt.of(f.name()) + "' at offset " + f.offset()
                        + " overlaps or precedes the previous field (which ends at " + end + ")");
            }
            Object titleKey = f.title() instanceof PyValue.Str ? ((PyValue.Str) f.title()).value() : f.title();
            if (!used.add(f.name()) || (titleKey != null && !used.add(titleKey))) {
                throw new IllegalArgumentException("name already used as a name or title: "
                        + Excerpt.of(f.name()));
            }
            try {
                end = Math.addExact(f.offset(), f.type().itemSize());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("field '" + Excerpt.of(f.name()) + "' ends beyond 2^63-1 bytes", e);
            }
        }
        if (itemSize < end) {
            throw new IllegalArgumentException("struct item size " + itemSize + " is smaller than its fields ("
                    + end + " bytes)");
        }
    }

    /** Packs fields one after another (NumPy's default, unaligned layout). */
    public static StructType packed(List<String> names, List<DType> types) {
        List<Field> fs = new ArrayList<>();
        long off = 0;
        for (int i = 0; i < names.size(); i++) {
            fs.add(Field.of(names.get(i), types.get(i), off));
            try {
                off = Math.addExact(off, types.get(i).itemSize());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("struct item size overflows a signed 64-bit integer", e);
            }
        }
        return new StructType(fs, off);
    }

    /** The field with this name or title. */
    public Optional<Field> field(String nameOrTitle) {
        for (Field f : fields) {
            if (f.name().equals(nameOrTitle)
                    || (f.title() instanceof PyValue.Str && ((PyValue.Str) f.title()).value().equals(nameOrTitle))) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Override
    public PyValue descrValue() {
        // NumPy's _array_descr: fields in order, gaps as ('', '|Vn')
        List<PyValue> out = new ArrayList<>();
        long offset = 0;
        for (Field f : fields) {
            if (f.offset() > offset) {
                out.add(padding(f.offset() - offset));
            }
            PyValue name = f.title() == null ? new PyValue.Str(f.name())
                    : PyValue.Tuple.of(f.title(), new PyValue.Str(f.name()));
            if (f.type() instanceof SubarrayType) {
                SubarrayType sub = (SubarrayType) f.type();
                out.add(PyValue.Tuple.of(name, sub.base().descrValue(), SubarrayType.shapeValue(sub.shape())));
            } else {
                out.add(PyValue.Tuple.of(name, f.type().descrValue()));
            }
            offset = f.offset() + f.type().itemSize();
        }
        if (itemSize > offset) {
            out.add(padding(itemSize - offset));
        }
        return new PyValue.PyList(out);
    }

    private static PyValue padding(long n) {
        return PyValue.Tuple.of(new PyValue.Str(""), new PyValue.Str("|V" + n));
    }

    @Override
    public String readable() {
        StringBuilder sb = new StringBuilder("struct{");
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            sb.append(i > 0 ? ", " : "").append(f.name()).append(": ").append(f.type().readable());
        }
        return sb.append('}').toString();
    }

    @Override
    public boolean hasObjects() {
        return fields.stream().anyMatch(f -> f.type().hasObjects());
    }

    /** The descr text. */
    @Override
    public String toString() {
        return descr();
    }
}
