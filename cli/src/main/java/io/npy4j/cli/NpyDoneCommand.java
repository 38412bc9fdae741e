package io.npy4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.npy4j.write.CompletionLog;
import io.npy4j.write.Partition;
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

/** {@code npydone FILE...}: which windows of a many-writer file are not yet marked done in its sidecar. */
@Command(name = "npydone", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {"Check the completion log (FILE.done) of a .npy filled by many workers: print how many"
            + " windows are done and list each missing one with its rows. Reads the sidecar only."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every window of every file is done", "1:some log could not be read (reported on"
            + " stderr)", "2:invalid command line", "3:internal error", "4:some window is missing"})
public final class NpyDoneCommand implements Callable<Integer> {
    static final int INCOMPLETE = 4;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = ".npy files (or their .done sidecars)")
    List<Path> files;

    @Option(names = "--json", description = "one JSON object per file per line (keys: path, log, windows, done,"
            + " missing: [{window, first, end}])")
    boolean json;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int status = 0;
        for (Path f : files) {
            Path npy = f.getFileName() != null && f.getFileName().toString().endsWith(".done")
                    ? f.resolveSibling(f.getFileName().toString().replaceFirst("\\.done$", "")) : f;
            int windows;
            List<Partition.Window> missing;
            try (CompletionLog log = CompletionLog.open(npy, false)) {
                windows = log.partition().size();
                missing = log.missing();
            } catch (Exception | Error e) {
                Problems.report(err, "npydone", Problems.describe(CompletionLog.sidecarOf(npy), e));
                status = Math.max(status, Problems.FAILED);
                continue;
            }
            if (!missing.isEmpty() && status == 0) {
                status = INCOMPLETE;
            }
            if (json) {
                StringWriter line = new StringWriter();
                try (JsonGenerator g = new JsonFactory().createGenerator(line)) {
                    g.writeStartObject();
                    g.writeStringField("path", npy.toString());
                    g.writeStringField("log", CompletionLog.sidecarOf(npy).toString());
                    g.writeNumberField("windows", windows);
                    g.writeNumberField("done", windows - missing.size());
                    g.writeArrayFieldStart("missing");
                    for (Partition.Window w : missing) {
                        g.writeStartObject();
                        g.writeNumberField("window", w.index());
                        g.writeNumberField("first", w.first());
                        g.writeNumberField("end", w.end());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                out.println(line);
            } else {
                out.println(Problems.oneLine(npy.toString()) + ": " + (windows - missing.size()) + " of " + windows
                        + " windows done" + (missing.isEmpty() ? "" : ", " + missing.size() + " missing:"));
                for (Partition.Window w : missing) {
                    out.println("  window " + w.index() + "  rows [" + w.first() + ", " + w.end() + ")");
                }
            }
            out.flush();
        }
        return status;
    }

    public static void main(String[] args) {
        System.exit(Cli.run(new NpyDoneCommand(), args));
    }
}
