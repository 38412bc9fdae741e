package io.npy4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs a command with npy4j's conventions: errors as one line on stderr, no stack traces, fixed exit codes. */
final class Cli {
    private Cli() {
    }

    static int run(Object command, String... args) {
        return run(command, new PrintWriter(System.out, false), new PrintWriter(System.err, true), args);
    }

    static int run(Object command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(command);
        if (command instanceof NpySliceCommand) {
            NpySliceCommand.configure(cl);
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String name = commandLine.getCommandName();
            Problems.report(commandLine.getErr(), name, "internal error: " + ex);
            return Problems.INTERNAL;
        });
        int status;
        try {
            status = cl.execute(args);
        } catch (Throwable t) { // picocli's handler sees Exceptions only; an Error must not print a stack trace
            Problems.report(err, cl.getCommandName(), "internal error: " + t);
            status = Problems.INTERNAL;
        }
        out.flush();
        err.flush();
        return status;
    }
}
