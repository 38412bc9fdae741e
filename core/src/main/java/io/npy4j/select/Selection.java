package io.npy4j.select;

/**
 * What part of an array to read: the entry point of this package.
 *
 * <p>A selection is independent of any particular array; {@link #resolve(long[], boolean)} binds
 * it to a storage shape and order and yields a {@link Region} (result shape plus storage
 * strides), which {@link CopyPlan} turns into byte runs. Three kinds exist:
 * <ul>
 *   <li>{@link ElementRange}: a run of elements in storage order, result 1-D;</li>
 *   <li>{@link Hyperslab}: per axis already-resolved slices {@code start:stop:step};</li>
 *   <li>{@link IndexExpression}: NumPy basic indexing text such as {@code "[10:20, ::-2, ..., 5]"}.</li>
 * </ul>
 */
public sealed interface Selection permits ElementRange, Hyperslab, IndexExpression {

    /** The whole array, in its own shape (the expression {@code [...]}). */
    static Selection all() {
        return IndexExpression.ALL;
    }

    /**
     * {@code count} consecutive elements starting at element {@code offset}, counted in storage
     * order (the order of the bytes in the file, whichever of C or Fortran it is).
     *
     * @throws IllegalArgumentException if {@code count < 0}
     */
    static ElementRange elements(long offset, long count) {
        return new ElementRange(offset, count);
    }

    /**
     * One resolved slice per axis, with Python's meaning after {@code slice.indices(n)}: elements
     * {@code start, start+step, ...} strictly before {@code stop}. The arrays are copied.
     *
     * @throws IllegalArgumentException if the lengths differ or a step is 0
     */
    static Hyperslab hyperslab(long[] start, long[] stop, long[] step) {
        return new Hyperslab(start, stop, step);
    }

    /**
     * Parses NumPy basic indexing text; see {@link IndexExpression} for the grammar.
     *
     * @throws SelectionSyntaxException if the text is not a valid index expression
     */
    static IndexExpression parse(String text) {
        return IndexExpression.parse(text);
    }

    /**
     * Binds this selection to an array whose data is stored with the given shape and order.
     *
     * @param shape        the storage shape from the header (not modified); dimensions {@code >= 0}
     * @param fortranOrder whether the storage is column-major ({@code fortran_order: True})
     * @throws IndexOutOfBoundsException if the selection reaches outside the array
     * @throws IllegalArgumentException  if the shape is invalid or does not fit the selection
     *                                   (e.g. a hyperslab of another rank)
     */
    Region resolve(long[] shape, boolean fortranOrder);
}
