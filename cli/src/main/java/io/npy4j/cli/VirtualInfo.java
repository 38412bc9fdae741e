package io.npy4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.npy4j.NpyHeader;
import io.npy4j.virtual.Block;
import io.npy4j.virtual.BlockSource;
import io.npy4j.virtual.Manifest;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** {@code npyinfo MANIFEST.json}: the virtual array's header and its blocks, from the manifest alone. */
final class VirtualInfo {
    private VirtualInfo() {
    }

    /**
     * Whether the file is a manifest: JSON (its first non-blank byte is '{'), or the columnar form (an npz whose
     * members include {@code header} and {@code origin}).
     */
    static boolean isManifest(Path f) {
        if (!Files.isRegularFile(f)) {
            return false;
        }
        if (NpzSource.isZip(f)) {
            try (io.npy4j.npz.NpzArchive z = io.npy4j.Npy.openNpz(f)) {
                return z.entry("header").isPresent() && z.entry("origin").isPresent() && z.entry("paths").isPresent();
            } catch (java.io.IOException e) {
                return false;
            }
        }
        try (InputStream in = Files.newInputStream(f)) {
            for (int i = 0, c; i < 4096 && (c = in.read()) >= 0; i++) {
                if (!Character.isWhitespace(c)) {
                    return c == '{';
                }
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return false;
    }

    static int print(Path f, boolean json, boolean first, PrintWriter out, PrintWriter err) {
        try {
            Manifest m = Manifest.read(f);
            NpyHeader h = NpyHeader.of(m.dtype(), io.npy4j.dtype.Shape.of(m.shape()), false);
            if (json) {
                StringWriter line = new StringWriter();
                try (JsonGenerator g = new JsonFactory().createGenerator(line)) {
                    g.writeStartObject();
                    g.writeStringField("path", f.toString());
                    HeaderJson.fields(g, h);
                    if (m.fill() == null) {
                        g.writeNullField("fill_value");
                    } else {
                        g.writeNumberField("fill_value", m.fill());
                    }
                    g.writeArrayFieldStart("blocks");
                    for (Block b : m.blocks()) {
                        g.writeStartObject();
                        g.writeArrayFieldStart("origin");
                        for (long x : b.origin()) {
                            g.writeNumber(x);
                        }
                        g.writeEndArray();
                        g.writeArrayFieldStart("shape");
                        for (long x : b.shape()) {
                            g.writeNumber(x);
                        }
                        g.writeEndArray();
                        g.writeStringField("source", describe(b.source()));
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                out.println(line);
            } else {
                if (!first) {
                    out.println();
                }
                NpyInfoCommand.printText(out, f + " (virtual)", h);
                NpyInfoCommand.row(out, "fill", m.fill() == null ? "none: a hole is an error" : m.fill().toString());
                NpyInfoCommand.row(out, "blocks", Integer.toString(m.blocks().size()));
                int shown = 0;
                for (Block b : m.blocks()) {
                    if (shown++ == 20) {
                        out.printf("  %-12s ... %d more%n", "", m.blocks().size() - 20);
                        break;
                    }
                    out.printf("  %-12s %s %s  %s%n", "", Arrays.toString(b.origin()), Arrays.toString(b.shape()),
                            Problems.oneLine(describe(b.source())));
                }
            }
            out.flush();
            return 0;
        } catch (Exception | Error e) {
            Problems.report(err, "npyinfo", Problems.describe(f, e));
            return Problems.status(e);
        }
    }

    static String describe(BlockSource s) {
        if (s instanceof BlockSource.NpyFile n) {
            return n.path() + (n.selection().equals(io.npy4j.select.Selection.all()) ? "" : n.selection().toString());
        }
        if (s instanceof BlockSource.NpzMember z) {
            return z.archive() + ":" + z.member();
        }
        if (s instanceof BlockSource.RawBytes r) {
            return r.path() + " @" + r.offset() + " " + r.dtype().typeString() + " " + r.order();
        }
        return ((BlockSource.Reader) s).name();
    }
}
