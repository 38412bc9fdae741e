package io.npy4j.array;

import io.npy4j.NpyArray;
import io.npy4j.NpyFormatException;
import io.npy4j.Order;
import io.npy4j.dtype.DType;
import io.npy4j.dtype.Endianness;
import io.npy4j.dtype.JavaType;
import io.npy4j.dtype.ScalarType;
import io.npy4j.dtype.Shape;
import io.npy4j.mapping.ElementKind;
import io.npy4j.select.CopyPlan;
import io.npy4j.select.Region;
import io.npy4j.select.Selection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lazy array assembled from blocks placed anywhere in its index space (not only on a grid), with holes. A read
 * walks the rows it covers; each row asks the {@link BlockIndex} for its pieces and copies each from the block that
 * holds it (opened on first use, at most {@link #MAX_OPEN} blocks open at once) or from the fill value. Blocks may
 * store the dtype in either byte order.
 */
public final class BlockArray extends AbstractArray {
    /** Opens one block's data as an array of the block's shape (or the same shape with length-1 axes dropped). */
    @FunctionalInterface
    public interface Opener {
        NpyArray open() throws IOException;
    }

    /** One block: where it lies, how to open it, and a name for messages. */
    public record Block(long[] origin, long[] shape, Opener opener, String name) {
    }

    /** Blocks kept open at once: each holds a file descriptor and its mapped chunks. */
    static final int MAX_OPEN = 256;

    /** What the blocks, the index and the open blocks are: shared by every view. */
    private static final class Shared {
        final List<Block> blocks;
        final BlockIndex index;
        final long[] vshape;
        final long[] vstrides;
        final WindowArray fill; // one element; null: a hole is an error
        final boolean writable;
        final String name;
        final Map<Integer, NpyArray> open = new LinkedHashMap<>(16, 0.75f, true);
        final Map<Integer, Integer> users = new java.util.HashMap<>();
        volatile boolean closed;

        Shared(List<Block> blocks, BlockIndex index, long[] vshape, WindowArray fill, boolean writable, String name) {
            this.blocks = blocks;
            this.index = index;
            this.vshape = vshape;
            this.vstrides = new long[vshape.length];
            long s = 1;
            for (int a = vshape.length - 1; a >= 0; a--) {
                vstrides[a] = s;
                s *= vshape[a];
            }
            this.fill = fill;
            this.writable = writable;
            this.name = name;
        }

        synchronized NpyArray acquire(int id, DType dtype) {
            if (closed) {
                throw new IllegalStateException("virtual array " + name + " is closed");
            }
            NpyArray a = open.get(id);
            if (a == null) {
                Block b = blocks.get(id);
                try {
                    a = b.opener().open();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                check(b, id, a, dtype);
                open.put(id, a);
                evict();
            }
            users.merge(id, 1, Integer::sum);
            return a;
        }

        synchronized void release(int id) {
            users.merge(id, -1, (x, y) -> x + y == 0 ? null : x + y);
            evict();
        }

        private void evict() {
            for (var it = open.entrySet().iterator(); open.size() > MAX_OPEN && it.hasNext(); ) {
                var e = it.next();
                if (!users.containsKey(e.getKey())) {
                    e.getValue().close();
                    it.remove();
                }
            }
        }

        synchronized void close() {
            closed = true;
            for (NpyArray a : open.values()) {
                a.close();
            }
            open.clear();
        }

        private static void check(Block b, int id, NpyArray a, DType dtype) {
            if (!squeeze(b.shape()).equals(squeeze(a.shape().toArray()))) {
                a.close();
                throw new IllegalArgumentException("block " + id + " (" + b.name() + ") holds shape " + a.shape()
                        + ", but is placed with shape " + Shape.of(b.shape()));
            }
            if (!sameType(a.dtype(), dtype)) {
                a.close();
                throw new IllegalArgumentException("block " + id + " (" + b.name() + ") has dtype "
                        + a.dtype().descr() + ", the virtual array " + dtype.descr());
            }
        }
    }

    static List<Long> squeeze(long[] shape) {
        List<Long> out = new ArrayList<>();
        for (long d : shape) {
            if (d != 1) {
                out.add(d);
            }
        }
        return out;
    }

    /** Dtype equality up to byte order: blocks (and joined files) may store the dtype in either. */
    public static boolean sameType(DType a, DType b) {
        if (a instanceof ScalarType x && b instanceof ScalarType y) {
            return x.withEndianness(Endianness.LITTLE).equals(y.withEndianness(Endianness.LITTLE));
        }
        return a.equals(b);
    }

    private final Shared shared;
    private final Region region;
    private final CopyPlan plan;
    private final boolean owner;

    private BlockArray(Shared shared, DType dtype, Region region, boolean owner) {
        super(dtype, Shape.of(region.shape()));
        this.shared = shared;
        this.region = region;
        this.plan = CopyPlan.of(region, 1, false); // units: elements of the virtual C order
        this.owner = owner;
    }

    /**
     * A virtual array of {@code dtype} and {@code shape} over {@code blocks}.
     *
     * @param fill the value holes read as (a one-element array of the dtype), or null to make reading a hole an
     *     error
     * @param writable whether blocks are opened for writing (writes into holes are still refused)
     * @throws IllegalArgumentException naming the blocks if two overlap or one lies outside the shape
     */
    public static BlockArray of(DType dtype, long[] shape, List<Block> blocks, NpyArray fill, boolean writable,
            String name) {
        List<BlockIndex.Box> boxes = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (b.origin().length != shape.length || b.shape().length != shape.length) {
                throw new IllegalArgumentException("block " + i + " (" + b.name() + ") has origin "
                        + Arrays.toString(b.origin()) + " and shape " + Arrays.toString(b.shape()) + ", the virtual"
                        + " array has " + shape.length + " axes");
            }
            boxes.add(new BlockIndex.Box(i, b.origin().clone(), b.shape().clone()));
        }
        WindowArray f = null;
        if (fill != null) {
            if (fill.size() != 1) {
                throw new IllegalArgumentException("the fill value must be one element, not shape " + fill.shape());
            }
            f = HeapArrays.allocate(dtype, Shape.scalar());
            NpyArray one = fill.dtype().equals(dtype) ? fill : fill.astype(dtype, io.npy4j.dtype.Casting.UNSAFE);
            HeapArrays.copyRaw((AbstractArray) one, f);
        }
        Shared s = new Shared(List.copyOf(blocks), new BlockIndex(shape, boxes), shape.clone(), f, writable, name);
        return new BlockArray(s, dtype, Selection.all().resolve(shape, false), true);
    }

    /** The blocks, in the order given. */
    public List<Block> blocks() {
        return shared.blocks;
    }

    @Override
    public Order order() {
        return Order.C;
    }

    @Override
    public boolean isWritable() {
        return shared.writable;
    }

    @Override
    public String source() {
        return shared.name;
    }

    @Override
    protected RuntimeException readOnly() {
        return new ReadOnlyArrayException("virtual array " + shared.name + " is open read-only: open it for writing");
    }

    @Override
    public NpyArray select(Selection selection) {
        return new BlockArray(shared, dtype, region.then(selection), false);
    }

    @Override
    public NpyArray row(long i) {
        return new BlockArray(shared, dtype, region.row(i), false);
    }

    @Override
    public NpyArray field(String name) {
        throw new UnsupportedOperationException("fields of a virtual array are not supported: read the blocks' fields"
                + " or readRaw");
    }

    @Override
    public void force() {
        synchronized (shared) {
            for (NpyArray a : shared.open.values()) {
                a.force();
            }
        }
    }

    @Override
    public void close() {
        if (owner) {
            shared.close();
        }
    }

    @Override
    public String toString() {
        return "NpyArray[virtual " + shared.name + ", " + dtype.descr() + " " + shape + ", " + shared.blocks.size()
                + " blocks]";
    }

    // --- the copy -----------------------------------------------------------------------------------------------

    /** Moves one piece: {@code n} elements at virtual flat {@code v} into or out of {@code array[o..]}. */
    private interface Mover {
        void move(NpyArray block, long local, int n, int o);

        void fill(int n, int o);
    }

    /** Reads of at least this many elements spanning several blocks run in parallel, one slice per core. */
    static final int PARALLEL_MIN = 1 << 20;

    @Override
    protected void transfer(long first, int count, ElementKind kind, int per, Object array, int off, boolean write) {
        if (!write && count >= PARALLEL_MIN && shared.blocks.size() > 1) {
            // disjoint slices of the destination, each walked by one task: blocks are safe for concurrent reads
            int tasks = Math.min(Runtime.getRuntime().availableProcessors(), count / (PARALLEL_MIN / 4));
            int step = (count + tasks - 1) / tasks;
            java.util.stream.IntStream.range(0, tasks).parallel().forEach(t -> {
                int from = t * step;
                int n = Math.min(step, count - from);
                if (n > 0) {
                    transferSerial(first + from, n, kind, per, array, off + from * per, false);
                }
            });
            return;
        }
        transferSerial(first, count, kind, per, array, off, write);
    }

    private void transferSerial(long first, int count, ElementKind kind, int per, Object array, int off,
            boolean write) {
        walk(first, count, new Mover() {
            @Override
            public void move(NpyArray block, long local, int n, int o) {
                if (block instanceof AbstractArray b) {
                    b.transfer(local, n, kind, per, array, off + o * per, write);
                } else {
                    BlockArray.moveTyped(block, local, n, kind, array, off + o * per, write);
                }
            }

            @Override
            public void fill(int n, int o) {
                if (write) {
                    throw new IllegalArgumentException("elements " + (first + o) + ".." + (first + o + n - 1)
                            + " of virtual array " + shared.name + " lie in a hole: there is no block to write");
                }
                shared.fill.transfer(0, 1, kind, per, array, off + o * per, false);
                replicate(array, off + o * per, per, n);
            }
        });
    }

    @Override
    protected void transferRaw(long first, int count, byte[] array, int off, boolean write) {
        int item = (int) dtype.itemSize();
        walk(first, count, new Mover() {
            @Override
            public void move(NpyArray block, long local, int n, int o) {
                int at = off + o * item;
                boolean swap = dtype instanceof ScalarType t && block.dtype() instanceof ScalarType u
                        && t.endianness() != u.endianness();
                if (write && swap) {
                    byte[] tmp = Arrays.copyOfRange(array, at, at + n * item);
                    HeapArrays.swapEach(tmp, n, (ScalarType) dtype);
                    block.writeRaw(local, tmp, 0, n);
                    return;
                }
                if (write) {
                    block.writeRaw(local, array, at, n);
                } else {
                    block.readRaw(local, array, at, n);
                    if (swap) {
                        byte[] tmp = Arrays.copyOfRange(array, at, at + n * item);
                        HeapArrays.swapEach(tmp, n, (ScalarType) block.dtype());
                        System.arraycopy(tmp, 0, array, at, tmp.length);
                    }
                }
            }

            @Override
            public void fill(int n, int o) {
                if (write) {
                    throw new IllegalArgumentException("elements " + (first + o) + ".." + (first + o + n - 1)
                            + " of virtual array " + shared.name + " lie in a hole: there is no block to write");
                }
                shared.fill.readRaw(0, array, off + o * item, 1);
                replicate(array, off + o * item, item, n);
            }
        });
    }

    /** Copies the first {@code width} values at {@code at} until {@code n} copies stand there (doubling). */
    private static void replicate(Object array, int at, int width, int n) {
        for (int have = 1; have < n; ) {
            int k = Math.min(have, n - have);
            System.arraycopy(array, at, array, at + have * width, k * width);
            have += k;
        }
    }

    /** Walks elements {@code [first, first+count)} of this view as pieces of blocks and holes. */
    private void walk(long first, int count, Mover mover) {
        long runValues = plan.runLength();
        CopyPlan.Cursor run = plan.cursor(first / runValues);
        long inRun = first % runValues;
        int done = 0;
        while (done < count) {
            int n = (int) Math.min(count - done, runValues - inRun);
            contiguous(run.offset() + inRun, n, done, mover);
            done += n;
            inRun = 0;
            run.next();
        }
    }

    /** {@code n} elements at consecutive virtual flat indices from {@code v}, row by row. */
    private void contiguous(long v, int n, int o, Mover mover) {
        int rank = shared.vshape.length;
        long[] idx = new long[rank];
        int[] only = new int[2]; // pieces of the row, and the block of the last one
        while (n > 0) {
            long rest = v;
            for (int a = 0; a < rank; a++) {
                idx[a] = rest / shared.vstrides[a];
                rest %= shared.vstrides[a];
            }
            long x = rank == 0 ? 0 : idx[rank - 1];
            int m = rank == 0 ? 1 : (int) Math.min(n, shared.vshape[rank - 1] - x);
            long width = rank == 0 ? 1 : shared.vshape[rank - 1];
            if (rank >= 2 && x == 0 && n >= 2 * width) {
                // whole rows: while they lie in one block as wide as the array, they are consecutive in the block
                // too, so they move as one piece (a window of a concat: one move per block, not one per row)
                only[0] = 0;
                shared.index.row(idx, 0, width, (start, end, id) -> {
                    only[0]++;
                    only[1] = id;
                });
                if (only[0] == 1 && only[1] >= 0) {
                    Block b = shared.blocks.get(only[1]);
                    if (b.shape()[rank - 1] == width) {
                        int r = rank - 2;
                        long rows = Math.min(n / width, b.origin()[r] + b.shape()[r] - idx[r]);
                        if (rows >= 2) {
                            long local = 0;
                            long stride = 1;
                            for (int a = rank - 1; a >= 0; a--) {
                                local += (idx[a] - b.origin()[a]) * stride;
                                stride *= b.shape()[a];
                            }
                            int len = (int) (rows * width);
                            NpyArray arr = shared.acquire(only[1], dtype);
                            try {
                                mover.move(arr, local, len, o);
                            } finally {
                                shared.release(only[1]);
                            }
                            v += len;
                            o += len;
                            n -= len;
                            continue;
                        }
                    }
                }
            }
            int base = o;
            shared.index.row(idx, x, m, (start, end, id) -> {
                int len = (int) (end - start);
                int at = base + (int) (start - x);
                if (id < 0) {
                    if (shared.fill == null) {
                        long[] where = idx.clone();
                        if (rank > 0) {
                            where[rank - 1] = start;
                        }
                        throw new UncheckedIOException(new NpyFormatException(NpyFormatException.Kind.HOLE,
                                "index " + Arrays.toString(where) + " lies in a hole of virtual array " + shared.name
                                        + " (no block, and no fill value)", -1));
                    }
                    mover.fill(len, at);
                    return;
                }
                Block b = shared.blocks.get(id);
                long local = 0;
                long stride = 1;
                for (int a = rank - 1; a >= 0; a--) {
                    long i = (a == rank - 1 ? start : idx[a]) - b.origin()[a];
                    local += i * stride;
                    stride *= b.shape()[a];
                }
                NpyArray arr = shared.acquire(id, dtype);
                try {
                    mover.move(arr, local, len, at);
                } finally {
                    shared.release(id);
                }
            });
            v += m;
            o += m;
            n -= m;
        }
    }

    /** A typed move through the public API, for blocks a user's reader supplied. */
    private static void moveTyped(NpyArray block, long local, int n, ElementKind kind, Object array, int at,
            boolean write) {
        switch (kind) {
            case DOUBLE:
                if (write) block.write(local, (double[]) array, at, n); else block.read(local, (double[]) array, at, n);
                return;
            case FLOAT:
                if (write) block.write(local, (float[]) array, at, n); else block.read(local, (float[]) array, at, n);
                return;
            case LONG:
                if (write) block.write(local, (long[]) array, at, n); else block.read(local, (long[]) array, at, n);
                return;
            case INT:
                if (write) block.write(local, (int[]) array, at, n); else block.read(local, (int[]) array, at, n);
                return;
            case SHORT:
                if (write) block.write(local, (short[]) array, at, n); else block.read(local, (short[]) array, at, n);
                return;
            default:
                if (write) block.write(local, (byte[]) array, at, n); else block.read(local, (byte[]) array, at, n);
        }
    }

    static JavaType javaType(ElementKind k) {
        return JavaType.valueOf(k.name());
    }
}
