package io.npy4j.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NumPy's edge cases, pinned down one by one. */
class SelectionExamplesTest {

    private static final boolean C = false;
    private static final boolean F = true;

    private static Region resolve(String text, boolean fortran, long... shape) {
        return Selection.parse(text).resolve(shape, fortran);
    }

    private static void assertRegion(Region r, long base, long[] shape, long[] strides) {
        assertArrayEquals(shape, r.shape(), r.toString());
        assertEquals(base, r.base(), r.toString());
        assertArrayEquals(strides, r.strides(), r.toString());
    }

    private static List<long[]> runs(CopyPlan plan) throws IOException {
        List<long[]> runs = new ArrayList<>();
        plan.forEachRun((off, len) -> runs.add(new long[] {off, len}));
        return runs;
    }

    @Test
    void slicesClampLikeCPython() {
        assertRegion(resolve("[-100:100]", C, 5), 0, new long[] {5}, new long[] {1});
        assertRegion(resolve("[3:100:-1]", C, 5), 0, new long[] {0}, new long[] {0});
        assertRegion(resolve("[3:-100:-1]", C, 5), 3, new long[] {4}, new long[] {-1});
        assertRegion(resolve("[-100::-1]", C, 5), 0, new long[] {0}, new long[] {0});
        assertRegion(resolve("[:-100:-1]", C, 5), 4, new long[] {5}, new long[] {-1});
        assertRegion(resolve("[99999999999999999999:]", C, 5), 0, new long[] {0}, new long[] {0});
        assertRegion(resolve("[::-99999999999999999999]", C, 5), 4, new long[] {1}, new long[] {0});
        assertRegion(resolve("[-99999999999999999999:2]", C, 5), 0, new long[] {2}, new long[] {1});
    }

    @Test
    void negativeStepsRunBackwardsOneItemAtATime() throws IOException {
        Region r = resolve("[::-2]", C, 5);
        assertRegion(r, 4, new long[] {3}, new long[] {-2});
        CopyPlan plan = CopyPlan.of(r, 8, false);
        assertEquals(8, plan.runLength());
        assertEquals(3, plan.runCount());
        assertEquals(0, plan.firstByte());
        assertEquals(40, plan.endByte());
        assertEquals(List.of(32L, 16L, 0L), runs(plan).stream().map(x -> x[0]).toList());
        assertRegion(resolve("[-1:-6:-1, ::-1]", C, 5, 2), 9, new long[] {5, 2}, new long[] {-2, -1});
    }

    @Test
    void emptyResultsHaveNoRunsAndAnEmptyWindow() throws IOException {
        Region r = resolve("[3:1, :]", C, 5, 4);
        assertRegion(r, 0, new long[] {0, 4}, new long[] {0, 0});
        assertEquals(0, r.size());
        CopyPlan plan = CopyPlan.of(r, 4, false);
        assertEquals(0, plan.runCount());
        assertEquals(0, plan.byteSize());
        assertEquals(0, plan.firstByte());
        assertEquals(0, plan.endByte());
        assertTrue(runs(plan).isEmpty());
        assertThrows(IndexOutOfBoundsException.class, () -> plan.runOffset(0));
    }

    @Test
    void ellipsisInTheMiddleExpandsToFullSlices() {
        assertRegion(resolve("[1, ..., 2]", C, 2, 3, 4, 5), 62, new long[] {3, 4}, new long[] {20, 5});
        assertRegion(resolve("[1, ..., 2]", F, 2, 3, 4, 5), 1 + 2 * 24, new long[] {3, 4}, new long[] {2, 6});
        assertRegion(resolve("[None, 1, None, ..., None, 2]", C, 5, 6), 8, new long[] {1, 1, 1},
                new long[] {0, 0, 0});
        assertRegion(resolve("[..., 1, 2]", C, 5, 6), 8, new long[] {}, new long[] {});
    }

