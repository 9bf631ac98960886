package org.piwheels.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every {@code piw-*} command line in the code blocks of the manual (docs/*.md and
 * README.md) parses with that command's options: a renamed or removed option, a
 * missing argument or a misspelt command in an example fails here.
 */
class DocsCommandLinesTest {

    @Test
    void everyExampleCommandLineParses() throws Exception {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> docs = Files.list(Repo.docs())) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        pages.add(Repo.root().resolve("README.md"));
        int checked = 0;
        List<String> problems = new ArrayList<>();
        for (Path page : pages) {
            List<String> lines = Files.readAllLines(page);
            for (String info : List.of("", "sh", "console", "bash")) {
                for (List<String> block : Markdown.fencedBlocks(lines, info)) {
                    for (String line : joinContinuations(block)) {
                        Optional<List<String>> words = commandWords(line);
                        if (words.isPresent()) {
                            check(page, line, words.get()).ifPresent(problems::add);
                            checked++;
                        }
                    }
                }
            }
        }
        assertThat(checked).as("piw-* command lines found in the manual").isGreaterThan(10);
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
