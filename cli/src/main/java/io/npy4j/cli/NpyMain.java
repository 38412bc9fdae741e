package io.npy4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs the {@code npy} commands with npy4j's conventions (as {@link Cli}): one line on stderr, fixed exit codes. */
final class NpyMain {
    private NpyMain() {
    }

    static int run(Object command, String... args) {
        return run(command, new PrintWriter(System.out, false), new PrintWriter(System.err, true), args);
    }

    static int run(Object command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = command instanceof CommandLine c ? c : new CommandLine(command);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Problems.report(commandLine.getErr(), commandLine.getCommandName(), "internal error: " + ex);
            return Problems.INTERNAL;
        });
        int status;
        try {
            status = cl.execute(args);
        } catch (Throwable t) {
            Problems.report(err, cl.getCommandName(), "internal error: " + t);
            status = Problems.INTERNAL;
        }
        out.flush();
        err.flush();
        return status;
    }
}
