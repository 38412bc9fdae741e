package io.npy4j;

/**
 * The mapped-selection properties again, against the packaged jar: on Java 22+ this exercises the MemorySegment
 * overlay at tiny chunk sizes, which the unit tests (run from target/classes) cannot see.
 */
class MappedArrayPropertiesIT extends MappedArrayPropertiesTest {
}
