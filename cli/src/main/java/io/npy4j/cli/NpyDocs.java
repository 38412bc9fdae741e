package io.npy4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Build-time generator (run by cli/pom.xml after the jar is shaded): the bash completion script of {@code npy} and
 * of the three single commands (picocli's {@link AutoComplete}; zsh loads the same script through bashcompinit), a
 * zsh wrapper, and roff man pages written from the picocli command models ({@code npy.1}, {@code npy-show.1}, ...,
 * {@code npyinfo.1}, ...). Usage: {@code NpyDocs BINDIR MANDIR}.
 */
final class NpyDocs {
    private NpyDocs() {
    }

    public static void main(String[] args) throws IOException {
        Path bin = Path.of(args[0]);
        Path man = Path.of(args[1]);
        Files.createDirectories(bin);
        Files.createDirectories(man);
        Map<String, CommandLine> singles = Map.of("npyinfo", new CommandLine(new NpyInfoCommand()),
                "npyslice", new CommandLine(new NpySliceCommand()),
                "npymanifest", new CommandLine(new NpyManifestCommand()));
        CommandLine npy = NpyCommand.commandLine();
        write(bin.resolve("npy_completion.bash"), AutoComplete.bash("npy", npy));
        StringBuilder zsh = new StringBuilder("#compdef npy npyinfo npyslice npymanifest\n"
                + "# zsh completion for the npy4j tools: the bash scripts beside this file, through bashcompinit\n"
                + "autoload -U +X bashcompinit && bashcompinit\n"
                + "_npy4j_here=${${(%):-%x}:A:h}\n"
                + "source \"$_npy4j_here/npy_completion.bash\"\n");
        for (Map.Entry<String, CommandLine> e : new java.util.TreeMap<>(singles).entrySet()) {
            write(bin.resolve(e.getKey() + "_completion.bash"), AutoComplete.bash(e.getKey(), e.getValue()));
            zsh.append("source \"$_npy4j_here/").append(e.getKey()).append("_completion.bash\"\n");
        }
        write(bin.resolve("_npy"), zsh.toString());
        write(man.resolve("npy.1"), page("npy", npy.getCommandSpec()));
        for (Map.Entry<String, CommandLine> e : npy.getSubcommands().entrySet()) {
            write(man.resolve("npy-" + e.getKey() + ".1"), page("npy-" + e.getKey(), e.getValue().getCommandSpec()));
        }
        for (Map.Entry<String, CommandLine> e : singles.entrySet()) {
            write(man.resolve(e.getKey() + ".1"), page(e.getKey(), e.getValue().getCommandSpec()));
        }
    }

    private static void write(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /** A man(7) page: NAME, SYNOPSIS, DESCRIPTION, ARGUMENTS, OPTIONS, COMMANDS, EXIT STATUS. */
    static String page(String name, CommandSpec spec) {
        StringBuilder sb = new StringBuilder();
        sb.append(".TH \"").append(name.toUpperCase()).append("\" 1 \"").append(LocalDate.now())
                .append("\" \"npy4j\" \"npy4j manual\"\n");
        String[] desc = spec.usageMessage().description();
        sb.append(".SH NAME\n").append(esc(name)).append(" \\- ")
                .append(esc(desc.length > 0 ? firstSentence(desc[0]) : "")).append('\n');
        sb.append(".SH SYNOPSIS\n.nf\n");
        String synopsis = new CommandLine(spec).getHelp().synopsis(0).strip();
        sb.append(esc(synopsis)).append("\n.fi\n");
        sb.append(".SH DESCRIPTION\n");
        for (String d : desc) {
            sb.append(d.isEmpty() ? ".PP\n" : esc(d) + "\n");
        }
        List<PositionalParamSpec> params = spec.positionalParameters();
        if (!params.isEmpty()) {
            sb.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                sb.append(".TP\n").append(esc(p.paramLabel())).append('\n')
                        .append(esc(String.join(" ", p.description()))).append('\n');
            }
        }
        List<OptionSpec> opts = new ArrayList<>(spec.options());
        if (!opts.isEmpty()) {
            sb.append(".SH OPTIONS\n");
            for (OptionSpec o : opts) {
                String label = String.join(", ", o.names()) + (o.typeInfo().isBoolean() ? "" : " " + o.paramLabel());
                String text = String.join(" ", o.description()).replace("${DEFAULT-VALUE}",
                        String.valueOf(o.defaultValue()));
                sb.append(".TP\n\\fB").append(esc(label)).append("\\fR\n").append(esc(text)).append('\n');
            }
        }
        if (!spec.subcommands().isEmpty()) {
            sb.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
                String[] d = e.getValue().getCommandSpec().usageMessage().description();
                sb.append(".TP\n\\fB").append(esc(e.getKey())).append("\\fR\n")
                        .append(esc(d.length > 0 ? firstSentence(d[0]) : "")).append(" See \\fBnpy-")
                        .append(esc(e.getKey())).append("\\fR(1).\n");
            }
        }
        Map<String, String> codes = spec.usageMessage().exitCodeList();
        if (!codes.isEmpty()) {
            sb.append(".SH EXIT STATUS\n");
            for (Map.Entry<String, String> e : codes.entrySet()) {
                sb.append(".TP\n").append(esc(e.getKey().strip())).append('\n').append(esc(e.getValue())).append('\n');
            }
        }
        return sb.toString();
    }

    private static String firstSentence(String s) {
        int dot = s.indexOf(". ");
        return dot > 0 ? s.substring(0, dot + 1) : s;
    }

    /** roff-safe text: backslashes doubled, a leading '.' or '\'' protected, picocli's %n as a line break. */
    private static String esc(String s) {
        String t = s.replace("\\", "\\e").replace("%n", "\n").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : t.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.startsWith(".") || line.startsWith("'") ? "\\&" + line : line);
        }
        return out.toString();
    }
}
