package io.npy4j.cli;

import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code npy}: one command for people at a terminal, with the subcommands {@code info}, {@code slice},
 * {@code manifest} (the {@code npyinfo}, {@code npyslice} and {@code npymanifest} commands, unchanged) and
 * {@code show}, {@code stats}, {@code diff}.
 */
@Command(name = "npy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Look at NumPy .npy files, npz members and virtual arrays from the shell."},
        synopsisSubcommandLabel = "COMMAND",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success (diff: the arrays are equal)", "1:some input failed (diff: the arrays differ)",
            "2:invalid command line", "3:internal error"})
public final class NpyCommand implements Runnable {
    /** Subcommands whose SLICE may start with '-' ({@code -1:}): unknown options are taken as positionals. */
    private static final Set<String> SLICING = Set.of("slice", "show", "stats", "diff", "png");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: "
                + String.join(", ", spec.commandLine().getSubcommands().keySet()));
    }

    /** The {@code npy} command line with every subcommand registered. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new NpyCommand());
        cl.addSubcommand("info", new NpyInfoCommand());
        cl.addSubcommand("slice", new NpySliceCommand());
        cl.addSubcommand("manifest", new NpyManifestCommand());
        cl.addSubcommand("show", new NpyShowCommand());
        cl.addSubcommand("stats", new NpyStatsCommand());
        cl.addSubcommand("diff", new NpyDiffCommand());
        cl.addSubcommand("png", new NpyPngCommand());
        for (String name : SLICING) {
            CommandLine sub = cl.getSubcommands().get(name);
            if (sub != null) {
                sub.setUnmatchedOptionsArePositionalParams(true);
            }
        }
        return cl;
    }

    public static void main(String[] args) {
        System.exit(NpyMain.run(args));
    }
}
