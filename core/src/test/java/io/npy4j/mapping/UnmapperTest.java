package io.npy4j.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Deterministic unmapping through {@code sun.misc.Unsafe} only where it prints no warning (JDK 17-23). */
class UnmapperTest {
    @Test
    void unsafeOnlyBeforeJdk24() {
        boolean enabled = Boolean.parseBoolean(System.getProperty("npy4j.mapping.unmap", "true"));
        assertEquals(enabled && Runtime.version().feature() < Unmapper.FIRST_WARNING_FEATURE,
                Unmapper.isDeterministic(), "JDK " + Runtime.version());
    }
}