    @Test
    void zeroDimensionalArrays() {
        for (String all : new String[] {"[...]", "[]", "", "  [ ]  ", "...", "[...,]"}) {
            Region r = resolve(all, C);
            assertRegion(r, 0, new long[] {}, new long[] {});
            assertEquals(1, r.size(), all);
        }
        assertRegion(resolve("[None]", C), 0, new long[] {1}, new long[] {0});
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> resolve("[0]", C));
        assertEquals("too many indices for array: array is 0-dimensional, but 1 were indexed", e.getMessage());
        CopyPlan plan = CopyPlan.of(resolve("[]", C), 16, false);
        assertEquals(1, plan.runCount());
        assertEquals(16, plan.runLength());
        assertEquals(16, plan.endByte());
    }

    @Test
    void zeroLengthDimensions() {
        assertRegion(resolve("[:, 2]", C, 0, 5), 0, new long[] {0}, new long[] {0});
        assertEquals("index 7 is out of bounds for axis 1 with size 5",
                assertThrows(IndexOutOfBoundsException.class, () -> resolve("[:, 7]", C, 0, 5)).getMessage());
        assertEquals("index 0 is out of bounds for axis 0 with size 0",
                assertThrows(IndexOutOfBoundsException.class, () -> resolve("[0]", C, 0, 5)).getMessage());
        // no stride overflow although the non-zero dimensions multiply beyond a long
        assertEquals(0, resolve("[...]", C, 0, 1L << 40, 1L << 40).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "[1, 7]; index 7 is out of bounds for axis 1 with size 5",
        "[-4]; index -4 is out of bounds for axis 0 with size 3",
        "[3, ...]; index 3 is out of bounds for axis 0 with size 3",
        "[None, :, -6]; index -6 is out of bounds for axis 1 with size 5",
        "[1, 2, 3]; too many indices for array: array is 2-dimensional, but 3 were indexed",
        "[..., 1, None, 2, :]; too many indices for array: array is 2-dimensional, but 3 were indexed",
    })
    void outOfBoundsMessagesAreNumPys(String text, String message) {
        assertEquals(message, assertThrows(IndexOutOfBoundsException.class, () -> resolve(text, C, 3, 5)).getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
        "[1,,2]; 3; expected an integer",
        "[,]; 1; expected an integer",
        "[::0]; 3; slice step cannot be zero",
        "[1: 2 : -0]; 8; slice step cannot be zero",
        "[..., ...]; 6; an index can only have a single ellipsis",
        "[1; 2; expected ']'",
        "1]; 1; unmatched ']'",
        "[1] x; 4; unexpected text after ']'",
        "[1 2]; 3; expected ',' or ']'",
        "1 2; 2; expected ',' or end of text",
        "[01]; 1; leading zeros",
        "[1__0]; 2; '_' must be between digits",
        "[1_]; 2; '_' must be between digits",
        "[5a]; 2; invalid decimal literal",
        "[1.5]; 2; expected ',' or ']'",
        "[- ]; 3; expected digits after the sign",
        "[foo]; 1; unknown name 'foo'",
        "[np.]; 4; expected a name after '.'",
        "[np.newaxes]; 1; unknown name 'np.newaxes'",
        "[99999999999999999999]; 1; does not fit in 64 bits",
        "[[1]]; 1; expected an integer",
    })
    void syntaxErrorsNameTheirColumn(String text, int column, String problem) {
        SelectionSyntaxException e = assertThrows(SelectionSyntaxException.class, () -> Selection.parse(text));
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().endsWith("\n  " + text + "\n  " + " ".repeat(column) + "^"), e.getMessage());
        assertTrue(e instanceof IllegalArgumentException);
    }

    @Test
    void pythonSpellingsAreAccepted() {
        assertEquals(Selection.parse("[5]"), Selection.parse("[5,]"));
        assertEquals(Selection.parse("[5]"), Selection.parse("5"));
        assertEquals(Selection.parse("[1000]"), Selection.parse("[ 1_000 ]"));
        assertEquals(Selection.parse("[1]"), Selection.parse("[+1]"));
        assertEquals(Selection.parse("[-1]"), Selection.parse("[- 1]"));
        assertEquals(Selection.parse("[0]"), Selection.parse("[00]"));
        assertEquals(Selection.parse("[None, None, None]"), Selection.parse("[np.newaxis, np . newaxis, numpy.newaxis]"));
        assertEquals(Selection.parse("[:]"), Selection.parse("[::]"));
        assertEquals("[10:20, ::-2, ..., 5, None, :3]",
                Selection.parse(" [ 10 : 20 ,::-2,...,5 , np.newaxis, : 3 : ] ").toString());
        assertEquals("[...]", Selection.all().toString());
    }

    @Test
    void largeShapesComputeOffsetsWithoutOverflow() throws IOException {
        long rows = 1L << 40;
        long cols = 1L << 20;
        Region c = resolve("[-1, -3:]", C, rows, cols);
        assertRegion(c, (1L << 60) - 3, new long[] {3}, new long[] {1});
        CopyPlan plan = CopyPlan.of(c, 4, false);
        assertEquals(1, plan.runCount());
        assertEquals(12, plan.runLength());
        assertEquals(((1L << 60) - 3) * 4, plan.firstByte());
        assertEquals(1L << 62, plan.endByte());
        assertThrows(ArithmeticException.class, () -> CopyPlan.of(c, 8, false)); // 2^63 bytes

        Region f = resolve("[-1, -3:]", F, rows, cols);
        assertRegion(f, rows - 1 + (cols - 3) * rows, new long[] {3}, new long[] {rows});
        CopyPlan fp = CopyPlan.of(f, 4, false);
        assertEquals(3, fp.runCount());
        assertEquals(4, fp.runLength());
        assertEquals((rows - 1 + (cols - 1) * rows) * 4, fp.runOffset(2));
        assertEquals((1L << 62), fp.endByte());
        assertEquals(List.of(fp.runOffset(0), fp.runOffset(1), fp.runOffset(2)),
                runs(fp).stream().map(x -> x[0]).toList());

        Region tail = Selection.elements((1L << 60) - 10, 10).resolve(new long[] {rows, cols}, F);
        assertRegion(tail, (1L << 60) - 10, new long[] {10}, new long[] {1});
        Region slab = Selection.hyperslab(new long[] {rows - 1, cols - 1}, new long[] {-1, -1},
                new long[] {-(rows / 2), -Long.MAX_VALUE}).resolve(new long[] {rows, cols}, C);
        assertRegion(slab, (1L << 60) - 1, new long[] {2, 1}, new long[] {-(rows / 2) * cols, 0});

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Selection.all().resolve(new long[] {rows, rows}, C));
        assertTrue(e.getMessage().contains("[1099511627776, 1099511627776]"), e.getMessage());
    }

    @Test
    void elementRangesAreInStorageOrderAndChecked() {
        assertRegion(Selection.elements(2, 3).resolve(new long[] {2, 3}, F), 2, new long[] {3}, new long[] {1});
        assertRegion(Selection.elements(6, 0).resolve(new long[] {2, 3}, C), 0, new long[] {0}, new long[] {0});
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Selection.elements(4, 3).resolve(new long[] {2, 3}, C));
        assertEquals("element range offset 4, count 3 is out of bounds for an array of 6 elements", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Selection.elements(-1, 1).resolve(new long[] {6}, C));
        assertThrows(IndexOutOfBoundsException.class,
                () -> Selection.elements(1, Long.MAX_VALUE).resolve(new long[] {6}, C));
        assertThrows(IllegalArgumentException.class, () -> Selection.elements(0, -1));
    }

    @Test
    void hyperslabsAreValidatedAgainstTheShape() {
        Hyperslab reversed = Selection.hyperslab(new long[] {4}, new long[] {-1}, new long[] {-1});
        assertRegion(reversed.resolve(new long[] {5}, C), 4, new long[] {5}, new long[] {-1});
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Selection.hyperslab(new long[] {0, 6}, new long[] {1, 2}, new long[] {1, 2})
                        .resolve(new long[] {3, 5}, C));
        assertEquals("hyperslab start 6 is out of bounds for axis 1 with size 5 and step 2 (must be within [0, 5])",
                e.getMessage());
        assertThrows(IndexOutOfBoundsException.class,
                () -> Selection.hyperslab(new long[] {5}, new long[] {0}, new long[] {-1}).resolve(new long[] {5}, C));
        assertThrows(IllegalArgumentException.class,
                () -> Selection.hyperslab(new long[] {0}, new long[] {1}, new long[] {1}).resolve(new long[] {5, 5}, C));
        assertThrows(IllegalArgumentException.class,
                () -> Selection.hyperslab(new long[] {0}, new long[] {1}, new long[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> Selection.hyperslab(new long[] {0}, new long[] {1, 2}, new long[] {1}));
        long[] start = {1};
        Hyperslab h = Selection.hyperslab(start, new long[] {3}, new long[] {1});
        start[0] = 0;
        assertArrayEquals(new long[] {1}, h.start());
        assertEquals(h, Selection.hyperslab(new long[] {1}, new long[] {3}, new long[] {1}));
    }

    @Test
    void composition() {
        Region r = resolve("[::2, 1:]", C, 4, 5);
        assertRegion(r.then(Selection.parse("[1]")), 11, new long[] {4}, new long[] {1});
        assertRegion(r.then(Selection.parse("[:, ::-3]")), 4, new long[] {2, 2}, new long[] {10, -3});
        assertEquals(resolve("[2, 1:]", C, 4, 5), r.then(Selection.parse("[1]")));
        // contiguous runs of a region: even spacing holds within a row or across a merged run
        assertRegion(r.then(Selection.elements(1, 3)), 2, new long[] {3}, new long[] {1});
        assertRegion(r.then(Selection.elements(3, 2)), 4, new long[] {2}, new long[] {7});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> r.then(Selection.elements(2, 4)));
        assertTrue(e.getMessage().contains("offset 2, count 4") && e.getMessage().contains("[2, 4]")
                && e.getMessage().contains("steps of 1 and 7"), e.getMessage());
        Region whole = Selection.all().resolve(new long[] {4, 5}, C);
        assertRegion(whole.then(Selection.elements(3, 10)), 3, new long[] {10}, new long[] {1});
        // ElementRange in then() counts in C order of the result, even over Fortran storage
        Region f = Selection.all().resolve(new long[] {2, 3}, F);
        assertRegion(f.then(Selection.elements(0, 3)), 0, new long[] {3}, new long[] {2});
        assertThrows(IllegalArgumentException.class, () -> f.then(Selection.elements(1, 3)));
        assertEquals("too many indices for array: array is 1-dimensional, but 2 were indexed",
                assertThrows(IndexOutOfBoundsException.class, () -> resolve("[1]", C, 4, 5).then(Selection.parse("[1, 1]")))
                        .getMessage());
    }

    @Test
    void copyPlansMergeContiguousInnerAxes() throws IOException {
        CopyPlan whole = CopyPlan.of(resolve("[1:3, :, :]", C, 4, 5, 6), 8, false);
        assertEquals(1, whole.runCount());
        assertEquals(2 * 30 * 8, whole.runLength());
        assertEquals(30 * 8, whole.firstByte());
        CopyPlan rows = CopyPlan.of(resolve("[:, 1:3, :]", C, 4, 5, 6), 8, false);
        assertEquals(4, rows.runCount());
        assertEquals(96, rows.runLength());
        assertEquals((3 * 30 + 6) * 8, rows.runOffset(3));
        CopyPlan withNewAxes = CopyPlan.of(resolve("[None, 1:3, None, :, :]", C, 4, 5, 6), 8, false);
        assertEquals(1, withNewAxes.runCount());
        CopyPlan transposed = CopyPlan.of(resolve("[...]", C, 4, 5, 6), 8, true);
        assertEquals(120, transposed.runCount());
        assertEquals(8, transposed.runLength());
        assertEquals(30 * 8, transposed.runOffset(1));
        CopyPlan fortranNative = CopyPlan.of(resolve("[...]", F, 4, 5, 6), 2, true);
        assertEquals(1, fortranNative.runCount());
        assertEquals(240, fortranNative.runLength());
        assertThrows(IllegalArgumentException.class, () -> CopyPlan.of(resolve("[]", C, 3), 0, false));
        IOException stop = new IOException("disk full");
        assertSame(stop, assertThrows(IOException.class, () -> rows.forEachRun((off, len) -> {
            throw stop;
        })));
    }

    @Test
    void regionsAreValues() {
        Region all = Selection.all().resolve(new long[] {3, 1, 4}, C);
        assertEquals(all, resolve("[::1, :, 0:4]", C, 3, 1, 4));
        assertEquals(all.hashCode(), resolve("[::1, :, 0:4]", C, 3, 1, 4).hashCode());
        assertArrayEquals(new long[] {4, 0, 1}, all.strides()); // length-1 axis: stride 0
        long[] shape = all.shape();
        shape[0] = 99;
        assertArrayEquals(new long[] {3, 1, 4}, all.shape());
        assertEquals(11, all.storageIndex(11));
        assertThrows(IndexOutOfBoundsException.class, () -> all.storageIndex(12));
    }

    @Test
    void longIntegersAreCappedNotParsedQuadratically() {
        // 10^6 digits took 21 s (BigInteger parsing) and gave a 2 MB message
        String digits = "1".repeat(1_000_000);
        SelectionSyntaxException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(10), () -> assertThrows(SelectionSyntaxException.class,
                        () -> Selection.parse("[2, " + digits + "]")));
        assertEquals(4, e.column());
        assertTrue(e.problem().contains("more than 4300 digits"), e.problem());
        assertTrue(e.getMessage().length() < 1000, e.getMessage().length() + " characters");
        assertTrue(e.getMessage().contains("1000005 characters"), e.getMessage());
        // Python's 4,300 digits are still accepted (a slice bound saturates), with '_' not counted
        String max = "9".repeat(4300);
        assertEquals("[:9223372036854775807]", Selection.parse("[:" + max + "]").toString());
        assertEquals("[:9223372036854775807]", Selection.parse("[:" + String.join("_", max.split("")) + "]")
                .toString());
        assertThrows(SelectionSyntaxException.class, () -> Selection.parse("[:" + max + "9]"));
        e = assertThrows(SelectionSyntaxException.class, () -> Selection.parse(max));
        assertTrue(e.getMessage().length() < 1000, e.getMessage().length() + " characters");
    }

    @Test
    void longTextsAreQuotedAsAWindowAroundTheColumn() {
        String text = "[" + "0:1, ".repeat(100_000) + "x" + ", 2".repeat(100_000) + "]";
        SelectionSyntaxException e = assertThrows(SelectionSyntaxException.class, () -> Selection.parse(text));
        assertEquals(500_001, e.column());
        assertEquals(text, e.text());
        String[] lines = e.getMessage().split("\n");
        assertEquals(3, lines.length, e.getMessage());
        assertTrue(lines[0].startsWith("unknown name 'x'") && lines[0].endsWith("at column 500001 of "
                + text.length() + " characters:"), lines[0]);
        assertTrue(lines[1].length() < 300 && lines[1].startsWith("  \u2026") && lines[1].endsWith("\u2026"),
                lines[1]);
        assertEquals('x', lines[1].charAt(lines[2].indexOf('^')), e.getMessage());
        // short texts are still quoted whole
        e = assertThrows(SelectionSyntaxException.class, () -> Selection.parse("[1, x]"));
        assertEquals("unknown name 'x' (expected an integer, a slice, '...', None or np.newaxis) at column 4:\n"
                + "  [1, x]\n      ^", e.getMessage());
        String name = "y".repeat(100_000);
        e = assertThrows(SelectionSyntaxException.class, () -> Selection.parse(name));
        assertTrue(e.getMessage().length() < 1000, e.getMessage().length() + " characters");
    }

    @Test
    void resultsOfMoreThan64DimensionsAreRefusedAsNumPyDoes() {
        // NumPy: IndexError: number of dimensions must be within [0, 64]; we used to write such files
        assertEquals(64, resolve("[" + "None, ".repeat(64) + "]", C).rank());
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> resolve("[" + "None, ".repeat(65) + "]", C));
        assertTrue(e.getMessage().startsWith("number of dimensions must be within [0, 64]"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> resolve("[..., " + "None, ".repeat(63) + "]", C, 2, 3));
        assertEquals(64, resolve("[0, " + "None, ".repeat(63) + "]", C, 2, 3).rank());
        Region r = resolve("[" + "None, ".repeat(60) + "]", C, 2, 3);
        assertThrows(IndexOutOfBoundsException.class, () -> r.then(Selection.parse("[None, None, None]")));
        assertThrows(IllegalArgumentException.class, () -> Selection.all().resolve(new long[65], C));
    }
}
