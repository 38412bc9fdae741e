package io.npy4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Runs the {@code npy} commands with npy4j's conventions (as {@link Cli}): one line on stderr, fixed exit codes. */
final class NpyMain {
    private NpyMain() {
    }

    /**
     * Runs {@code npy info ...} and {@code npy slice ...} command lines that {@link PlainArgs} takes without building
     * any picocli model, the others through {@link NpyCommand#commandLine()}.
     */
    static int run(String... args) {
        return run(new PrintWriter(System.out, false), new PrintWriter(System.err, true), args);
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        PlainArgs plain = args.length == 0 ? null : args[0].equals("info") ? new NpyInfoCommand()
                : args[0].equals("slice") ? new NpySliceCommand() : null;
        if (plain != null && plain.take(java.util.Arrays.copyOfRange(args, 1, args.length))) {
            int status = Cli.call(plain, args[0], out, err);
            out.flush();
            err.flush();
            return status;
        }
        return run(NpyCommand.commandLine(), out, err, args);
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
