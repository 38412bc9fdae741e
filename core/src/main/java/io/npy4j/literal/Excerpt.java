package io.npy4j.literal;

/**
 * Bounded quotations of user input for exception messages: a header, a descr or a slice string can be megabytes long,
 * and a message that quotes it whole is as long (and is then logged, printed and kept in memory as often).
 */
public final class Excerpt {
    /** Longest quotation kept whole; longer ones keep their first and last {@code MAX_CHARS / 2} characters. */
    public static final int MAX_CHARS = 200;

    private Excerpt() {
    }

    /**
     * {@code s} itself if at most {@link #MAX_CHARS} long, otherwise its start and end with the middle elided:
     * {@code 'i1,i1,…,i1' (1048000 characters)}.
     */
    public static String of(String s) {
        return of(s, MAX_CHARS);
    }

    /** As {@link #of(String)} with another length limit (for whole messages that hold several quotations). */
    public static String of(String s, int maxChars) {
        int n = s.length();
        if (n <= maxChars) {
            return s;
        }
        int head = cut(s, maxChars / 2);
        int tail = cut(s, n - maxChars / 2);
        return s.substring(0, head) + "\u2026" + s.substring(tail) + " (" + n + " characters)";
    }

    /**
     * A window of at most {@link #MAX_CHARS} characters of {@code s} around index {@code at}, with {@code …} where
     * text was dropped; {@link Window#caret()} is the index of {@code at} in the window's text.
     */
    public static Window around(String s, int at) {
        int n = s.length();
        if (n <= MAX_CHARS) {
            return new Window(s, Math.max(0, Math.min(at, n)), false);
        }
        int start = cut(s, Math.max(0, Math.min(at - MAX_CHARS / 2, n - MAX_CHARS)));
        int end = cut(s, Math.min(n, start + MAX_CHARS));
        String text = (start > 0 ? "\u2026" : "") + s.substring(start, end) + (end < n ? "\u2026" : "");
        return new Window(text, Math.max(0, Math.min(at, n)) - start + (start > 0 ? 1 : 0), true);
    }

    /**
     * An excerpt of a text around a position.
     *
     * @param text the excerpt, with {@code …} at either end where text was dropped
     * @param caret the position within {@code text}
     * @param elided whether anything was dropped
     */
    public record Window(String text, int caret, boolean elided) {
    }

    /** {@code i}, moved off the middle of a surrogate pair. */
    private static int cut(String s, int i) {
        return i > 0 && i < s.length() && Character.isLowSurrogate(s.charAt(i))
                && Character.isHighSurrogate(s.charAt(i - 1)) ? i - 1 : i;
    }
}
