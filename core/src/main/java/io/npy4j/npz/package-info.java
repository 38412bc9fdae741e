/**
 * {@code .npz} archives. {@link io.npy4j.npz.NpzArchive} reads one (members listed from the central directory,
 * headers without inflating, stored members mapped in place, deflated ones inflated as far as a selection needs);
 * {@link io.npy4j.npz.NpzWriter} writes one ({@code create}), adds members to one in place ({@code append}, crash-safe),
 * or rewrites one with members replaced or removed ({@code update}); {@link io.npy4j.npz.NpzEntry} is a member as the
 * central directory lists it. SPEC.md §13 is the contract.
 */
package io.npy4j.npz;
