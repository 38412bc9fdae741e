package io.npy4j;

/** Memory order of an array's data: NumPy's {@code order='C'} (row-major) or {@code order='F'} (column-major). */
public enum Order {
    /** Row-major: the last index varies fastest ({@code fortran_order: False}). */
    C,
    /** Column-major: the first index varies fastest ({@code fortran_order: True}). */
    F
}
