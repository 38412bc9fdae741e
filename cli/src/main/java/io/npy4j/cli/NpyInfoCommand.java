package io.npy4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.npy4j.Npy;
import io.npy4j.NpyHeader;
import io.npy4j.dtype.ScalarType;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code npyinfo FILE...}: prints each file's header, reading header bytes only. */
@Command(name = "npyinfo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Print the header of each .npy file (or of each member of an .npz archive): format version, dtype, shape, order, item size, element"
            + " count, data offset and data bytes. Only header bytes are read, whatever the file size."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every file was read", "1:some file could not be read (each is reported on stderr;"
            + " the others are still printed)", "2:invalid command line", "3:internal error"})
public final class NpyInfoCommand implements Callable<Integer>, PlainArgs {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = ".npy files to inspect")
    List<Path> files;

    @Option(names = "--json", description = "one JSON object per file per line (keys: path, version, descr, shape,"
            + " fortran_order, header_len, data_offset, itemsize, count, nbytes, dtype)")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return call(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    @Override
    public String name() {
        return "npyinfo";
    }

    /** {@code FILE...} with {@code --json} at most once (picocli refuses a second): all words, at least one. */
    @Override
    public boolean take(String[] args) {
        List<Path> paths = new java.util.ArrayList<>(args.length);
        boolean seenJson = false;
        for (String a : args) {
            if (a.equals("--json") && !seenJson) {
                seenJson = true;
            } else if (PlainArgs.word(a)) {
                try {
                    paths.add(Path.of(a));
                } catch (java.nio.file.InvalidPathException e) { // picocli's conversion error says it
                    return false;
                }
            } else {
                return false;
            }
        }
        if (paths.isEmpty()) {
            return false;
        }
        files = paths;
        json = seenJson;
        return true;
    }

    @Override
    public int call(PrintWriter out, PrintWriter err) throws Exception {
        JsonFactory jf = new JsonFactory();
        int status = 0;
        boolean first = true;
        for (Path f : files) {
            if (VirtualInfo.isManifest(f)) { // a virtual-array manifest: its header and blocks
                status = Math.max(status, VirtualInfo.print(f, json, first, out, err));
                first = false;
                continue;
            }
            if (NpzSource.isZip(f)) { // an .npz: one block (or one JSON line) for the archive, its members inside
                status = Math.max(status, NpzInfo.print(f, json, first, out, err));
                first = false;
                continue;
            }
            NpyHeader h;
            try {
                h = Npy.readHeader(f);
            } catch (Exception | Error e) { // an Error too: no stack trace may reach the terminal
                Problems.report(err, "npyinfo", Problems.describe(f, e));
                status = Math.max(status, Problems.status(e));
                continue;
            }
            if (json) {
                StringWriter line = new StringWriter();
                try (JsonGenerator g = jf.createGenerator(line)) {
                    HeaderJson.write(g, f.toString(), h);
                }
                out.println(line);
            } else {
                if (!first) {
                    out.println();
                }
                printText(out, f, h);
            }
            out.flush();
            if (out.checkError()) {
                break; // stdout cannot be written (> /dev/full): Cli reports it and fails the run
            }
            first = false;
        }
        return status;
    }

    static void printText(PrintWriter out, Object f, NpyHeader h) {
        String descr = h.dtype() instanceof ScalarType ? ((ScalarType) h.dtype()).typeString() : h.dtype().descr();
        out.println(Problems.oneLine(String.valueOf(f))); // names and descrs may hold newlines, terminal escapes
        row(out, "version", h.version().toString());
        row(out, "descr", descr);
        row(out, "dtype", h.dtype().readable());
        row(out, "shape", h.shape().toString());
        row(out, "order", h.fortranOrder() ? "F (fortran_order: True)" : "C (fortran_order: False)");
        row(out, "itemsize", Long.toString(h.itemSize()));
        row(out, "count", Long.toString(h.elementCount()));
        row(out, "data offset", Long.toString(h.dataOffset()));
        row(out, "data bytes", h.dataLength() >= 0 ? Long.toString(h.dataLength())
                : "unknown (object dtype: the data is a pickle, which npy4j does not load)");
    }

    static void row(PrintWriter out, String key, String value) {
        out.printf("  %-12s %s%n", key, Problems.oneLine(value));
    }

    public static void main(String[] args) {
        System.exit(Cli.run(new NpyInfoCommand(), args));
    }
}
