package io.npy4j.literal;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A Python literal value, as {@code ast.literal_eval} would produce it from an {@code .npy} header.
 *
 * <p>Only the literal forms NumPy headers can contain are modelled. {@link #repr()} prints the value exactly as
 * Python's {@code repr} does, which is what {@code np.save} writes.
 */
public sealed interface PyValue {

    /** Python's {@code repr} of this value. */
    String repr();

    /** Python's type name, for error messages ("shape is a list, expected a tuple"). */
    String typeName();

    /** Items' reprs between brackets, separated by {@code ", "}, as Python prints containers. */
    private static String join(String open, List<PyValue> items, String close) {
        StringBuilder sb = new StringBuilder(open);
        for (int i = 0; i < items.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(items.get(i).repr());
        }
        return sb.append(close).toString();
    }

    /** {@code str}. */
    record Str(String value) implements PyValue {
        public Str {
            java.util.Objects.requireNonNull(value);
        }

        /** Keyed hash over the content, so that colliding keys cannot be crafted (see {@code PyHash}). */
        @Override
        public int hashCode() {
            return PyHash.hashCode(this);
        }

        @Override
        public String repr() {
            return PyRepr.str(value);
        }

        @Override
        public String typeName() {
            return "str";
        }
    }

    /** {@code bytes}; kept as latin-1 text of the byte values. */
    record Bytes(String latin1) implements PyValue {
        /** Keyed hash over the content, so that colliding keys cannot be crafted (see {@code PyHash}). */
        @Override
        public int hashCode() {
            return PyHash.hashCode(this);
        }

        @Override
        public String repr() {
            return "b" + PyRepr.bytesBody(latin1);
        }

        @Override
        public String typeName() {
            return "bytes";
        }
    }

    /** {@code int} of any magnitude. */
    record Int(BigInteger value) implements PyValue {
        public static Int of(long v) {
            return new Int(BigInteger.valueOf(v));
        }

        /** Keyed hash over the content, so that colliding keys cannot be crafted (see {@code PyHash}). */
        @Override
        public int hashCode() {
            return PyHash.hashCode(this);
        }

        @Override
        public String repr() {
            return value.toString();
        }

        @Override
        public String typeName() {
            return "int";
        }
    }

    /** {@code float} or {@code complex}: kept as source text; headers never need their value. */
    record Num(String text, String typeName) implements PyValue {
        /** Keyed hash over the content, so that colliding keys cannot be crafted (see {@code PyHash}). */
        @Override
        public int hashCode() {
            return PyHash.hashCode(this);
        }

        @Override
        public String repr() {
            return text;
        }
    }

    /** {@code True} / {@code False}. */
    record Bool(boolean value) implements PyValue {
        /** Keyed hash over the content, so that colliding keys cannot be crafted (see {@code PyHash}). */
        @Override
        public int hashCode() {
            return PyHash.hashCode(this);
        }

        @Override
        public String repr() {
            return value ? "True" : "False";
        }

        @Override
        public String typeName() {
            return "bool";
        }
    }

    /** {@code None}. */
    record None() implements PyValue {
        /** Keyed hash over the content, so that colliding keys cannot be crafted (see {@code PyHash}). */
        @Override
        public int hashCode() {
            return PyHash.hashCode(this);
        }

        @Override
        public String repr() {
            return "None";
        }

        @Override
        public String typeName() {
            return "NoneType";
        }
    }

    /** {@code tuple}. */
    record Tuple(List<PyValue> items) implements PyValue {
        public Tuple {
            items = List.copyOf(items);
        }

        public static Tuple of(PyValue... items) {
            return new Tuple(List.of(items));
        }

        /** Keyed hash over the content, so that colliding keys cannot be crafted (see {@code PyHash}). */
        @Override
        public int hashCode() {
            return PyHash.hashCode(this);
        }

        @Override
        public String repr() {
            return items.size() == 1 ? "(" + items.get(0).repr() + ",)" : join("(", items, ")");
        }

        @Override
        public String typeName() {
            return "tuple";
        }
    }

    /** {@code list}. */
    record PyList(List<PyValue> items) implements PyValue {
        public PyList {
            items = List.copyOf(items);
        }

        /** Keyed hash over the content, so that colliding keys cannot be crafted (see {@code PyHash}). */
        @Override
        public int hashCode() {
            return PyHash.hashCode(this);
        }

        @Override
        public String repr() {
            return join("[", items, "]");
        }

        @Override
        public String typeName() {
            return "list";
        }
    }

    /** {@code set}: legal in a literal, never valid in a header, kept so the error can say so. */
    record PySet(List<PyValue> items) implements PyValue {
        public PySet {
            items = List.copyOf(items);
        }

        /** Keyed hash over the content, so that colliding keys cannot be crafted (see {@code PyHash}). */
        @Override
        public int hashCode() {
            return PyHash.hashCode(this);
        }

        @Override
        public String repr() {
            return join("{", items, "}");
        }

        @Override
        public String typeName() {
            return "set";
        }
    }

    /**
     * {@code dict}, in source order with Python's last-wins rule for repeated keys (the map keeps the first
     * position and the last value, as a Python dict does).
     */
    record Dict(Map<PyValue, PyValue> entries) implements PyValue {
        public Dict {
            entries = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(entries));
        }

        /** Keyed hash over the content, so that colliding keys cannot be crafted (see {@code PyHash}). */
        @Override
        public int hashCode() {
            return PyHash.hashCode(this);
        }

        @Override
        public String repr() {
            StringBuilder sb = new StringBuilder("{");
            boolean first = true;
            for (Map.Entry<PyValue, PyValue> e : entries.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                sb.append(e.getKey().repr()).append(": ").append(e.getValue().repr());
            }
            return sb.append('}').toString();
        }

        @Override
        public String typeName() {
            return "dict";
        }
    }
}
