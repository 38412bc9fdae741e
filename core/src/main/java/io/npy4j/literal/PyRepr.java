package io.npy4j.literal;

/**
 * Python 3's {@code repr} for {@code str} and {@code bytes}, character for character.
 *
 * <p>{@code np.save} writes field names with {@code repr}, so byte-identical headers need Python's quote choice,
 * escapes and {@code str.isprintable} rule. Printability follows the JDK's Unicode tables, which can differ from the
 * writing Python's for code points assigned in between (only exotic names are affected).
 */
public final class PyRepr {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PyRepr() {
    }

    /** {@code repr(s)} for a Python {@code str}. */
    public static String str(String s) {
        // as CPython's unicode_repr: single quotes unless the text has ' and no "
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder(s.length() + 2).append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp < ' ' || cp == 0x7f) {
                hex(sb, 'x', cp, 2);
            } else if (cp < 0x7f) {
                sb.append((char) cp);
            } else if (isPrintable(cp)) {
                sb.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                hex(sb, 'x', cp, 2);
            } else if (cp <= 0xffff) {
                hex(sb, 'u', cp, 4);
            } else {
                hex(sb, 'U', cp, 8);
            }
        }
        return sb.append(quote).toString();
    }

    /** The quoted body of {@code repr(b)} for bytes given as latin-1 text (without the {@code b} prefix). */
    static String bytesBody(String latin1) {
        char quote = latin1.indexOf('\'') >= 0 && latin1.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder(latin1.length() + 2).append(quote);
        for (int i = 0; i < latin1.length(); i++) {
            char c = latin1.charAt(i);
            if (c == quote || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < ' ' || c >= 0x7f) {
                hex(sb, 'x', c, 2);
            } else {
                sb.append(c);
            }
        }
        return sb.append(quote).toString();
    }

    /**
     * Python's {@code str.isprintable()} for one code point: false for categories Cc, Cf, Cs, Co, Cn, Zl, Zp and
     * Zs other than the ASCII space.
     */
    public static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SPACE_SEPARATOR:
                return false;
            default:
                return true;
        }
    }

    private static void hex(StringBuilder sb, char kind, int cp, int digits) {
        sb.append('\\').append(kind);
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(HEX[(cp >>> shift) & 0xf]);
        }
    }
}
