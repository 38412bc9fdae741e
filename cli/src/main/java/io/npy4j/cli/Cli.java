package io.npy4j.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;

/** Runs a command with npy4j's conventions: errors as one line on stderr, no stack traces, fixed exit codes. */
final class Cli {
    private Cli() {
    }

    static int run(Object command, String... args) {
        Stdout stdout = new Stdout(new FileOutputStream(FileDescriptor.out));
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, Charset.defaultCharset()), false);
        return run(command, out, new PrintWriter(System.err, true), stdout, args);
    }

    static int run(Object command, PrintWriter out, PrintWriter err, String... args) {
        return run(command, out, err, null, args);
    }

    /**
     * Runs the command; output that could not be written ({@code > /dev/full}, a closed pipe) is reported against
     * {@code <stdout>} and fails the run with status 1 at least ({@link PrintWriter} itself only records that it
     * failed: {@code stdout}, when known, has the reason).
     */
    private static int run(Object command, PrintWriter out, PrintWriter err, Stdout stdout, String... args) {
        String name;
        int status;
        if (command instanceof PlainArgs plain && plain.take(args)) {
            name = plain.name();
            status = call(plain, name, out, err);
        } else {
            CommandLine cl = commandLine(command, out, err);
            name = cl.getCommandName();
            status = execute(cl, args);
        }
        out.flush();
        if (out.checkError()) {
            IOException why = stdout != null ? stdout.failure : null;
            Problems.report(err, name, "<stdout>: cannot write"
                    + (why == null ? "" : ": " + (why.getMessage() != null ? why.getMessage()
                            : why.getClass().getSimpleName())));
            status = Math.max(status, Problems.FAILED);
        }
        err.flush();
        return status;
    }

    /** The command's picocli model, with npy4j's streams and internal-error report. */
    static CommandLine commandLine(Object command, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(command);
        if (command instanceof NpySliceCommand) {
            NpySliceCommand.configure(cl);
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Problems.report(commandLine.getErr(), commandLine.getCommandName(), "internal error: " + ex);
            return Problems.INTERNAL;
        });
        return cl;
    }

    /** Parses and runs {@code args} with picocli. */
    static int execute(CommandLine cl, String... args) {
        PrintWriter err = cl.getErr();
        try {
            return cl.execute(args);
        } catch (Throwable t) { // picocli's handler sees Exceptions only; an Error must not print a stack trace
            Problems.report(err, cl.getCommandName(), "internal error: " + t);
            return Problems.INTERNAL;
        }
    }

    /** Runs a command line {@link PlainArgs#take} took, with picocli's execution conventions (as above). */
    static int call(PlainArgs command, String name, PrintWriter out, PrintWriter err) {
        try {
            return command.call(out, err);
        } catch (Throwable t) {
            Problems.report(err, name, "internal error: " + t);
            return Problems.INTERNAL;
        }
    }

    /** Standard output that remembers why a write failed. */
    static final class Stdout extends FilterOutputStream {
        volatile IOException failure;

        Stdout(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed(e);
                throw e;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failed(e);
                throw e;
            }
        }

        private void failed(IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
    }
}
