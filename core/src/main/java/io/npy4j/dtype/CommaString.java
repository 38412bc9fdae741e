package io.npy4j.dtype;

import io.npy4j.literal.Excerpt;
import io.npy4j.literal.LiteralSyntaxException;
import io.npy4j.literal.PyLiteral;
import io.npy4j.literal.PyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's comma-string type syntax inside a descr string, ported from {@code _commastring} in
 * {@code numpy/_core/_internal.py}: {@code 'i4,f8'} (fields f0, f1), {@code 'i4,'} (one field), and repeat prefixes
 * {@code '(2,3)f8'} / {@code '2i4'} / {@code '()i4'} (subarrays). No NumPy writer emits these, but {@code np.load}
 * accepts them, so we do too, and reject what it rejects.
 */
final class CommaString {
    // numarray's format_re, as NumPy keeps it
    private static final Pattern FORMAT = Pattern.compile(
            "(?<order1>[<>|=]?)(?<repeats> *\\(?[ ,0-9]*\\)? *)(?<order2>[<>|=]?)"
                    + "(?<dtype>[A-Za-z0-9.?]*(?:\\[[a-zA-Z0-9,.]+\\])?)");
    private static final Pattern SEPARATOR = Pattern.compile("\\s*,\\s*");
    private static final Pattern TRAILING_SPACE = Pattern.compile("\\s+$");

    private CommaString() {
    }

    /**
     * Whether np.dtype treats {@code s} as a comma string ({@code _check_for_commastring}): it starts with a digit
     * or an empty tuple (after an optional byte-order character), or has a comma outside square brackets.
     */
    static boolean applies(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        boolean order = "<>|=".indexOf(s.charAt(0)) >= 0;
        if (isDigit(s.charAt(0)) || (n > 1 && order && isDigit(s.charAt(1)))) {
            return true;
        }
        if ((n > 1 && s.startsWith("()")) || (n > 3 && order && s.startsWith("()", 1))) {
            return true;
        }
        int depth = 0;
        for (int k = 0; k < n; k++) {
            char c = s.charAt(k);
            depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            if (c == ',' && depth == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static DType parse(String s, DescrReader.FieldBudget budget) {
        List<DType> items = new ArrayList<>();
        boolean isList = false;
        int start = 0;
        long fields = countFields(s);
        if (fields > 0) { // a struct: account for its fields before making any
            budget.take(fields, fields);
        }
        while (start < s.length()) {
            Matcher m = FORMAT.matcher(s);
            m.region(start, s.length());
            if (!m.lookingAt()) {
                throw invalid(s);
            }
            start = m.end();
            if (start < s.length()) {
                Matcher sp = TRAILING_SPACE.matcher(s);
                sp.region(start, s.length());
                if (sp.lookingAt()) {
                    start = s.length();
                } else {
                    Matcher sep = SEPARATOR.matcher(s);
                    sep.region(start, s.length());
                    if (!sep.lookingAt()) {
                        throw invalid(s);
                    }
                    start = sep.end();
                    isList = true;
                }
            }
            String o1 = m.group("order1");
            String o2 = m.group("order2");
            if (!o1.isEmpty() && !o2.isEmpty() && !normal(o1).equals(normal(o2))) {
                throw new IllegalArgumentException("inconsistent byte-order specification " + o1 + " and " + o2);
            }
            String order = o2.isEmpty() ? o1 : o2;
            DType base = ScalarType.parse(order + m.group("dtype"));
            String repeats = m.group("repeats");
            items.add(repeats.isEmpty() ? base : repeat(base, repeats, s));
        }
        if (items.isEmpty()) {
            throw invalid(s);
        }
        if (!isList) {
            return items.get(0);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            names.add("f" + i);
        }
        return StructType.packed(names, items);
    }

    /**
     * The fields a comma string has if it parses, or 0 if it is a single type: its commas outside brackets and
     * parentheses, plus one unless the last is trailing ({@code 'i4,'} is a struct of one field).
     */
    private static long countFields(String s) {
        long commas = 0;
        int depth = 0;
        int last = -1;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            depth += c == '[' || c == '(' ? 1 : c == ']' || c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                commas++;
                last = k;
            }
        }
        return commas == 0 ? 0 : s.substring(last + 1).isBlank() ? commas : commas + 1;
    }

    private static String normal(String order) {
        return order.equals("=") || order.equals("|") ? String.valueOf(Endianness.nativeOrder().symbol()) : order;
    }

    /** {@code (dtype, ast.literal_eval(repeats))}: an int or a tuple of ints; {@code ()} is the type itself. */
    private static DType repeat(DType base, String repeats, String whole) {
        PyValue v;
        String text = repeats.strip();
        if (text.contains(",") && !text.startsWith("(")) {
            text = "(" + text + ")"; // literal_eval reads '2,3' as the tuple (2, 3)
        }
        try {
            v = PyLiteral.parse(text, false);
        } catch (LiteralSyntaxException e) {
            throw new IllegalArgumentException("invalid repeat count " + Excerpt.of(new PyValue.Str(repeats).repr())
                    + " in " + Excerpt.of(new PyValue.Str(whole).repr()) + ": " + e.reason());
        }
        List<PyValue> dims = v instanceof PyValue.Tuple ? ((PyValue.Tuple) v).items() : List.of(v);
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            if (!(dims.get(i) instanceof PyValue.Int) || ((PyValue.Int) dims.get(i)).value().bitLength() > 31
                    || ((PyValue.Int) dims.get(i)).value().signum() < 0) {
                throw invalid(whole);
            }
            d[i] = ((PyValue.Int) dims.get(i)).value().longValue();
        }
        return d.length == 0 ? base : new SubarrayType(base, DescrReader.subarrayShape(d));
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("data type " + Excerpt.of(new PyValue.Str(s).repr()) + " not understood");
    }
}
