package io.npy4j.write;

import io.npy4j.NpyHeader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * An existing file's header is not the one a coordinator, worker or appender expects: another dtype, shape or
 * order. Nothing was written. The fields say which file and what differs; the message is built from them, e.g.
 * {@code result.npy: header differs from the expected one: shape (60000, 2) != expected (60000, 3)}.
 */
public final class HeaderMismatchException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final transient NpyHeader expected;
    private final transient NpyHeader found;
    private final List<String> differences;

    public HeaderMismatchException(Path file, NpyHeader expected, NpyHeader found, List<String> differences) {
        super(file + ": header differs from the expected one: " + String.join("; ", differences));
        this.file = Objects.requireNonNull(file);
        this.expected = expected;
        this.found = found;
        this.differences = List.copyOf(differences);
    }

    public Path file() {
        return file;
    }

    /** What the caller expected (the dtype, shape and order are what was compared). */
    public NpyHeader expected() {
        return expected;
    }

    /** What the file holds. */
    public NpyHeader found() {
        return found;
    }

    /** One line per difference: {@code "dtype '<f4' != expected '<f8'"}. */
    public List<String> differences() {
        return differences;
    }

    /** The differences in dtype, shape and order between {@code found} and {@code expected}; empty if none. */
    static List<String> compare(NpyHeader expected, NpyHeader found) {
        List<String> d = new java.util.ArrayList<>();
        if (!expected.dtype().equals(found.dtype())) {
            d.add("dtype " + found.dtype().descr() + " != expected " + expected.dtype().descr());
        }
        if (!expected.shape().equals(found.shape())) {
            d.add("shape " + found.shape() + " != expected " + expected.shape());
        }
        if (expected.fortranOrder() != found.fortranOrder()) {
            d.add("fortran_order " + (found.fortranOrder() ? "True" : "False") + " != expected "
                    + (expected.fortranOrder() ? "True" : "False"));
        }
        return d;
    }

    /** Throws if {@code found} differs from {@code expected} in dtype, shape or order. */
    static void check(Path file, NpyHeader expected, NpyHeader found) throws HeaderMismatchException {
        List<String> d = compare(expected, found);
        if (!d.isEmpty()) {
            throw new HeaderMismatchException(file, expected, found, d);
        }
    }
}
