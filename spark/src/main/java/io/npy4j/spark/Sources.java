package io.npy4j.spark;

import io.npy4j.Npy;
import io.npy4j.NpyFormatException;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.Shape;
import io.npy4j.npz.NpzArchive;
import io.npy4j.npz.NpzEntry;
import io.npy4j.virtual.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Driver-side planning of what a read covers: expands paths and globs (through Hadoop's file systems, so
 * {@code s3a://.../part-*.npy} works), reads each header, and checks that all arrays share one dtype and row shape.
 * Files are ordered by path; {@code _row} counts on across them.
 */
final class Sources {
    /** {@code archive.npz:member}; the member name has no slash. */
    private static final Pattern NPZ_MEMBER = Pattern.compile("(.*\\.npz):([^/]+)");

    private Sources() {
    }

    /** The planned sources, in row order. */
    static List<SourceFile> plan(NpyOptions options, Configuration conf) {
        try {
            List<SourceFile> out = new ArrayList<>();
            long row = 0;
            NpyHeader first = null;
            String firstName = null;
            for (String spec : options.paths()) {
                String member = options.member();
                Matcher m = NPZ_MEMBER.matcher(spec);
                if (m.matches()) {
                    spec = m.group(1);
                    member = m.group(2);
                }
                for (FileStatus st : expand(spec, conf)) {
                    SourceFile s = open(st, member, conf, options.hadoopOnly());
                    NpyHeader h = s.header();
                    if (first == null) {
                        first = h;
                        firstName = s.display();
                    } else if (!h.dtype().equals(first.dtype())
                            || !Arrays.equals(SourceFile.trailing(h), SourceFile.trailing(first))
                            || h.shape().rank() != first.shape().rank()) {
                        throw new IllegalArgumentException("npy: " + s.display() + " holds " + h.dtype().descr()
                                + " rows of shape " + Shape.of(SourceFile.trailing(h)) + " but " + firstName
                                + " holds " + first.dtype().descr() + " rows of shape "
                                + Shape.of(SourceFile.trailing(first)) + ": one read needs one dtype and row shape");
                    }
                    out.add(s.atRow(row));
                    row = Math.addExact(row, SourceFile.rows(h));
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("npy: no path given (load(path) or option 'path')");
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** The files {@code spec} names: itself, its glob matches, or a directory's {@code .npy} files, sorted. */
    private static List<FileStatus> expand(String spec, Configuration conf) throws IOException {
        Path p = new Path(spec);
        FileSystem fs = p.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(p);
        if (matches == null || matches.length == 0) {
            throw new NoSuchFileException(spec, null, "npy: no file matches this path");
        }
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus st : matches) {
            if (st.isDirectory()) {
                for (FileStatus c : fs.listStatus(st.getPath())) {
                    if (c.isFile() && c.getPath().getName().endsWith(".npy")) {
                        files.add(c);
                    }
                }
            } else {
                files.add(st);
            }
        }
        files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
        if (files.isEmpty()) {
            throw new NoSuchFileException(spec, null, "npy: no .npy file under this directory");
        }
        return files;
    }

    private static SourceFile open(FileStatus st, String member, Configuration conf, boolean hadoopOnly)
            throws IOException {
        Path p = st.getPath();
        String name = p.getName();
        boolean local = "file".equals(p.getFileSystem(conf).getScheme()) && !hadoopOnly;
        String uri = p.toString();
        if (name.endsWith(".npz")) {
            java.nio.file.Path file = localPath(p, "an .npz archive");
            try (NpzArchive a = Npy.openNpz(file)) {
                if (member == null) {
                    throw new IllegalArgumentException("npy: " + uri + " is an .npz archive: name a member with"
                            + " option 'member' or as path.npz:member (members: " + a.entries().stream()
                            .map(NpzEntry::name).collect(Collectors.joining(", ")) + ")");
                }
                if (a.entry(member).isEmpty()) {
                    throw new IllegalArgumentException("npy: " + uri + " has no member '" + member + "' (members: "
                            + a.entries().stream().map(NpzEntry::name).collect(Collectors.joining(", ")) + ")");
                }
                return stamp(SourceFile.Kind.NPZ_MEMBER, uri, member, a.header(member), file, true);
            }
        }
        if (name.endsWith(".json")) {
            java.nio.file.Path file = localPath(p, "a virtual-array manifest");
            Manifest m = Manifest.read(file);
            return stamp(SourceFile.Kind.MANIFEST, uri, null, NpyHeader.of(m.dtype(), Shape.of(m.shape()), false),
                    file, true);
        }
        if (local) {
            java.nio.file.Path file = localPath(p, "a file");
            return stamp(SourceFile.Kind.NPY, uri, null, Npy.readHeader(file), file, true);
        }
        NpyHeader h;
        try (FSDataInputStream in = p.getFileSystem(conf).open(p)) {
            h = Npy.readHeader(in);
        } catch (NpyFormatException e) {
            throw new NpyFormatException(e.kind(), uri + ": " + e.getMessage(), -1);
        }
        long need = h.dataOffset() + h.dataLength();
        if (st.getLen() < need) {
            throw new NpyFormatException(NpyFormatException.Kind.DATA_TRUNCATED, uri + " is " + st.getLen()
                    + " bytes but its header promises " + need, st.getLen());
        }
        return SourceFile.of(uri, SourceFile.Kind.NPY, null, h, st.getLen(), st.getModificationTime(), 0, false);
    }

    private static SourceFile stamp(SourceFile.Kind kind, String uri, String member, NpyHeader h,
            java.nio.file.Path file, boolean local) throws IOException {
        return SourceFile.of(uri, kind, member, h, Files.size(file), Files.getLastModifiedTime(file).toMillis(), 0,
                local);
    }

    static java.nio.file.Path localPath(Path p, String what) {
        if (p.toUri().getScheme() != null && !"file".equals(p.toUri().getScheme())) {
            throw new UnsupportedOperationException("npy: " + p + " is " + what + " on " + p.toUri().getScheme()
                    + "://; npz members and manifests are read from local (or mounted) paths only");
        }
        return Paths.get(p.toUri().getScheme() == null ? new java.io.File(p.toString()).toURI() : p.toUri());
    }
}
