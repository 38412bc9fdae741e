package io.npy4j.array;

import java.nio.ReadOnlyBufferException;

/** A write to a read-only array, with a message naming the source and mode (the JDK's exception has none). */
final class ReadOnlyArrayException extends ReadOnlyBufferException {
    private static final long serialVersionUID = 1L;
    private final String message;

    ReadOnlyArrayException(String message) {
        this.message = message;
    }

    @Override
    public String getMessage() {
        return message;
    }
}
