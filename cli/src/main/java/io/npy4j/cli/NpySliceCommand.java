package io.npy4j.cli;

import io.npy4j.AtomicFile;
import io.npy4j.NpyArray;
import io.npy4j.SaveOptions;
import io.npy4j.Npy;
import io.npy4j.select.Selection;
import io.npy4j.select.SelectionSyntaxException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code npyslice SOURCE SLICE -o OUT}: extracts a NumPy basic-indexing slice of an .npy file. */
@Command(name = "npyslice", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Extract part of an .npy file with NumPy slice syntax, reading only the pages it needs and"
            + " using a fixed buffer, whatever the size of the slice or the file.",
            "",
            "The output .npy is byte-for-byte what NumPy writes for",
            "  np.save(OUT, np.array(np.load(SOURCE, mmap_mode='r')[SLICE], order='C'))",
            "(the source dtype and byte order are kept, also for 0-d results)."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the slice was written", "1:the source, slice or output failed (reported on stderr;"
            + " no partial OUT is left)", "2:invalid command line", "3:internal error"})
public final class NpySliceCommand implements Callable<Integer>, PlainArgs {
    private static final int BUFFER = 1 << 20;

    enum Format { npy, raw, csv }

    enum Order { C, F }

    @Parameters(index = "0", paramLabel = "SOURCE", description = "the .npy file to read, ARCHIVE.npz:MEMBER, a virtual-array"
            + " manifest (JSON), or with --concat a glob")
    Path source;

    @Option(names = "--concat", paramLabel = "AXIS", description = "SOURCE is a quoted glob ('parts/part-*.npy'):"
            + " slice the files joined along AXIS (natural order: part-10 after part-9), without joining them")
    Integer concat;

    @Option(names = "--member", paramLabel = "NAME", description = "read member NAME of the .npz archive SOURCE"
            + " (for names the ARCHIVE:MEMBER form cannot express)")
    String member;

    @Parameters(index = "1", paramLabel = "SLICE", description = "NumPy basic indexing, e.g. '[1000:2000, ::4]',"
            + " '[..., 0]', '[-1]', '[::-2, None]'")
    String slice;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT",
            description = "output file, or - for stdout")
    String output;

    @Option(names = "--order", paramLabel = "C|F", defaultValue = "C",
            description = "memory order of the output data: C (default) or F (Fortran)")
    Order order;

    @Option(names = "--format", paramLabel = "npy|raw|csv", defaultValue = "npy",
            description = "npy (default): a .npy file; raw: the data bytes only; csv: text for 0-d/1-D/2-D numeric"
                    + " results")
    Format format;

    @Option(names = {"-q", "--quiet"}, description = "no progress bar (it is only drawn when stderr is a terminal)")
    boolean quiet;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return call(spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    @Override
    public String name() {
        return "npyslice";
    }

    /**
     * {@code SOURCE SLICE} (words) with {@code -o}/{@code --output OUT} once (OUT a word or {@code -}) and
     * {@code -q}/{@code --quiet} at most once, in any order; the other options keep their defaults.
     */
    @Override
    public boolean take(String[] args) {
        String src = null;
        String sel = null;
        String out = null;
        boolean q = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("-o") || a.equals("--output")) && out == null && i + 1 < args.length
                    && (PlainArgs.word(args[i + 1]) || args[i + 1].equals("-"))) {
                out = args[++i];
            } else if ((a.equals("-q") || a.equals("--quiet")) && !q) {
                q = true;
            } else if (PlainArgs.word(a) && src == null) {
                src = a;
            } else if (PlainArgs.word(a) && sel == null) {
                sel = a;
            } else {
                return false;
            }
        }
        if (sel == null || out == null) {
            return false;
        }
        try {
            source = Path.of(src);
        } catch (java.nio.file.InvalidPathException e) { // picocli's conversion error says it
            return false;
        }
        slice = sel;
        output = out;
        quiet = q;
        order = Order.C;
        format = Format.npy;
        member = null;
        concat = null;
        return true;
    }

    @Override
    public int call(PrintWriter stdout, PrintWriter err) {
        Selection selection;
        try {
            selection = Selection.parse(slice);
        } catch (SelectionSyntaxException e) {
            Problems.report(err, "npyslice", "invalid slice " + new io.npy4j.literal.PyValue.Str(slice).repr()
                    + ": " + e.problem() + " at column " + e.column());
            return Problems.FAILED;
        }
        if (output.isEmpty()) { // about the command line, not the source
            Problems.report(err, "npyslice", "OUT (-o) is empty; name an output file, or - for stdout");
            return Problems.FAILED;
        }
        Path out = output.equals("-") ? null : Path.of(output);
        NpzSource npz = member != null ? new NpzSource(source, member)
                : concat != null ? null : NpzSource.parse(source.toString());
        Path input = npz != null ? npz.archive() : source;
        try (Sources opened = Sources.open(source, member, concat, selection)) {
            NpyArray view = opened.array;
            if (format == Format.csv) {
                CsvWriter.check(view);
            }
            SaveOptions save = SaveOptions.defaults().withOrder(order == Order.F ? io.npy4j.Order.F
                    : io.npy4j.Order.C).withDataOnly(format == Format.raw).withBufferSize(BUFFER)
                    .withProgress(Progress.on(err, view.size() * view.dtype().itemSize(), quiet));
            if (out == null) {
                try {
                    write(view, Channels.newChannel(new FileOutputStream(FileDescriptor.out)), save);
                } catch (IOException e) { // a closed pipe, a full disk: about stdout, not the source
                    Problems.report(err, "npyslice", "<stdout>: " + (e.getMessage() != null ? e.getMessage()
                            : e.getClass().getSimpleName()));
                    return Problems.FAILED;
                }
                return 0;
            }
            for (Path in : inputs(input)) { // links and ../ included, not just the text
                if (Files.exists(out) && Files.exists(in) && Files.isSameFile(out, in)) {
                    throw new IllegalArgumentException("OUT " + out + " is the SOURCE file" + (in.equals(input) ? ""
                            : " " + in) + "; choose another output");
                }
            }
            if (format == Format.csv) {
                AtomicFile.write(out, ch -> write(view, ch, save));
            } else {
                Npy.save(out, view, save);
            }
            return 0;
        } catch (Exception | Error e) { // an Error too: no stack trace may reach the terminal
            Problems.report(err, "npyslice", Problems.describe(input, e));
            return Problems.status(e);
        }
    }

    /** Every file the output must not replace: the source, each joined part, each block of a manifest. */
    private java.util.List<Path> inputs(Path input) throws IOException {
        java.util.List<Path> all = new java.util.ArrayList<>();
        if (concat != null) {
            all.addAll(io.npy4j.virtual.VirtualArrays.expand(source.toString()));
            return all;
        }
        all.add(input);
        if (VirtualInfo.isManifest(input)) {
            for (io.npy4j.virtual.Block b : io.npy4j.virtual.Manifest.read(input).blocks()) {
                all.add(b.source().file());
            }
        }
        return all;
    }

    private void write(NpyArray view, WritableByteChannel ch, SaveOptions save) throws IOException {
        if (format == Format.csv) {
            Writer w = new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8);
            CsvWriter.write(view, w);
            w.flush();
            return;
        }
        Npy.save(ch, view, save);
    }

    public static void main(String[] args) {
        System.exit(Cli.run(new NpySliceCommand(), args));
    }

    /** Slices such as {@code -1:} or {@code -2:, 0} start with '-': take them as SLICE, not as unknown options. */
    static void configure(CommandLine cl) {
        cl.setUnmatchedOptionsArePositionalParams(true);
    }
}
