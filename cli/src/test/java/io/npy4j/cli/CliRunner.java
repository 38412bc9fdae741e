package io.npy4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a command in-process as the launchers do; returns {exit status, stdout, stderr}. */
final class CliRunner {
    private CliRunner() {
    }

    static String[] run(Object cmd, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Cli.run(cmd, new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {Integer.toString(rc), out.toString(), err.toString()};
    }
}
