package io.npy4j.cli;

import java.io.PrintWriter;

/**
 * A command that reads its most common command lines itself, so that they run without picocli's command model:
 * building that model (annotations read by reflection, a proxy class spun per annotation type, every option's
 * spec) is most of a short run's start-up (bench/README "CLI start-up"). {@link #take} accepts only command lines
 * that picocli reads one way, with no help, no errors and no {@code @file}: everything else goes to picocli,
 * which stays the definition of the command line ({@code PlainArgsTest} holds the two to the same results).
 */
interface PlainArgs {
    /** Sets the command's fields from {@code args} and returns true, or returns false and changes nothing. */
    boolean take(String[] args);

    /** The command's name, as in its {@code @Command} (read without reflection), for error reports. */
    String name();

    /** Runs the command taken by {@link #take}, as picocli would call it with these streams. */
    int call(PrintWriter out, PrintWriter err) throws Exception;

    /** A plain word: not an option, not an {@code @file} (picocli expands those), so picocli takes it as is. */
    static boolean word(String arg) {
        return !arg.startsWith("-") && !arg.startsWith("@");
    }
}
