package org.piwheels.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.piwheels.testing.DocSnippets;
import picocli.CommandLine;

/**
 * Every {@code piw-*} command line in the code blocks of the manual (docs/*.md and
 * README.md) parses with that command's options: a renamed or removed option, a
 * missing argument or a misspelt command in an example fails here. The synopses and
 * the examples of the command pages are checked this way only (they name hosts and
 * packages of an imagined farm); the deployment pages' lines are also run, as root,
 * by the packaging walkthrough tests.
 */
class DocsCommandLinesTest {
    /** The blocks of piw-* lines this test is the check for (docs/packages.md, "How the manual is tested"). */
    static final List<String> PARSED_ONLY = List.of(
            "master/synopsis", "slave/synopsis", "slave/examples", "monitor/synopsis",
            "initdb/synopsis", "initdb/examples",
            "tools/import-synopsis", "tools/import-examples", "tools/add-synopsis", "tools/add-examples",
            "tools/remove-synopsis", "tools/remove-examples", "tools/rebuild-synopsis", "tools/rebuild-examples",
            "tools/logger-synopsis", "tools/logger-examples", "tools/keygen-synopsis", "tools/keygen-examples");

    @Test
    void everyExampleCommandLineParses() throws Exception {
        int checked = 0;
        List<String> problems = new ArrayList<>();
        for (DocSnippets.Block block : DocSnippets.all()) {
            if (!"snippet".equals(block.kind())) {
                continue;
            }
            for (String line : block.commands()) {
                Optional<List<String>> words = commandWords(line);
                if (words.isPresent()) {
                    check(block.page(), line, words.get()).ifPresent(problems::add);
                    checked++;
                }
            }
        }
        List<String> readme = Files.readAllLines(Repo.root().resolve("README.md"));
        for (String info : List.of("", "sh", "console", "bash")) {
            for (List<String> block : Markdown.fencedBlocks(readme, info)) {
                for (String line : joinContinuations(block)) {
                    Optional<List<String>> words = commandWords(line);
                    if (words.isPresent()) {
                        check(Repo.root().resolve("README.md"), line, words.get()).ifPresent(problems::add);
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).as("piw-* command lines found in the manual").isGreaterThan(10);
        assertThat(problems).isEmpty();
    }

    @Test
    void theCommandPagesBlocksHoldCommandLines() {
        for (String id : PARSED_ONLY) {
            DocSnippets.Block block = DocSnippets.get(id);
            // a synopsis starts with its command; an example block holds at least one piw-* line
            List<String> lines = block.commands();
            assertThat(lines).as(id).isNotEmpty();
            if (id.endsWith("synopsis")) {
                assertThat(commandWords(lines.get(0))).as(id + ": " + lines.get(0)).isPresent();
            } else {
                assertThat(lines.stream().filter(l -> commandWords(l).isPresent())).as(id).isNotEmpty();
            }
        }
    }

    /** Each synopsis names every option of its command (a missing one is undocumented there). */
    @Test
    void synopsesNameEveryOption() {
        List<String> problems = new ArrayList<>();
        for (String id : PARSED_ONLY.stream().filter(i -> i.endsWith("synopsis")).toList()) {
            String text = DocSnippets.text(id);
            String name = text.strip().split("\\s+")[0];
            CommandInfo info = CommandInfo.ALL.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
            CommandLine cl = info.commandLine(DocsCommandLinesTest.class.getClassLoader());
            for (picocli.CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
                if (o.hidden()) {
                    continue;
                }
                boolean named = false;
                for (String n : o.names()) {
                    named |= n.startsWith("--") ? text.matches("(?s).*" + java.util.regex.Pattern.quote(n) + "(?![\\w-]).*")
                            : text.matches("(?s).*(\\[|\\| )-[A-Za-z]*" + n.charAt(1) + "[A-Za-z]*[] |].*");
                }
                if (!named) {
                    problems.add(id + " lacks " + o.longestName());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** A problem with the line, if any: a synopsis naming unknown options, or a command line that does not parse. */
    private static Optional<String> check(Path page, String line, List<String> words) {
        String name = words.get(0);
        Optional<CommandInfo> info = CommandInfo.ALL.stream().filter(c -> c.name().equals(name)).findFirst();
        if (info.isEmpty()) {
            return Optional.of(page.getFileName() + ": unknown command in: " + line);
        }
        CommandLine cl = info.get().commandLine(DocsCommandLinesTest.class.getClassLoader());
        if (words.size() > 1 && words.get(1).startsWith("[")) {
            // a synopsis, "piw-x [-h] [--version] [-c FILE] ...": each option named must exist
            for (String word : words) {
                String option = word.replaceAll("^\\[+|[]|.]+$", "");
                List<String> names = new ArrayList<>();
                if (option.matches("-[A-Za-z]{2,}")) {
                    option.chars().skip(1).forEach(ch -> names.add("-" + (char) ch));  // clustered: -hvq
                } else if (option.startsWith("-")) {
                    names.add(option);
                }
                for (String n : names) {
                    if (!cl.getCommandSpec().optionsMap().containsKey(n)) {
                        return Optional.of(page.getFileName() + ": synopsis names " + n + ", which " + name + " lacks");
                    }
                }
            }
            return Optional.empty();
        }
        try {
            cl.parseArgs(words.subList(1, words.size()).toArray(String[]::new));
            return Optional.empty();
        } catch (CommandLine.ParameterException e) {
            return Optional.of(page.getFileName() + ": `" + line.strip() + "` does not parse: " + e.getMessage());
        }
    }

    private static List<String> joinContinuations(List<String> block) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : block) {
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
            } else {
                out.add(current.append(line).toString());
                current.setLength(0);
            }
        }
        return out;
    }

    /** The words of a {@code piw-*} invocation on the line, up to a pipe, redirection or comment. */
    static Optional<List<String>> commandWords(String line) {
        String s = line.strip().replaceFirst("^[$#]\\s+", "").replaceFirst("^sudo -u \\S+\\s+", "");
        s = s.replaceFirst("^(\\w+=\\S+\\s+)+", "");  // leading environment assignments
        if (!s.startsWith("piw-")) {
            return Optional.empty();
        }
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if ((c == '#' && !inWord) || c == '|' || c == '>' || c == '<' || c == ';' || c == '&') {
                break;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return Optional.of(words);
    }
}
