package org.piwheels.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The manual page of each command in docs/ documents exactly the options the command
 * has (every name, nothing it lacks), with the built-in default where there is one,
 * and every exit status the command declares. A new option without documentation,
 * or documentation of an option that is gone, fails here.
 */
class CommandDocsTest {
    static Iterable<CommandInfo> commands() {
        return CommandInfo.ALL;
    }

    /** The table rows that document the command's options. */
    private static List<List<String>> optionRows(CommandInfo c) throws Exception {
        List<String> lines = Files.readAllLines(Repo.docs().resolve(c.doc()));
        List<String> relevant = new ArrayList<>();
        if (c.doc().equals("tools.md")) {
            relevant.addAll(Markdown.section(lines, "What every tool shares"));
            relevant.addAll(Markdown.section(lines, c.name()));
        } else {
            relevant.addAll(Markdown.section(lines, "Options"));
        }
        assertThat(relevant).as("an options section for " + c.name() + " in docs/" + c.doc()).isNotEmpty();
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : Markdown.tableRows(relevant)) {
            if (!Markdown.optionNames(row.get(0)).isEmpty()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static CommandSpec spec(CommandInfo c) {
        return c.commandLine(CommandDocsTest.class.getClassLoader()).getCommandSpec();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void documentsExactlyTheOptionsTheCommandHas(CommandInfo c) throws Exception {
        Set<String> documented = new TreeSet<>();
        for (List<String> row : optionRows(c)) {
            documented.addAll(Markdown.optionNames(row.get(0)));
        }
        Set<String> actual = new TreeSet<>();
        for (OptionSpec o : spec(c).options()) {
            if (!o.hidden()) {
                actual.addAll(List.of(o.names()));
            }
        }
        Set<String> missing = new TreeSet<>(actual);
        missing.removeAll(documented);
        Set<String> unknown = new TreeSet<>(documented);
        unknown.removeAll(actual);
        assertThat(missing).as(c.name() + " options missing from docs/" + c.doc()).isEmpty();
        assertThat(unknown).as("options in docs/" + c.doc() + " that " + c.name() + " does not have").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void documentsEachBuiltInDefault(CommandInfo c) throws Exception {
        for (OptionSpec o : spec(c).options()) {
            String def = o.defaultValue();
            if (o.hidden() || def == null || o.arity().max() == 0) {
                continue;
            }
            List<String> row = optionRows(c).stream()
                    .filter(r -> Markdown.optionNames(r.get(0)).contains(o.longestName())).findFirst().orElseThrow();
            assertThat(String.join(" | ", row.subList(1, row.size())))
                    .as("default of " + o.longestName() + " in docs/" + c.doc()).contains(def);
        }
    }

    @ParameterizedTest
    @MethodSource("commands")
    void documentsEveryExitStatus(CommandInfo c) throws Exception {
        String page = Files.readString(Repo.docs().resolve(c.doc()));
        for (Map.Entry<String, String> e : spec(c).usageMessage().exitCodeList().entrySet()) {
            String status = e.getKey().strip();
            assertThat(page).as("exit status " + status + " of " + c.name() + " in docs/" + c.doc())
                    .containsPattern("\\|\\s*`?" + status + "`?\\s*\\|");
        }
    }
}
