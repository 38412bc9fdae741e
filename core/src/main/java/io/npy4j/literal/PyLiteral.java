package io.npy4j.literal;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A linear-time, non-recursive parser for the Python literal subset that {@code ast.literal_eval} accepts in
 * {@code .npy} headers: dict, set, tuple, list, str and bytes (quote styles, {@code r/u/b} prefixes, escapes,
 * implicit concatenation), int (any base, {@code _} separators, sign, optional Python-2 {@code L} suffix), float and
 * complex (kept as text), {@code True}/{@code False}/{@code None}, whitespace, comments and parentheses.
 *
 * <p>Why not recursive descent: {@code literal_eval} is the reason NumPy caps headers at 10,000 characters; this
 * parser keeps its own stack, bounds nesting at {@link #MAX_DEPTH} (CPython's parser limit is of the same order),
 * caps integer literals at Python's 4,300 digits, and does constant work per character, so large headers are safe.
 */
public final class PyLiteral {
    /** Deepest bracket nesting accepted. */
    public static final int MAX_DEPTH = 200;
    /** Python 3.11's limit on the digits of an int literal. */
    static final int MAX_INT_DIGITS = 4300;

    private final String text;
    private final boolean allowLongSuffix;
    private int pos;

    private PyLiteral(String text, boolean allowLongSuffix) {
        this.text = text;
        this.allowLongSuffix = allowLongSuffix;
    }

    /**
     * Parses {@code text} as one Python literal.
     *
     * @param allowLongSuffix accept Python 2's {@code 2L} (NumPy does for format versions 1.0 and 2.0 only)
     */
    public static PyValue parse(String text, boolean allowLongSuffix) throws LiteralSyntaxException {
        return new PyLiteral(text, allowLongSuffix).parseAll();
    }

    private enum Kind { DICT, SET, LIST, PAREN }

    /** An open bracket and what has been collected inside it so far. */
    private static final class Frame {
        final Kind kind;
        final int openedAt;
        final List<PyValue> items = new ArrayList<>();
        final Map<PyValue, PyValue> dict = new LinkedHashMap<>();
        PyValue pendingKey;
        boolean sawComma;
        Kind dictOrSet; // DICT or SET once known, null while the first item of '{' is being read

        Frame(Kind kind, int openedAt) {
            this.kind = kind;
            this.openedAt = openedAt;
        }
    }

    private PyValue parseAll() throws LiteralSyntaxException {
        if (text.indexOf('\0') >= 0) {
            throw new LiteralSyntaxException("NUL character in header text", text.indexOf('\0'));
        }
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        PyValue value = null;
        while (true) {
            if (value == null) {
                skipSpace();
                int start = pos;
                if (pos >= text.length() && !stack.isEmpty()) {
                    throw unbalanced(stack.peek());
                }
                char c = peek();
                if (c == '{' || c == '[' || c == '(') {
                    pos++;
                    if (stack.size() >= MAX_DEPTH) {
                        throw new LiteralSyntaxException("brackets nested deeper than " + MAX_DEPTH, start);
                    }
                    skipSpace();
                    char close = c == '{' ? '}' : c == '[' ? ']' : ')';
                    if (peek() == close) { // empty container
                        pos++;
                        value = c == '{' ? new PyValue.Dict(Map.of())
                                : c == '[' ? new PyValue.PyList(List.of()) : new PyValue.Tuple(List.of());
                    } else {
                        stack.push(new Frame(c == '{' ? Kind.DICT : c == '[' ? Kind.LIST : Kind.PAREN, start));
                    }
                } else {
                    value = scalar();
                }
                continue;
            }
            Frame top = stack.peek();
            skipSpace();
            if (top == null) {
                if (pos < text.length()) {
                    throw new LiteralSyntaxException("unexpected text after the literal: '" + excerpt() + "'", pos);
                }
                return value;
            }
            int at = pos;
            char c = pos < text.length() ? text.charAt(pos++) : '\uffff';
            switch (top.kind) {
                case LIST:
                    if (c == ',' || c == ']') {
                        top.items.add(value);
                        value = c == ']' || closesNext(']') ? close(stack) : null;
                        continue;
                    }
                    break;
                case PAREN:
                    if (c == ',') {
                        top.items.add(value);
                        top.sawComma = true;
                        value = closesNext(')') ? close(stack) : null;
                        continue;
                    }
                    if (c == ')') {
                        if (top.sawComma) {
                            top.items.add(value);
                            value = close(stack);
                        } else {
                            stack.pop(); // a parenthesised value, not a tuple
                        }
                        continue;
                    }
                    break;
                default: // '{': dict or set
                    if (top.pendingKey == null && top.dictOrSet != Kind.SET && c == ':') {
                        requireHashable(value, at);
                        top.dictOrSet = Kind.DICT;
                        top.pendingKey = value;
                        value = null;
                        continue;
                    }
                    if (c == ',' || c == '}') {
                        if (top.pendingKey != null) {
                            // Python: last value wins, first position (and first key object) kept, which is
                            // what LinkedHashMap.put does for a key already present
                            top.dict.put(top.pendingKey, value);
                            top.pendingKey = null;
                        } else if (top.dictOrSet != Kind.DICT) {
                            requireHashable(value, at);
                            top.dictOrSet = Kind.SET;
                            top.items.add(value);
                        } else {
                            break;
                        }
                        value = c == '}' || closesNext('}') ? close(stack) : null;
                        continue;
                    }
                    break;
            }
            if (c == '\uffff') {
                throw unbalanced(top);
            }
            throw new LiteralSyntaxException("unexpected '" + c + "'", at);
        }
    }

    private LiteralSyntaxException unbalanced(Frame top) {
        return new LiteralSyntaxException("unbalanced '" + text.charAt(top.openedAt) + "': the text ends before it"
                + " is closed", top.openedAt);
    }

    /** Consumes the closing bracket after a trailing comma, if it is next. */
    private boolean closesNext(char close) {
        skipSpace();
        if (peek() == close) {
            pos++;
            return true;
        }
        return false;
    }

    private static PyValue close(ArrayDeque<Frame> stack) {
        Frame f = stack.pop();
        switch (f.kind) {
            case LIST:
                return new PyValue.PyList(f.items);
            case PAREN:
                return new PyValue.Tuple(f.items);
            default:
                if (f.dictOrSet == Kind.SET) {
                    // Python keeps set members unique; order does not matter for headers
                    return new PyValue.PySet(new ArrayList<>(new java.util.LinkedHashSet<>(f.items)));
                }
                return new PyValue.Dict(f.dict);
        }
    }

    private static void requireHashable(PyValue v, int at) throws LiteralSyntaxException {
        if (v instanceof PyValue.PyList || v instanceof PyValue.Dict || v instanceof PyValue.PySet) {
            throw new LiteralSyntaxException("unhashable " + v.typeName() + " used as a dict key or set member", at);
        }
    }

    private PyValue scalar() throws LiteralSyntaxException {
        int start = pos;
        char c = peek();
        if (c == '+' || c == '-') {
            pos++;
            skipSpace();
            char d = peek();
            if (!(isDigit(d) || (d == '.' && isDigit(peekAt(pos + 1))))) {
                throw new LiteralSyntaxException("a sign must be followed by a number", start);
            }
            PyValue n = number();
            if (c == '-') {
                if (n instanceof PyValue.Int) {
                    return new PyValue.Int(((PyValue.Int) n).value().negate());
                }
                PyValue.Num num = (PyValue.Num) n;
                return new PyValue.Num("-" + num.text(), num.typeName());
            }
            return n;
        }
        if (isDigit(c) || (c == '.' && isDigit(peekAt(pos + 1)))) {
            return number();
        }
        if (c == '\'' || c == '"') {
            return strings();
        }
        if (Character.isLetter(c) || c == '_') {
            int end = pos;
            while (end < text.length() && isIdentifierPart(text.charAt(end))) {
                end++;
            }
            String word = text.substring(pos, end);
            if (end < text.length() && (text.charAt(end) == '\'' || text.charAt(end) == '"')
                    && word.matches("(?i)(r|u|b|br|rb)")) {
                return strings();
            }
            pos = end;
            switch (word) {
                case "True":
                    return new PyValue.Bool(true);
                case "False":
                    return new PyValue.Bool(false);
                case "None":
                    return new PyValue.None();
                default:
                    throw new LiteralSyntaxException("'" + Excerpt.of(word) + "' is not a literal (only True, False "
                            + "and None are)", start);
            }
        }
        if (c == '\uffff') {
            throw new LiteralSyntaxException(start == 0 || text.isBlank() ? "empty header text"
                    : "text ends where a value was expected", start);
        }
        throw new LiteralSyntaxException("unexpected '" + c + "' where a value was expected", start);
    }

    /** One or more adjacent string literals, concatenated as Python does. */
    private PyValue strings() throws LiteralSyntaxException {
        StringBuilder sb = new StringBuilder();
        Boolean bytes = null;
        int first = pos;
        while (true) {
            int start = pos;
            boolean raw = false;
            boolean isBytes = false;
            while (Character.isLetter(peek())) {
                char p = Character.toLowerCase(text.charAt(pos++));
                raw |= p == 'r';
                isBytes |= p == 'b';
            }
            if (bytes != null && bytes != isBytes) {
                throw new LiteralSyntaxException("cannot mix bytes and nonbytes literals", start);
            }
            bytes = isBytes;
            stringBody(sb, raw, isBytes, start);
            int save = pos;
            skipSpace();
            char c = peek();
            int look = pos;
            while (look < text.length() && Character.isLetter(text.charAt(look))) {
                look++;
            }
            boolean prefixed = look > pos && look < text.length()
                    && (text.charAt(look) == '\'' || text.charAt(look) == '"')
                    && text.substring(pos, look).matches("(?i)(r|u|b|br|rb)");
            if (c != '\'' && c != '"' && !prefixed) {
                pos = save;
                break;
            }
        }
        return bytes ? new PyValue.Bytes(sb.toString()) : new PyValue.Str(sb.toString());
    }

    private void stringBody(StringBuilder sb, boolean raw, boolean isBytes, int start)
            throws LiteralSyntaxException {
        char q = text.charAt(pos);
        boolean triple = text.startsWith("" + q + q + q, pos);
        pos += triple ? 3 : 1;
        while (true) {
            if (pos >= text.length()) {
                throw new LiteralSyntaxException("unterminated string literal", start);
            }
            char c = text.charAt(pos);
            if (c == q && (!triple || text.startsWith("" + q + q + q, pos))) {
                pos += triple ? 3 : 1;
                return;
            }
            if ((c == '\n' || c == '\r') && !triple) {
                throw new LiteralSyntaxException("unterminated string literal (line ends inside it)", start);
            }
            if (isBytes && c > 0x7f) {
                throw new LiteralSyntaxException("bytes can only contain ASCII literal characters", pos);
            }
            pos++;
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw new LiteralSyntaxException("unterminated string literal", start);
            }
            char e = text.charAt(pos++);
            if (raw) {
                sb.append('\\').append(e); // a raw string keeps the backslash, even before a quote
                continue;
            }
            escape(sb, e, isBytes);
        }
    }

    private void escape(StringBuilder sb, char e, boolean isBytes) throws LiteralSyntaxException {
        int at = pos - 2;
        switch (e) {
            case '\n':
                return; // line continuation inside the string
            case '\r':
                if (peek() == '\n') {
                    pos++;
                }
                return;
            case '\\': case '\'': case '"':
                sb.append(e);
                return;
            case 'a': sb.append('\u0007'); return;
            case 'b': sb.append('\b'); return;
            case 'f': sb.append('\f'); return;
            case 'n': sb.append('\n'); return;
            case 'r': sb.append('\r'); return;
            case 't': sb.append('\t'); return;
            case 'v': sb.append('\u000b'); return;
            case 'x':
                sb.append((char) hexDigits(2, at));
                return;
            default:
                break;
        }
        if (e >= '0' && e <= '7') {
            int v = e - '0';
            for (int i = 0; i < 2 && peek() >= '0' && peek() <= '7'; i++) {
                v = v * 8 + (text.charAt(pos++) - '0');
            }
            if (isBytes) {
                v &= 0xff;
            }
            sb.appendCodePoint(v);
            return;
        }
        if (!isBytes && (e == 'u' || e == 'U')) {
            int cp = hexDigits(e == 'u' ? 4 : 8, at);
            if (cp > Character.MAX_CODE_POINT) {
                throw new LiteralSyntaxException("illegal Unicode character in \\U escape", at);
            }
            sb.appendCodePoint(cp);
            return;
        }
        if (!isBytes && e == 'N') {
            int end = text.indexOf('}', pos);
            if (peek() != '{' || end < 0) {
                throw new LiteralSyntaxException("malformed \\N character escape", at);
            }
            String name = text.substring(pos + 1, end);
            try {
                sb.appendCodePoint(Character.codePointOf(name));
            } catch (IllegalArgumentException ex) {
                throw new LiteralSyntaxException("unknown Unicode character name '" + Excerpt.of(name) + "'", at);
            }
            pos = end + 1;
            return;
        }
        sb.append('\\').append(e); // Python keeps unknown escapes verbatim (with a DeprecationWarning)
    }

    private int hexDigits(int n, int at) throws LiteralSyntaxException {
        if (pos + n > text.length()) {
            throw new LiteralSyntaxException("truncated \\" + text.charAt(at + 1) + " escape", at);
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            int d = Character.digit(text.charAt(pos + i), 16);
            if (d < 0) {
                throw new LiteralSyntaxException("truncated \\" + text.charAt(at + 1) + " escape", at);
            }
            v = (v << 4) | d;
        }
        pos += n;
        return v;
    }

    private PyValue number() throws LiteralSyntaxException {
        int start = pos;
        char c = peek();
        if (c == '0' && "xXoObB".indexOf(peekAt(pos + 1)) >= 0 && peekAt(pos + 1) != '\uffff') {
            char b = Character.toLowerCase(text.charAt(pos + 1));
            int radix = b == 'x' ? 16 : b == 'o' ? 8 : 2;
            pos += 2;
            String digits = digitRun(radix, true, start);
            checkIntDigits(digits, start);
            return finishInt(new BigInteger(digits, radix), start);
        }
        String intPart = c == '.' ? "" : digitRun(10, false, start);
        boolean isFloat = false;
        if (peek() == '.') {
            pos++;
            isFloat = true;
            if (isDigit(peek())) {
                digitRun(10, false, start);
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            int save = pos;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                pos = save;
                throw new LiteralSyntaxException("invalid decimal literal", start);
            }
            digitRun(10, false, start);
            isFloat = true;
        }
        if (peek() == 'j' || peek() == 'J') {
            pos++;
            checkEndOfNumber(start);
            return new PyValue.Num(text.substring(start, pos), "complex");
        }
        if (isFloat) {
            checkEndOfNumber(start);
            return new PyValue.Num(text.substring(start, pos), "float");
        }
        if (intPart.length() > 1 && intPart.charAt(0) == '0' && !intPart.chars().allMatch(ch -> ch == '0')) {
            throw new LiteralSyntaxException("leading zeros in decimal integer literals are not permitted", start);
        }
        checkIntDigits(intPart, start);
        return finishInt(intPart.length() <= 18 ? BigInteger.valueOf(Long.parseLong(intPart))
                : new BigInteger(intPart), start);
    }

    private PyValue finishInt(BigInteger v, int start) throws LiteralSyntaxException {
        if (allowLongSuffix) {
            // NumPy's _filter_header drops an 'L' NAME token that follows a NUMBER token (Python 2 longs)
            int save = pos;
            skipInlineSpace();
            if (peek() == 'L' && !isIdentifierPart(peekAt(pos + 1))) {
                pos++;
            } else {
                pos = save;
            }
        }
        checkEndOfNumber(start);
        return new PyValue.Int(v);
    }

    private void checkEndOfNumber(int start) throws LiteralSyntaxException {
        if (isIdentifierPart(peek())) {
            throw new LiteralSyntaxException("invalid number literal '"
                    + Excerpt.of(text.substring(start, pos + 1)) + "'", start);
        }
    }

    /** Digits with single underscores between them (and after a base prefix), as Python's tokenizer allows. */
    private String digitRun(int radix, boolean afterPrefix, int start) throws LiteralSyntaxException {
        StringBuilder digits = new StringBuilder();
        boolean needDigit = true;
        if (afterPrefix && peek() == '_') {
            pos++;
        }
        while (true) {
            char ch = peek();
            if (Character.digit(ch, radix) >= 0 && ch < 0x80) {
                digits.append(ch);
                needDigit = false;
                pos++;
            } else if (ch == '_' && !needDigit) {
                pos++;
                needDigit = true;
            } else {
                break;
            }
        }
        if (needDigit) {
            throw new LiteralSyntaxException("invalid number literal '"
                    + Excerpt.of(text.substring(start, Math.min(pos + 1, text.length()))) + "'", start);
        }
        return digits.toString();
    }

    /**
     * Python's cap on int literals (BigInteger parsing is quadratic in the digits). Floats have none: they stay
     * text, so their digits cost nothing more than their characters.
     */
    private static void checkIntDigits(String digits, int start) throws LiteralSyntaxException {
        if (digits.length() > MAX_INT_DIGITS) {
            throw new LiteralSyntaxException("integer literal has more than " + MAX_INT_DIGITS + " digits ("
                    + digits.length() + ")", start);
        }
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                pos++;
            } else if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private void skipInlineSpace() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private String excerpt() {
        return text.substring(pos, Math.min(text.length(), pos + 20));
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\uffff';
    }

    private char peekAt(int i) {
        return i < text.length() ? text.charAt(i) : '\uffff';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierPart(char c) {
        return c != '\uffff' && (Character.isLetterOrDigit(c) || c == '_');
    }
}
