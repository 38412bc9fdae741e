package io.npy4j.array;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Where each block of a virtual array lies: a tree of breakpoints, one level per axis. On an axis, the block edges
 * cut the range into cells; each cell holds the index of the next axis over the blocks that cross it, and on the last
 * axis at most one block (blocks never overlap) or a hole. Finding the blocks of one row is O(rank log B): a read that
 * touches 1 of 100,000 blocks costs one block, not all of them.
 */
final class BlockIndex {
    /** A block as the index sees it: its place and its number in the caller's list. */
    record Box(int id, long[] origin, long[] shape) {
        long end(int axis) {
            return origin[axis] + shape[axis];
        }
    }

    /** One axis: cell {@code j} is {@code [bounds[j], bounds[j+1])}. */
    private static final class Node {
        final long[] bounds;
        /** Per cell: a Node (inner axes), an Integer block id (last axis), or null (a hole). */
        final Object[] cells;

        Node(long[] bounds, Object[] cells) {
            this.bounds = bounds;
            this.cells = cells;
        }
    }

    private final long[] shape;
    private final Node root;

    /**
     * @throws IllegalArgumentException naming the blocks if two overlap or one lies outside {@code shape}
     */
    BlockIndex(long[] shape, List<Box> boxes) {
        this.shape = shape.clone();
        List<Box> live = new ArrayList<>();
        for (Box b : boxes) {
            for (int a = 0; a < shape.length; a++) {
                if (b.origin[a] < 0 || b.shape[a] < 0 || b.end(a) > shape[a] || b.end(a) < 0) {
                    throw new IllegalArgumentException("block " + b.id + " at origin " + Arrays.toString(b.origin)
                            + " with shape " + Arrays.toString(b.shape) + " lies outside the virtual shape "
                            + Arrays.toString(shape) + " (axis " + a + ")");
                }
            }
            boolean empty = false;
            for (long d : b.shape) {
                empty |= d == 0;
            }
            if (!empty) {
                live.add(b);
            }
        }
        this.root = shape.length == 0 ? null : build(live, 0, 0, shape[0]);
        if (shape.length == 0 && live.size() > 1) {
            throw overlap(live.get(0), live.get(1));
        }
        this.scalarBlock = shape.length == 0 && !live.isEmpty() ? live.get(0).id : -1;
    }

    private final int scalarBlock;

    private Node build(List<Box> boxes, int axis, long lo, long hi) {
        TreeSet<Long> cuts = new TreeSet<>();
        cuts.add(lo);
        cuts.add(hi);
        for (Box b : boxes) {
            cuts.add(Math.max(lo, b.origin[axis]));
            cuts.add(Math.min(hi, b.end(axis)));
        }
        long[] bounds = cuts.stream().mapToLong(Long::longValue).toArray();
        Object[] cells = new Object[bounds.length - 1];
        // each box into the cells it crosses (found by binary search: its clipped edges are cuts), in box order;
        // O(B log B + sum of cells crossed), not O(cells x B)
        @SuppressWarnings("unchecked")
        List<Box>[] crossing = new List[cells.length];
        for (Box b : boxes) {
            long bLo = Math.max(lo, b.origin[axis]);
            long bHi = Math.min(hi, b.end(axis));
            if (bLo >= bHi) {
                continue;
            }
            int j1 = Arrays.binarySearch(bounds, bHi);
            for (int j = Arrays.binarySearch(bounds, bLo); j < j1; j++) {
                if (crossing[j] == null) {
                    crossing[j] = new ArrayList<>(2);
                }
                crossing[j].add(b);
            }
        }
        for (int j = 0; j < cells.length; j++) {
            List<Box> in = crossing[j];
            if (in == null) {
                continue;
            }
            if (axis == shape.length - 1) {
                if (in.size() > 1) {
                    throw overlap(in.get(0), in.get(1));
                }
                cells[j] = in.get(0).id;
            } else {
                cells[j] = build(in, axis + 1, 0, shape[axis + 1]);
            }
        }
        return new Node(bounds, cells);
    }

    private static IllegalArgumentException overlap(Box a, Box b) {
        return new IllegalArgumentException("blocks " + a.id + " (origin " + Arrays.toString(a.origin) + ", shape "
                + Arrays.toString(a.shape) + ") and " + b.id + " (origin " + Arrays.toString(b.origin) + ", shape "
                + Arrays.toString(b.shape) + ") overlap");
    }

    /** Receives the pieces of one row: {@code [start, end)} on the last axis, a block id or -1 for a hole. */
    interface Pieces {
        void piece(long start, long end, int block);
    }

    /**
     * Calls {@code out} for the cells of the row at {@code index[0..rank-1)} between {@code x} and {@code x+len} on
     * the last axis, in order (for a 0-d array: the one element).
     */
    void row(long[] index, long x, long len, Pieces out) {
        if (shape.length == 0) {
            out.piece(0, 1, scalarBlock);
            return;
        }
        Node n = root;
        int last = shape.length - 1;
        for (int a = 0; a < last; a++) {
            int j = cell(n, index[a]);
            Object c = n.cells[j];
            if (c == null) {
                out.piece(x, x + len, -1);
                return;
            }
            n = (Node) c;
        }
        long end = x + len;
        for (int j = cell(n, x); x < end; j++) {
            long cEnd = Math.min(end, n.bounds[j + 1]);
            Object c = n.cells[j];
            out.piece(x, cEnd, c == null ? -1 : (Integer) c);
            x = cEnd;
        }
    }

    private static int cell(Node n, long i) {
        int j = Arrays.binarySearch(n.bounds, i);
        return j >= 0 ? Math.min(j, n.cells.length - 1) : -j - 2;
    }
}
