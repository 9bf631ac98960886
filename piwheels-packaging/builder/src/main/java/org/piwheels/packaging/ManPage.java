package org.piwheels.packaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Writes a section-1 manual page (troff, the {@code man} macros) straight from a
 * command's picocli model, so the page lists exactly the options the command parses.
 * (picocli-codegen writes AsciiDoc, which would need Asciidoctor to become troff.)
 */
public final class ManPage {
    private final CommandInfo info;
    private final CommandSpec spec;
    private final String version;
    private final String date;

    public ManPage(CommandInfo info, CommandLine commandLine, String version, String date) {
        this.info = info;
        this.spec = commandLine.getCommandSpec();
        this.version = version;
        this.date = date;
    }

    /** The page's troff source. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(".TH ").append(info.name().toUpperCase(Locale.ROOT)).append(" 1 \"").append(date)
                .append("\" \"piwheels ").append(version).append("\" \"piwheels manual\"\n");
        out.append(".SH NAME\n").append(info.name()).append(" \\- ").append(text(summary())).append('\n');
        out.append(".SH SYNOPSIS\n.nf\n").append(text(synopsis())).append("\n.fi\n");
        out.append(".SH DESCRIPTION\n");
        for (String line : spec.usageMessage().description()) {
            out.append(".PP\n").append(text(line)).append('\n');
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            out.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                out.append(".TP\n.I ").append(text(p.paramLabel())).append('\n').append(text(describe(p))).append('\n');
            }
        }
        out.append(".SH OPTIONS\n");
        for (OptionSpec o : options()) {
            out.append(".TP\n").append(optionHeading(o)).append('\n').append(text(describe(o))).append('\n');
        }
        out.append(".SH CONFIGURATION\n.PP\n")
                .append(text("Every long option may also be set in a configuration file, as NAME = VALUE with NAME the "
                        + "longest option name without its dashes; the command line wins over the files. Files are "
                        + "read in this order, later ones winning: /etc/piwheels.conf, /usr/local/etc/piwheels.conf, "
                        + "~/.config/piwheels/piwheels.conf, then the file given with -c. A key in the ["
                        + info.section() + "] section wins over the same key outside any section or in another "
                        + "command's section."))
                .append('\n');
        Map<String, String> exits = spec.usageMessage().exitCodeList();
        if (!exits.isEmpty()) {
            out.append(".SH EXIT STATUS\n");
            for (Map.Entry<String, String> e : exits.entrySet()) {
                out.append(".TP\n.B ").append(text(e.getKey().strip())).append('\n').append(text(e.getValue())).append('\n');
            }
        }
        out.append(".SH FILES\n.TP\n.I /etc/piwheels.conf\nThe system-wide configuration file.\n");
        out.append(".SH SEE ALSO\n");
        List<String> others = new ArrayList<>();
        for (CommandInfo c : CommandInfo.ALL) {
            if (!c.name().equals(info.name())) {
                others.add(".BR " + c.name() + " (1)");
            }
        }
        out.append(String.join(",\n", others)).append('\n');
        return out.toString();
    }

    /** The options a user can see, in the order the command declares them. */
    List<OptionSpec> options() {
        return spec.options().stream().filter(o -> !o.hidden()).toList();
    }

    private String summary() {
        String[] description = spec.usageMessage().description();
        if (description.length == 0) {
            return "piwheels command";
        }
        String first = description[0];
        int stop = first.indexOf(". ");
        return stop > 0 ? first.substring(0, stop) : first.replaceAll("\\.$", "");
    }

    private String synopsis() {
        Help help = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF));
        return help.synopsis(0).strip();
    }

    /** {@code .B names}, or {@code .BI "names " LABEL} (bold names, italic label) for an option taking a value. */
    private static String optionHeading(OptionSpec o) {
        String names = text(String.join(", ", o.names()));
        return o.arity().max() > 0 ? ".BI \"" + names + " \" " + text(o.paramLabel()) : ".B " + names;
    }

    /** The option's help text with its default filled in, and the default named when the text does not. */
    static String describe(ArgSpec arg) {
        String defaultValue = defaultOf(arg);
        String joined = String.join(" ", arg.description())
                .replace("${DEFAULT-VALUE}", defaultValue == null ? "none" : defaultValue)
                .replace("${COMPLETION-CANDIDATES}", candidates(arg));
        boolean isFlag = arg.isOption() && ((OptionSpec) arg).arity().max() == 0;
        if (defaultValue != null && !defaultValue.isEmpty() && !isFlag
                && !joined.toLowerCase(Locale.ROOT).contains("default")) {
            joined = joined + " (default: " + defaultValue + ")";
        }
        return joined;
    }

    /** The built-in default as the user would type it, or null when there is none. */
    static String defaultOf(ArgSpec arg) {
        String value = arg.defaultValue();
        if (value == null && arg.initialValue() != null && !(arg.initialValue() instanceof java.util.Collection<?> c && c.isEmpty())
                && !(arg.initialValue() instanceof Boolean)) {
            value = String.valueOf(arg.initialValue());
        }
        return value;
    }

    private static String candidates(ArgSpec arg) {
        List<String> names = new ArrayList<>();
        if (arg.completionCandidates() != null) {
            arg.completionCandidates().forEach(names::add);
        }
        return String.join(", ", names);
    }

    /** Escapes text for troff: backslashes, hyphens, and a control character at a line start. */
    static String text(String s) {
        String escaped = s.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : escaped.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                out.append("\\&");
            }
            out.append(line);
        }
        return out.toString();
    }
}
