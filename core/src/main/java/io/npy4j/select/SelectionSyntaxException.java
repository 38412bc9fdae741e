package io.npy4j.select;

import io.npy4j.literal.Excerpt;

/**
 * A selection text that {@link IndexExpression#parse(String)} cannot read.
 *
 * <p>The message quotes the text and marks the offending column with a caret, so it can be
 * shown to a user as is. A text longer than {@link Excerpt#MAX_CHARS} characters is quoted as a window
 * around the column, with {@code …} where text was left out, and its length is given.
 */
public final class SelectionSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final String text;
    private final int column;

    SelectionSyntaxException(String problem, String text, int column) {
        super(message(problem, text, column));
        this.problem = problem;
        this.text = text;
        this.column = column;
    }

    private static String message(String problem, String text, int column) {
        Excerpt.Window w = Excerpt.around(text, column);
        return problem + " at column " + column + (w.elided() ? " of " + text.length() + " characters" : "")
                + ":\n  " + w.text() + "\n  " + " ".repeat(w.caret()) + "^";
    }

    /** What is wrong, without the text and caret (for one-line reports). */
    public String problem() {
        return problem;
    }

    /** The 0-based column (UTF-16 index into {@link #text()}) where the problem was found. */
    public int column() {
        return column;
    }

    /** The text that failed to parse. */
    public String text() {
        return text;
    }
}
