package io.npy4j.mapping;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;

/**
 * Releases a {@link java.nio.MappedByteBuffer} now instead of at garbage collection, through
 * {@code sun.misc.Unsafe.invokeCleaner} (module {@code jdk.unsupported}), as Lucene's JDK 17 path does.
 *
 * <p>Unmapping memory that another thread still reads crashes the JVM, so callers unmap only buffers nobody holds
 * (see {@link Chunk}). Set {@code -Dnpy4j.mapping.unmap=false} to leave unmapping to the garbage collector; that is
 * also the fallback when {@code Unsafe} is not reachable.
 *
 * <p>On JDK 24+ {@code Unsafe} is not touched at all: its first use prints a four-line deprecation warning to stderr
 * (JEP 498) that a library must not cause. Java 22+ normally maps through {@code MemorySegment} (the multi-release
 * overlay) and never gets here; the base runs on 24+ only without the overlay (a jar without
 * {@code Multi-Release: true}, a classes directory, {@code -Dnpy4j.mapping.impl=buffer}). There the GC unmaps, as with
 * {@code unmap=false}: the cost is that an evicted or closed chunk's address space and mapping stay until its buffer
 * is collected, so {@code chunkSize × maxLiveChunks} no longer bounds them between collections.
 *
 * <p>Left alone, that can kill the JVM: small chunks are tiny objects, so thousands of dead mappings pile up without
 * a collection until the process reaches {@code vm.max_map_count} (65,530) and the JVM's own next mmap fails. So
 * buffers left to the GC are counted ({@link GcUnmapping}), and every {@value #GC_BATCH} of them not yet collected
 * ask for a collection with {@code System.gc()}, as {@code FileChannel.map} itself does when an mmap fails (which
 * covers address space). {@code -XX:+DisableExplicitGC} turns that request off.
 */
final class Unmapper {
    /** From JDK 24 on, the first call of a {@code sun.misc.Unsafe} memory-access method warns (invokeCleaner too). */
    static final int FIRST_WARNING_FEATURE = 24;
    /** Buffers left to the GC, not yet collected, per {@code System.gc()} request. */
    static final int GC_BATCH = 4096;
    private static final MethodHandle CLEANER = lookup();
    private static final GcUnmapping GC = CLEANER == null ? new GcUnmapping(GC_BATCH) : null;

    private Unmapper() {
    }

    /** Whether {@link #unmap} really unmaps (otherwise the GC does it eventually). */
    static boolean isDeterministic() {
        return CLEANER != null;
    }

    /** Unmaps {@code original}, which must be the buffer {@code FileChannel.map} returned, not a view of it. */
    static void unmap(ByteBuffer original) {
        if (CLEANER == null) {
            GC.leave(original);
            return;
        }
        try {
            CLEANER.invokeExact(original);
        } catch (Throwable t) {
            // nothing to recover: the mapping is then released at GC, as without the cleaner
        }
    }

    private static MethodHandle lookup() {
        if (!Boolean.parseBoolean(System.getProperty("npy4j.mapping.unmap", "true"))
                || Runtime.version().feature() >= FIRST_WARNING_FEATURE) {
            return null; // the GC unmaps; on 24+ even looking Unsafe up is avoided (see the class comment)
        }
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            MethodHandle h = MethodHandles.lookup().findVirtual(unsafeClass, "invokeCleaner",
                    MethodType.methodType(void.class, ByteBuffer.class));
            Field f = unsafeClass.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return h.bindTo(f.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Tracks buffers whose unmapping is left to the GC: a phantom reference each, dropped once collected. When
     * {@code batch} more are pending than after the last request, asks for a collection; the buffers' own cleaners
     * unmap them then.
     */
    static final class GcUnmapping {
        private final int batch;
        private final ReferenceQueue<ByteBuffer> collected = new ReferenceQueue<>();
        private final Set<Reference<ByteBuffer>> pending = new HashSet<>();
        private int gcAt;
        private long requests;

        GcUnmapping(int batch) {
            this.batch = batch;
            this.gcAt = batch;
        }

        synchronized void leave(ByteBuffer original) {
            for (Reference<? extends ByteBuffer> r; (r = collected.poll()) != null; ) {
                pending.remove(r);
            }
            pending.add(new PhantomReference<>(original, collected));
            // until the last request's collection shows up here, ask again only after another batch
            gcAt = Math.max(batch, Math.min(gcAt, pending.size() + batch));
            if (pending.size() >= gcAt) {
                requests++;
                gcAt = pending.size() + batch;
                System.gc();
            }
        }

        /** Buffers left to this tracker that it has not seen collected. */
        synchronized int pending() {
            return pending.size();
        }

        /** How often it asked for a collection. */
        synchronized long requests() {
            return requests;
        }
    }
}
