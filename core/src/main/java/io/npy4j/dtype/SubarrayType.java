package io.npy4j.dtype;

import io.npy4j.literal.Excerpt;
import io.npy4j.literal.PyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A fixed-shape block of a base type inside a struct field: {@code ('x', '<f4', (3,))}. The base may itself be a
 * subarray ({@code ('c', ('<f8', (5,)), (2,))}); NumPy keeps such nesting and so do we.
 *
 * @param base element type of the block
 * @param shape extents of the block, at least one axis
 */
public record SubarrayType(DType base, Shape shape) implements DType {

    public SubarrayType {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(shape, "shape");
        if (shape.rank() == 0) {
            throw new IllegalArgumentException("a subarray needs at least one axis; () means the base type itself");
        }
        if (base instanceof ScalarType && base.itemSize() == 0) {
            // NumPy: "invalid itemsize in generic type tuple" for S0/U0/V0 blocks
            throw new IllegalArgumentException("a subarray of zero-width " + base.descr() + " is not allowed");
        }
        try {
            Math.multiplyExact(base.itemSize(), shape.size());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("subarray " + shape + " of " + Excerpt.of(base.descr())
                    + " is too large");
        }
    }

    @Override
    public long itemSize() {
        return base.itemSize() * shape.size();
    }

    @Override
    public PyValue descrValue() {
        return PyValue.Tuple.of(base.descrValue(), shapeValue(shape));
    }

    @Override
    public String readable() {
        StringBuilder sb = new StringBuilder(base.readable()).append('[');
        for (int i = 0; i < shape.rank(); i++) {
            sb.append(i > 0 ? "," : "").append(shape.dim(i));
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean hasObjects() {
        return base.hasObjects();
    }

    static PyValue.Tuple shapeValue(Shape shape) {
        List<PyValue> dims = new ArrayList<>(shape.rank());
        for (long d : shape.toArray()) {
            dims.add(PyValue.Int.of(d));
        }
        return new PyValue.Tuple(dims);
    }

    /** The descr text. */
    @Override
    public String toString() {
        return descr();
    }
}
