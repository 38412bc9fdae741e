package io.npy4j.array;

import io.npy4j.dtype.Shape;
import java.lang.reflect.Array;

/** Flat C-order Java arrays to nested ones ({@code double[][]}) and back. */
public final class Nesting {
    private Nesting() {
    }

    /** {@code flat} (a primitive or object array in C order) as nested arrays of {@code shape}; 0-d: the boxed value. */
    public static Object reshape(Object flat, Shape shape) {
        int rank = shape.rank();
        if (rank == 0) {
            return Array.get(flat, 0);
        }
        for (int a = 0; a < rank; a++) {
            if (shape.dim(a) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("axis " + a + " of shape " + shape + " is too long for a Java array");
            }
        }
        if (rank == 1) {
            return flat;
        }
        Class<?> leaf = flat.getClass().getComponentType();
        int[] pos = {0};
        return build(flat, leaf, shape, 0, pos);
    }

    private static Object build(Object flat, Class<?> leaf, Shape shape, int axis, int[] pos) {
        int n = (int) shape.dim(axis);
        if (axis == shape.rank() - 1) {
            Object row = Array.newInstance(leaf, n);
            System.arraycopy(flat, pos[0], row, 0, n);
            pos[0] += n;
            return row;
        }
        int[] dims = new int[shape.rank() - axis - 1];
        Class<?> type = Array.newInstance(leaf, dims).getClass();
        Object out = Array.newInstance(type, n);
        for (int i = 0; i < n; i++) {
            Array.set(out, i, build(flat, leaf, shape, axis + 1, pos));
        }
        return out;
    }

    /** The shape of nested arrays ({@code double[3][4]} -> (3, 4)); jagged arrays are refused. */
    public static long[] shapeOf(Object nested) {
        java.util.List<Long> dims = new java.util.ArrayList<>();
        Object a = nested;
        Class<?> c = nested.getClass();
        while (c.isArray()) {
            int len = a == null ? 0 : Array.getLength(a);
            dims.add((long) len);
            c = c.getComponentType();
            if (!c.isArray()) {
                break;
            }
            a = len > 0 ? Array.get(a, 0) : null; // below an empty axis every axis is empty
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        check(nested, shape, 0, "");
        return shape;
    }

    private static void check(Object a, long[] shape, int axis, String where) {
        if (Array.getLength(a) != shape[axis]) {
            throw new IllegalArgumentException("jagged array: element " + where + " has length " + Array.getLength(a)
                    + " where the first row at that depth has " + shape[axis] + "; NumPy arrays are rectangular");
        }
        if (axis + 1 < shape.length) {
            for (int i = 0; i < shape[axis]; i++) {
                Object row = Array.get(a, i);
                if (row == null) {
                    throw new IllegalArgumentException("element " + where + "[" + i + "] is null");
                }
                check(row, shape, axis + 1, where + "[" + i + "]");
            }
        }
    }

    /** The innermost component type of nested arrays: {@code double} for {@code double[][]}. */
    static Class<?> leafType(Object nested) {
        Class<?> c = nested.getClass();
        while (c.isArray()) {
            c = c.getComponentType();
        }
        return c;
    }

    /** Nested arrays flattened in C order into one array of the leaf type. */
    public static Object flatten(Object nested, long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        if (n > AbstractArray.MAX_JAVA_ARRAY) {
            throw new IllegalArgumentException("shape has " + n + " elements, more than one Java array holds");
        }
        Object flat = Array.newInstance(leafType(nested), (int) n);
        if (shape.length <= 1) {
            System.arraycopy(nested, 0, flat, 0, (int) n);
            return flat;
        }
        int[] pos = {0};
        fill(nested, flat, shape.length, 1, pos);
        return flat;
    }

    private static void fill(Object a, Object flat, int rank, int depth, int[] pos) {
        int n = Array.getLength(a);
        if (depth == rank) {
            System.arraycopy(a, 0, flat, pos[0], n);
            pos[0] += n;
            return;
        }
        for (int i = 0; i < n; i++) {
            fill(Array.get(a, i), flat, rank, depth + 1, pos);
        }
    }
}
