package io.npy4j.cli;

import io.npy4j.MapMode;
import io.npy4j.MappedArray;
import io.npy4j.Npy;
import io.npy4j.NpyHeader;
import io.npy4j.select.Selection;
import io.npy4j.select.SelectionSyntaxException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
public final class NpySliceCommand implements Callable<Integer> {
    /** Mapping chunks of 16 MiB, at most 4 live: little address space (ulimit -v) and resident memory. */
    private static final long CLI_CHUNK = 16L << 20;
    private static final int BUFFER = 1 << 20;

    enum Format { npy, raw, csv }

    enum Order { C, F }

    @Parameters(index = "0", paramLabel = "SOURCE", description = "the .npy file to read")
    Path source;

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
        PrintWriter err = spec.commandLine().getErr();
        if (System.getProperty("npy4j.mapping.chunkSize") == null) {
            System.setProperty("npy4j.mapping.chunkSize", Long.toString(CLI_CHUNK));
        }
        if (System.getProperty("npy4j.mapping.maxLiveChunks") == null) {
            System.setProperty("npy4j.mapping.maxLiveChunks", "4");
        }
        Selection selection;
        try {
            selection = Selection.parse(slice);
        } catch (SelectionSyntaxException e) {
            Problems.report(err, "npyslice", "invalid slice " + new io.npy4j.literal.PyValue.Str(slice).repr()
                    + ": " + e.problem() + " at column " + e.column());
            return Problems.FAILED;
        }
        Path out = output.equals("-") ? null : Path.of(output);
        Path tmp = null;
        Thread cleanup = null;
        try (MappedArray view = Npy.map(source, selection, MapMode.READ_ONLY)) {
            if (format == Format.csv) {
                CsvWriter.check(view);
            }
            if (out == null) {
                try {
                    write(view, Channels.newChannel(new FileOutputStream(FileDescriptor.out)), err);
                } catch (IOException e) { // a closed pipe, a full disk: about stdout, not the source
                    Problems.report(err, "npyslice", "<stdout>: " + (e.getMessage() != null ? e.getMessage()
                            : e.getClass().getSimpleName()));
                    return Problems.FAILED;
                }
                return 0;
            }
            if (out.toAbsolutePath().normalize().equals(source.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("OUT is the SOURCE file; choose another output");
            }
            Path dir = out.toAbsolutePath().getParent();
            if (Files.isDirectory(out)) {
                throw new java.nio.file.FileSystemException(out.toString(), null, "is a directory");
            }
            // a new file of our own (the umask applies, as for np.save), renamed over OUT when complete
            tmp = dir.resolve("." + out.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
            Path doomed = tmp;
            cleanup = new Thread(() -> { // Ctrl-C or SIGTERM: finally blocks do not run, shutdown hooks do
                try {
                    Files.deleteIfExists(doomed);
                } catch (IOException ignored) {
                    // nothing more to do while the JVM exits
                }
            });
            Runtime.getRuntime().addShutdownHook(cleanup);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                write(view, ch, err);
                ch.force(false);
            }
            if (Files.exists(out)) { // overwriting keeps OUT's permissions, as np.save's open(..., 'wb') does
                try {
                    Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(out));
                } catch (UnsupportedOperationException | IOException ignored) {
                    // not a POSIX file system: the new file keeps default permissions
                }
            }
            // rename into place: a failure before this leaves OUT as it was
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            return 0;
        } catch (Exception | Error e) { // an Error too: no stack trace may reach the terminal
            Problems.report(err, "npyslice", Problems.describe(source, e));
            return Problems.FAILED;
        } finally {
            if (cleanup != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or will run: it deletes the temporary file
                }
            }
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary name starts with '.' and ends in .tmp
                }
            }
        }
    }

    private void write(MappedArray view, WritableByteChannel ch, PrintWriter err) throws IOException {
        boolean fortran = order == Order.F;
        switch (format) {
            case csv: {
                Writer w = new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8);
                CsvWriter.write(view, w);
                w.flush();
                return;
            }
            case npy: {
                NpyHeader h = view.saveHeader(fortran);
                ByteBuffer b = ByteBuffer.wrap(Npy.encodeHeader(h));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                break;
            }
            default:
                break;
        }
        long total = view.size() * view.dtype().itemSize();
        view.transferTo(ch, fortran, BUFFER, Progress.on(err, total, quiet));
    }

    public static void main(String[] args) {
        System.exit(Cli.run(new NpySliceCommand(), args));
    }

    /** Slices such as {@code -1:} or {@code -2:, 0} start with '-': take them as SLICE, not as unknown options. */
    static void configure(CommandLine cl) {
        cl.setUnmatchedOptionsArePositionalParams(true);
    }
}
