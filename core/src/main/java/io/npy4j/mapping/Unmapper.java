package io.npy4j.mapping;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Releases a {@link java.nio.MappedByteBuffer} now instead of at garbage collection, through
 * {@code sun.misc.Unsafe.invokeCleaner} (module {@code jdk.unsupported}), as Lucene's JDK 17 path does.
 *
 * <p>Unmapping memory that another thread still reads crashes the JVM, so callers unmap only buffers nobody holds
 * (see {@link Chunk}). Set {@code -Dnpy4j.mapping.unmap=false} to leave unmapping to the garbage collector; that is
 * also the fallback when {@code Unsafe} is not reachable. JDK 24+ prints a deprecation warning on first use, which
 * is one reason the Java 22+ build maps through {@code MemorySegment} instead.
 */
final class Unmapper {
    private static final MethodHandle CLEANER = lookup();

    private Unmapper() {
    }

    /** Whether {@link #unmap} really unmaps (otherwise the GC does it eventually). */
    static boolean isDeterministic() {
        return CLEANER != null;
    }

    /** Unmaps {@code original}, which must be the buffer {@code FileChannel.map} returned, not a view of it. */
    static void unmap(ByteBuffer original) {
        if (CLEANER == null) {
            return;
        }
        try {
            CLEANER.invokeExact(original);
        } catch (Throwable t) {
            // nothing to recover: the mapping is then released at GC, as without the cleaner
        }
    }

    private static MethodHandle lookup() {
        if (!Boolean.parseBoolean(System.getProperty("npy4j.mapping.unmap", "true"))) {
            return null;
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
}
