package io.npy4j;

/** One complex element: real and imaginary parts (complex64 elements are widened exactly). */
public record Complex(double re, double im) {
    @Override
    public String toString() {
        return "(" + re + (im < 0 || (im == 0 && 1 / im < 0) ? "" : "+") + im + "j)";
    }
}
