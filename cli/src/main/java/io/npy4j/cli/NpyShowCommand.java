package io.npy4j.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code npy show SOURCE [SLICE]}: the array as NumPy 2.x's {@code repr} prints it. */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Print an array, or a slice of it, as NumPy 2.x's repr(a) prints it: the same number"
            + " formatting, summarisation with '...' past the threshold, line breaks and dtype=.",
            "Only the elements shown are read."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:printed", "1:the source or slice failed (reported on stderr)", "2:invalid command line",
            "3:internal error"})
public final class NpyShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE", description = "an .npy file, ARCHIVE.npz:MEMBER, or a"
            + " virtual-array manifest (JSON)")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SLICE", description = "NumPy basic indexing, e.g."
            + " '[10:20, ::2]', '[-1]' (default: the whole array)")
    String slice;

    @Option(names = "--edgeitems", paramLabel = "N", defaultValue = "3",
            description = "items shown at each end of a summarised axis (default ${DEFAULT-VALUE})")
    int edgeItems;

    @Option(names = "--threshold", paramLabel = "N", defaultValue = "1000",
            description = "summarise arrays of more than N elements (default ${DEFAULT-VALUE})")
    long threshold;

    @Option(names = "--precision", paramLabel = "N", defaultValue = "8",
            description = "at most N fraction digits for floats (default ${DEFAULT-VALUE})")
    int precision;

    @Option(names = "--linewidth", paramLabel = "N", defaultValue = "75",
            description = "line width (default ${DEFAULT-VALUE})")
    int lineWidth;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (edgeItems < 0 || threshold < 0 || precision < 0 || lineWidth < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--edgeitems, --threshold and --precision must not be negative, --linewidth at least 1");
        }
        try (Sources s = Sources.open(source, Sources.selection(slice))) {
            out.println(ArrayRepr.repr(s.array, new ArrayRepr.Options(precision, threshold, edgeItems, lineWidth)));
            out.flush();
            return 0;
        } catch (Exception | Error e) {
            Problems.report(err, "npy show", Problems.describe(Sources.pathOf(source), e));
            return Problems.FAILED;
        }
    }
}
