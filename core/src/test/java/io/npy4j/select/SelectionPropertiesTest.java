package io.npy4j.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.npy4j.select.IndexExpression.Item;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Region and CopyPlan against the brute-force model of {@link Naive}, on random cases. */
class SelectionPropertiesTest {

    @Property(tries = 400)
    void indexExpressionsMatchTheModel(@ForAll Random r) {
        long[] shape = Naive.randomShape(r);
        boolean fortran = r.nextBoolean();
        List<Item> items = Naive.randomItems(r, shape.length, true);
        String text = Naive.render(items, r, r.nextInt(5) > 0);
        if (Naive.ellipses(items) > 1) {
            SelectionSyntaxException e = assertThrows(SelectionSyntaxException.class, () -> Selection.parse(text));
            assertEquals('.', text.charAt(e.column()), text);
            return;
        }
        IndexExpression expression = Selection.parse(text);
        assertEquals(items, expression.items(), text);
        assertEquals(expression, Selection.parse(expression.toString()), "round trip of " + text);
        check(() -> Naive.index(Naive.storage(shape, fortran), items),
                () -> expression.resolve(shape, fortran));
    }

    @Property(tries = 300)
    void hyperslabsMatchTheModel(@ForAll Random r) {
        long[] shape = Naive.randomShape(r);
        boolean fortran = r.nextBoolean();
        Hyperslab h = randomHyperslab(r, shape);
        check(() -> Naive.hyperslab(Naive.storage(shape, fortran), h.start(), h.stop(), h.step()),
                () -> h.resolve(shape, fortran));
    }

    @Property(tries = 300)
    void elementRangesCountInStorageOrder(@ForAll Random r) {
        long[] shape = Naive.randomShape(r);
        boolean fortran = r.nextBoolean();
        long n = Naive.product(shape);
        long offset = r.nextInt((int) n + 3) - 1;
        long count = r.nextInt((int) n + 2);
        long[] storageOrder = new long[(int) n];
        for (int i = 0; i < n; i++) {
            storageOrder[i] = i;
        }
        check(() -> Naive.flatRange(new Naive.Arr(new long[] {n}, storageOrder), offset, count),
                () -> Selection.elements(offset, count).resolve(shape, fortran));
    }

    /** Selecting with a, then b, then ... equals applying each to the materialised result. */
    @Property(tries = 400)
    void composedSelectionsMatchTheModel(@ForAll Random r) {
        long[] shape = Naive.randomShape(r);
        boolean fortran = r.nextBoolean();
        Naive.Arr expected = Naive.storage(shape, fortran);
        Region region = Selection.all().resolve(shape, fortran);
        Naive.assertMatches(expected, region);
        for (int step = 0, steps = 1 + r.nextInt(3); step < steps; step++) {
            Naive.Arr before = expected;
            Region from = region;
            long[] s = before.shape();
            int kind = r.nextInt(3);
            if (kind == 0) {
                List<Item> items = Naive.randomItems(r, s.length, false);
                IndexExpression e = Selection.parse(Naive.render(items, r, true));
                expected = attempt(() -> Naive.index(before, items));
                region = attempt(() -> from.then(e));
                if (!sameOutcome(expected, region, "then " + e)) {
                    return;
                }
            } else if (kind == 1) {
                Hyperslab h = randomHyperslab(r, s);
                expected = attempt(() -> Naive.hyperslab(before, h.start(), h.stop(), h.step()));
                region = attempt(() -> from.then(h));
                if (!sameOutcome(expected, region, "then " + h)) {
                    return;
                }
            } else {
                long offset = r.nextInt((int) before.size() + 2) - (r.nextInt(10) == 0 ? 1 : 0);
                long count = r.nextInt((int) before.size() + 2);
                expected = attempt(() -> Naive.flatRange(before, offset, count));
                if (expected == null) {
                    assertThrows(IndexOutOfBoundsException.class, () -> from.then(Selection.elements(offset, count)));
                    return;
                }
                if (!Naive.evenlySpaced(expected.values())) {
                    assertThrows(IllegalArgumentException.class, () -> from.then(Selection.elements(offset, count)),
                            "uneven range " + offset + "+" + count + " of " + from);
                    return;
                }
                region = from.then(Selection.elements(offset, count));
            }
            Naive.assertMatches(expected, region);
        }
    }

    @Property(tries = 200)
    void syntaxErrorsPointIntoTheText(@ForAll Random r) {
        List<Item> items = Naive.randomItems(r, 3, false);
        String text = Naive.render(items, r, true);
        int cut = r.nextInt(text.length() + 1);
        String broken = text.substring(0, cut) + "@,:][".charAt(r.nextInt(5)) + text.substring(cut);
        try {
            Selection.parse(broken);
        } catch (SelectionSyntaxException e) {
            assertFalse(e.column() < 0 || e.column() > broken.length(), e.getMessage());
            assertEquals(broken, e.text());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private interface Attempt<T> {
        T get();
    }

    private static <T> T attempt(Attempt<T> a) {
        try {
            return a.get();
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Both failed (then false: stop) or both succeeded (true: go on). */
    private static boolean sameOutcome(Naive.Arr expected, Region region, String what) {
        assertEquals(expected == null, region == null, what);
        return expected != null;
    }

    /** Same exception type and message when the model fails, otherwise the same elements. */
    private static void check(Attempt<Naive.Arr> model, Attempt<Region> ours) {
        Naive.Arr expected;
        try {
            expected = model.get();
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            RuntimeException got = assertThrows(e.getClass(), ours::get);
            if (e.getMessage() != null) {
                assertEquals(e.getMessage(), got.getMessage());
            }
            return;
        }
        Naive.assertMatches(expected, ours.get());
    }

    /** Mostly valid resolved slices per axis; sometimes a bound one past the valid range. */
    static Hyperslab randomHyperslab(Random r, long[] shape) {
        int rank = r.nextInt(12) == 0 ? shape.length + 1 : shape.length;
        long[] start = new long[rank];
        long[] stop = new long[rank];
        long[] step = new long[rank];
        for (int a = 0; a < rank; a++) {
            long n = a < shape.length ? shape[a] : 1;
            step[a] = r.nextBoolean() ? 1 + r.nextInt(3) : -1 - r.nextInt(3);
            long lo = step[a] > 0 ? 0 : -1;
            int width = (int) n + 1;
            start[a] = lo + r.nextInt(width) + (r.nextInt(20) == 0 ? width : 0);
            stop[a] = lo + r.nextInt(width);
        }
        return Selection.hyperslab(start, stop, step);
    }
}
