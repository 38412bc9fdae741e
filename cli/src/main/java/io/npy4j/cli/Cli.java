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
        if (out.checkError()) {
            IOException why = stdout != null ? stdout.failure : null;
            Problems.report(err, cl.getCommandName(), "<stdout>: cannot write"
                    + (why == null ? "" : ": " + (why.getMessage() != null ? why.getMessage()
                            : why.getClass().getSimpleName())));
            status = Math.max(status, Problems.FAILED);
        }
        err.flush();
        return status;
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
