package io.npy4j.cli;

import io.npy4j.MapMode;
import io.npy4j.MapOptions;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.npz.NpzArchive;
import io.npy4j.npz.NpzEntry;
import io.npy4j.select.Selection;
import io.npy4j.select.SelectionSyntaxException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens any source the {@code npy} subcommands accept, as {@code npyslice} does: an {@code .npy} path,
 * {@code ARCHIVE.npz:MEMBER}, or a virtual-array manifest, with an optional selection. Stored npz members and
 * files are mapped (16 MiB chunks, at most 4 live, unless {@code -Dnpy4j.mapping.*} say otherwise); a deflated
 * member is inflated up to the last byte the selection needs.
 */
final class Sources implements AutoCloseable {
    private static final long CLI_CHUNK = 16L << 20;

    /** The selected array. */
    final NpyArray array;
    /** The path to name in messages: the file, the archive, or the manifest. */
    final Path path;
    private final NpzArchive archive;
    private final NpyArray whole;

    private Sources(NpyArray array, Path path, NpzArchive archive, NpyArray whole) {
        this.array = array;
        this.path = path;
        this.archive = archive;
        this.whole = whole;
    }

    /** The path a source text names, for messages (the archive of {@code ARCHIVE.npz:MEMBER}). */
    static Path pathOf(String source) {
        NpzSource npz = NpzSource.parse(source);
        return npz != null ? npz.archive() : Path.of(source);
    }

    static Sources open(String source, Selection selection) throws IOException {
        NpzSource npz = NpzSource.parse(source);
        if (npz != null) {
            NpzArchive archive = Npy.openNpz(npz.archive());
            try {
                boolean deflated = archive.entry(npz.member()).map(NpzEntry::compressed).orElse(false);
                NpyArray a = deflated ? archive.read(npz.member(), selection)
                        : archive.map(npz.member(), selection, MapMode.READ_ONLY, options());
                return new Sources(a, npz.archive(), archive, null);
            } catch (IOException | RuntimeException | Error e) {
                archive.close();
                throw e;
            }
        }
        Path p = Path.of(source);
        if (VirtualInfo.isManifest(p)) {
            NpyArray whole = Npy.openManifest(p);
            try {
                return new Sources(whole.select(selection), p, null, whole);
            } catch (RuntimeException | Error e) {
                whole.close();
                throw e;
            }
        }
        return new Sources(Npy.map(p, selection, MapMode.READ_ONLY, options()), p, null, null);
    }

    /** The selection text parsed, or an {@link IllegalArgumentException} with NumPy-like wording. */
    static Selection selection(String text) {
        if (text == null) {
            return Selection.all();
        }
        try {
            return Selection.parse(text);
        } catch (SelectionSyntaxException e) {
            throw new IllegalArgumentException("invalid slice " + new io.npy4j.literal.PyValue.Str(text).repr()
                    + ": " + e.problem() + " at column " + e.column());
        }
    }

    static MapOptions options() {
        MapOptions d = MapOptions.defaults();
        return new MapOptions(System.getProperty("npy4j.mapping.chunkSize") == null ? CLI_CHUNK : d.chunkSize(),
                System.getProperty("npy4j.mapping.maxLiveChunks") == null ? 4 : d.maxLiveChunks(), false);
    }

    @Override
    public void close() throws IOException {
        array.close();
        if (whole != null) {
            whole.close();
        }
        if (archive != null) {
            archive.close();
        }
    }
}
