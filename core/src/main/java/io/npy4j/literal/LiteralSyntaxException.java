package io.npy4j.literal;

/** Text that is not a Python literal of the accepted subset; {@link #index()} is the character position. */
public final class LiteralSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int index;
    private final String reason;

    LiteralSyntaxException(String reason, int index) {
        this(Excerpt.of(reason, 2 * Excerpt.MAX_CHARS), index, true);
    }

    private LiteralSyntaxException(String reason, int index, boolean clipped) {
        super(reason + " at character " + index);
        this.reason = reason;
        this.index = index;
    }

    /** Character index (into the parsed text) where the problem was found. */
    public int index() {
        return index;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }
}
