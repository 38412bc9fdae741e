/**
 * Many writers, streaming and appending. The entry points are on {@link io.npy4j.Npy} (the block "many writers");
 * the roles:
 *
 * <ul>
 *   <li>{@link io.npy4j.write.PreallocatedFile}: a coordinator creates a file of final shape (sparse), or creates it
 *       only if absent and checks the header otherwise; workers open a window of it read-write, with the header
 *       checked;</li>
 *   <li>{@link io.npy4j.write.Partition}: rows split into windows aligned to pages and stripes, so that no two
 *       workers share a page;</li>
 *   <li>{@link io.npy4j.write.CompletionLog}: the {@code .done} sidecar, one byte per window, and the check that
 *       lists the windows still missing;</li>
 *   <li>{@link io.npy4j.write.NpyWriter}: rows streamed in order to a path (atomic at close) or a stream, growth
 *       axis fixed at close;</li>
 *   <li>{@link io.npy4j.write.AppendingWriter}: rows appended in place, appenders serialized by a file lock.</li>
 * </ul>
 *
 * <p>SPEC.md §17 states what each file system guarantees and what a crash leaves.
 */
package io.npy4j.write;
