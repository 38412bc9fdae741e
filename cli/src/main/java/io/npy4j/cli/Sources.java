package io.npy4j.cli;

import io.npy4j.MapMode;
import io.npy4j.MapOptions;
import io.npy4j.Npy;
import io.npy4j.NpyArray;
import io.npy4j.npz.NpzArchive;
import io.npy4j.virtual.VirtualArrays;
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
        return open(Path.of(source), null, null, selection);
    }

    /**
     * Opens {@code source} as the CLIs name sources: the files of a glob joined along {@code concat} (when not null),
     * member {@code member} of the archive {@code source} (when not null), {@code ARCHIVE.npz:MEMBER}, a manifest, or
     * an {@code .npy} file.
     */
    static Sources open(Path source, String member, Integer concat, Selection selection) throws IOException {
        if (concat != null) {
            return whole(VirtualArrays.concat(concat, source.toString()), source, selection);
        }
        NpzSource npz = member != null ? new NpzSource(source, member) : NpzSource.parse(source.toString());
        if (npz != null) {
            NpzArchive archive = Npy.openNpz(npz.archive());
            try {
                NpyArray a = archive.open(npz.member(), selection, MapMode.READ_ONLY, options());
                return new Sources(a, npz.archive(), archive, null);
            } catch (IOException | RuntimeException | Error e) {
                archive.close();
                throw e;
            }
        }
        if (VirtualInfo.isManifest(source)) {
            return whole(Npy.openManifest(source), source, selection);
        }
        return new Sources(Npy.map(source, selection, MapMode.READ_ONLY, options()), source, null, null);
    }

    /** A selection of a virtual array this object then owns. */
    private static Sources whole(NpyArray whole, Path path, Selection selection) {
        try {
            return new Sources(whole.select(selection), path, null, whole);
        } catch (RuntimeException | Error e) {
            whole.close();
            throw e;
        }
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

    /** The CLIs map in 16 MiB chunks, at most 4 live: little address space ({@code ulimit -v}) and resident memory. */
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
