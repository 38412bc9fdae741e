/**
 * Selecting part of a {@code .npy} array as pure arithmetic on the header's shape and order.
 *
 * <p>The entry point is {@link io.npy4j.select.Selection}: {@code Selection.parse("[10:20, ::-2, ..., 5]")},
 * {@code Selection.hyperslab(start, stop, step)}, {@code Selection.elements(offset, count)} or
 * {@code Selection.all()}. {@link io.npy4j.select.Selection#resolve(long[], boolean)} binds it to
 * the storage shape and order (C or Fortran) and yields a {@link io.npy4j.select.Region}: the
 * result shape plus, per result axis, a storage stride in elements from a base element. Regions
 * compose with {@link io.npy4j.select.Region#then(Selection)}. Finally
 * {@link io.npy4j.select.CopyPlan#of(Region, long, boolean)} lists the byte runs of the data region
 * to copy, in C or Fortran output order, merged into maximal contiguous runs of equal length.
 *
 * <p>Index expressions follow NumPy basic indexing exactly (clamped slices, negative steps and
 * indices, {@code ...}, {@code None}, NumPy's error messages). Nothing here reads data and all
 * extents and offsets are exact {@code long} arithmetic, so files far beyond 2 GiB are fine.
 */
package io.npy4j.select;
