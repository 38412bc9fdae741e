package io.npy4j.mapping;

/** The close race against the packaged jar: on Java 22+ the MemorySegment chunks. */
class ConcurrentCloseIT extends ConcurrentCloseTest {
}
