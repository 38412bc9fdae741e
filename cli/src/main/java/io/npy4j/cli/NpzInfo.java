package io.npy4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.npy4j.Npy;
import io.npy4j.NpyHeader;
import io.npy4j.npz.NpzArchive;
import io.npy4j.npz.NpzEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** {@code npyinfo ARCHIVE.npz}: every member's header (deflated members inflate only their header). */
final class NpzInfo {
    private NpzInfo() {
    }

    /** Prints the archive; returns 0, or {@link Problems#status} of the worst failure reading it or a member. */
    static int print(Path f, boolean json, boolean first, PrintWriter out, PrintWriter err) {
        int status = 0;
        try (NpzArchive z = Npy.openNpz(f)) {
            StringWriter line = new StringWriter();
            JsonGenerator g = json ? new JsonFactory().createGenerator(line) : null;
            if (g != null) {
                g.writeStartObject();
                g.writeStringField("path", f.toString());
                g.writeArrayFieldStart("members");
            }
            boolean firstMember = first;
            for (NpzEntry e : z.entries()) {
                NpyHeader h;
                try {
                    h = z.header(e.name());
                } catch (Exception | Error x) {
                    Problems.report(err, "npyinfo", Problems.describe(f, x));
                    status = Math.max(status, Problems.status(x));
                    continue;
                }
                if (g != null) {
                    g.writeStartObject();
                    g.writeStringField("name", e.name());
                    g.writeStringField("compression", e.compression());
                    g.writeNumberField("compressed_size", e.compressedSize());
                    g.writeNumberField("size", e.size());
                    g.writeStringField("crc32", String.format("%08x", e.crc32()));
                    HeaderJson.fields(g, h);
                    g.writeEndObject();
                } else {
                    if (!firstMember) {
                        out.println();
                    }
                    NpyInfoCommand.printText(out, f + ":" + e.name(), h);
                    NpyInfoCommand.row(out, "compression", e.compression() + " (" + e.compressedSize() + " of "
                            + e.size() + " bytes, crc32 " + String.format("%08x", e.crc32()) + ")");
                    firstMember = false;
                }
            }
            if (g != null) {
                g.writeEndArray();
                g.writeEndObject();
                g.close();
                out.println(line);
            }
            out.flush();
        } catch (Exception | Error x) {
            Problems.report(err, "npyinfo", Problems.describe(f, x));
            return Math.max(status, Problems.status(x));
        }
        return status;
    }
}
