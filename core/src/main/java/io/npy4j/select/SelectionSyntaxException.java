package io.npy4j.select;

/**
 * A selection text that {@link IndexExpression#parse(String)} cannot read.
 *
 * <p>The message quotes the whole text and marks the offending column with a caret, so it can be
 * shown to a user as is.
 */
public final class SelectionSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final String text;
    private final int column;

    SelectionSyntaxException(String problem, String text, int column) {
        super(problem + " at column " + column + ":\n  " + text + "\n  " + " ".repeat(column) + "^");
        this.problem = problem;
        this.text = text;
        this.column = column;
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
