package io.npy4j.dtype;

import io.npy4j.literal.Excerpt;
import io.npy4j.literal.PyValue;
import java.util.ArrayList;
import java.util.List;

/** NumPy's {@code descr_to_dtype}: converts a parsed descr value into a {@link DType}. */
final class DescrReader {
    /**
     * Most fields one descr may have, counted over all nesting levels: 100,000, or a tenth of the header size limit
     * ({@code npy4j.header.maxSize}) if that is larger. {@code np.save} spends at least 14 characters per field
     * ({@code ('a', '|i1'), }), so no header it writes within the limit comes near; but a comma string spends 2
     * ({@code 'b,b,b,...'}), and each field costs ~100 bytes of objects, so without a cap a 1 MiB header could
     * cost over 50 MB of heap. With it, the objects a descr makes stay within a small multiple of the header limit.
     */
    static final int MAX_FIELDS = Math.max(100_000, Integer.getInteger("npy4j.header.maxSize", 1 << 20) / 10);

    /** Fields made so far while reading one descr. */
    static final class FieldBudget {
        private long used;

        /** Accounts for {@code n} more fields of a struct that has {@code structFields} in all. */
        void take(long n, long structFields) {
            used += n;
            if (used > MAX_FIELDS) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "too many fields: a struct of %,d fields%s, more than the %,d a descr may have", structFields,
                        used > n ? " (after " + (used - n) + " others)" : "", MAX_FIELDS));
            }
        }
    }

    private DescrReader() {
    }

    static DType read(PyValue descr) {
        try {
            return read(descr, new FieldBudget());
        } catch (ArithmeticException e) {
            // a backstop: the sizes below are checked where they are computed, any miss is still a bad descr
            throw new IllegalArgumentException("descr sizes overflow a signed 64-bit integer: " + e.getMessage(), e);
        }
    }

    private static DType read(PyValue descr, FieldBudget budget) {
        if (descr instanceof PyValue.Str) {
            return ScalarType.parseDescrString(((PyValue.Str) descr).value(), budget);
        }
        if (descr instanceof PyValue.Tuple) {
            List<PyValue> t = ((PyValue.Tuple) descr).items();
            if (t.size() != 2) {
                throw new IllegalArgumentException("a subarray descr must be (descr, shape), got "
                        + Excerpt.of(descr.repr()));
            }
            return subarray(read(t.get(0), budget), t.get(1));
        }
        if (descr instanceof PyValue.PyList) {
            return struct(((PyValue.PyList) descr).items(), budget);
        }
        throw new IllegalArgumentException("descr must be a str, a list of fields or a (descr, shape) tuple, not "
                + descr.typeName() + " " + Excerpt.of(descr.repr()));
    }

    private static DType struct(List<PyValue> items, FieldBudget budget) {
        budget.take(items.size(), items.size());
        List<Field> fields = new ArrayList<>();
        long offset = 0;
        for (PyValue item : items) {
            List<PyValue> parts;
            if (item instanceof PyValue.Tuple) {
                parts = ((PyValue.Tuple) item).items();
            } else if (item instanceof PyValue.PyList) {
                parts = ((PyValue.PyList) item).items();
            } else {
                throw new IllegalArgumentException("struct field must be a tuple, not " + Excerpt.of(item.repr()));
            }
            if (parts.size() < 2) {
                throw new IllegalArgumentException("not enough values in struct field " + Excerpt.of(item.repr())
                        + " (expected (name, descr) or (name, descr, shape))");
            }
            if (parts.size() > 3) {
                throw new IllegalArgumentException("too many values in struct field " + Excerpt.of(item.repr())
                        + " (expected (name, descr) or (name, descr, shape))");
            }
            DType type = read(parts.get(1), budget);
            if (parts.size() == 3) {
                type = subarray(type, parts.get(2));
            }
            PyValue nameValue = parts.get(0);
            // as descr_to_dtype: an unnamed, unstructured void (or subarray) field is padding and is dropped
            boolean isPad = nameValue instanceof PyValue.Str && ((PyValue.Str) nameValue).value().isEmpty()
                    && (type instanceof SubarrayType
                        || (type instanceof ScalarType && ((ScalarType) type).code() == TypeCode.VOID));
            if (!isPad) {
                PyValue title = null;
                PyValue name = nameValue;
                if (nameValue instanceof PyValue.Tuple && ((PyValue.Tuple) nameValue).items().size() == 2) {
                    title = ((PyValue.Tuple) nameValue).items().get(0);
                    name = ((PyValue.Tuple) nameValue).items().get(1);
                }
                if (!(name instanceof PyValue.Str)) {
                    throw new IllegalArgumentException("field names must be strings, got " + Excerpt.of(name.repr()));
                }
                fields.add(new Field(((PyValue.Str) name).value(), title, type, offset));
            }
            try {
                offset = Math.addExact(offset, type.itemSize());
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("struct item size overflows");
            }
        }
        return new StructType(fields, offset);
    }

    private static DType subarray(DType base, PyValue shapeValue) {
        long[] dims;
        if (shapeValue instanceof PyValue.Int) {
            dims = new long[] {dim(shapeValue)};
        } else if (shapeValue instanceof PyValue.Tuple) {
            List<PyValue> items = ((PyValue.Tuple) shapeValue).items();
            dims = new long[items.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = dim(items.get(i));
            }
        } else {
            throw new IllegalArgumentException("invalid shape in fixed-type tuple: " + Excerpt.of(shapeValue.repr()));
        }
        if (dims.length == 0) {
            return base; // np.dtype((t, ())) is t
        }
        return new SubarrayType(base, subarrayShape(dims));
    }

    /** {@link Shape#of}, with its overflow reported as the invalid descr it is. */
    static Shape subarrayShape(long[] dims) {
        try {
            return Shape.of(dims);
        } catch (ArithmeticException e) {
            // NumPy: "invalid shape in fixed-type tuple: dtype size in bytes must fit into a C int"
            throw new IllegalArgumentException("invalid shape in fixed-type tuple: " + e.getMessage(), e);
        }
    }

    private static long dim(PyValue v) {
        if (!(v instanceof PyValue.Int)) {
            throw new IllegalArgumentException("invalid shape in fixed-type tuple: dimension " + Excerpt.of(v.repr())
                    + " is not an integer");
        }
        java.math.BigInteger b = ((PyValue.Int) v).value();
        if (b.signum() < 0 || b.bitLength() > 31) {
            throw new IllegalArgumentException("invalid shape in fixed-type tuple: dimension "
                    + Excerpt.of(b.toString()) + " is out of range");
        }
        return b.longValueExact();
    }
}
