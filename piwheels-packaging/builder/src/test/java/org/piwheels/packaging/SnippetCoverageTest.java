package org.piwheels.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.piwheels.testing.DocSnippets;
import org.piwheels.testing.DocSnippets.Block;

/**
 * The manual cannot drift from the software: every fenced block in {@code docs/*.md}
 * carries an id, and every command or configuration snippet is claimed by a test that
 * reads it through {@link DocSnippets} (the id as a string literal in a test source
 * that uses {@code DocSnippets}) or by a {@code snippet ID} step of {@code .ci/run}.
 * Diagrams and sample output are marked {@code illustration} and must not look like
 * commands. A new block without an id, or an id no test takes, fails here.
 */
class SnippetCoverageTest {
    /** Lines that would make an "illustration" a command an operator might copy. */
    private static final Pattern COMMAND_LINE = Pattern.compile(
            "^\\s*(\\$ |# |piw-|sudo |apt-get |apt |dpkg |systemctl |journalctl |java |mvn |createuser |createdb |psql )");

    @Test
    void everyBlockHasAWellFormedUniqueId() {
        List<Block> blocks = DocSnippets.all();
        assertThat(blocks).as("fenced blocks in docs/").hasSizeGreaterThan(50);
        List<String> problems = new ArrayList<>();
        Map<String, Block> seen = new HashMap<>();
        for (Block b : blocks) {
            if (b.id() == null) {
                problems.add(b.where() + ": fenced block without an id; put <!-- snippet: PAGE/NAME --> (a command or "
                        + "configuration, then make a test run it) or <!-- illustration: PAGE/NAME --> (a diagram or "
                        + "sample output) on the line before it");
                continue;
            }
            if (!DocSnippets.ID.matcher(b.id()).matches()) {
                problems.add(b.where() + ": id " + b.id() + " is not PAGE/NAME in lower case");
            }
            String page = b.page().getFileName().toString().replaceFirst("\\.md$", "");
            if (!b.id().startsWith(page + "/")) {
                problems.add(b.where() + ": id " + b.id() + " should start with " + page + "/");
            }
            Block other = seen.put(b.id(), b);
            if (other != null) {
                problems.add(b.where() + ": id " + b.id() + " is also on " + other.where());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void illustrationsAreNotCommands() {
        List<String> problems = new ArrayList<>();
        for (Block b : DocSnippets.all()) {
            if (!"illustration".equals(b.kind())) {
                continue;
            }
            if (!b.info().isEmpty()) {
                problems.add(b.where() + ": illustration " + b.id() + " has the language tag `" + b.info()
                        + "`; a block in a language is a snippet some test must run");
            }
            b.lines().stream().filter(l -> COMMAND_LINE.matcher(l).find()).findFirst().ifPresent(l ->
                    problems.add(b.where() + ": illustration " + b.id() + " holds a command line: " + l));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everySnippetIsClaimedByATestOrTheCiScript() throws IOException {
        Map<String, List<String>> claims = claims();
        List<String> unclaimed = new ArrayList<>();
        int snippets = 0;
        for (Block b : DocSnippets.all()) {
            if ("snippet".equals(b.kind())) {
                snippets++;
                if (!claims.containsKey(b.id())) {
                    unclaimed.add(b.where() + ": " + b.id());
                }
            }
        }
        assertThat(snippets).isGreaterThan(40);
        assertThat(unclaimed).as("snippets no test reads through DocSnippets (nor .ci/run through `snippet ID`)")
                .isEmpty();
    }

    @Test
    void claimsNameOnlySnippetsThatExist() throws IOException {
        Map<String, Block> byId = new HashMap<>();
        DocSnippets.all().stream().filter(b -> b.id() != null).forEach(b -> byId.put(b.id(), b));
        List<String> stale = new ArrayList<>();
        claims().forEach((id, where) -> {
            Block b = byId.get(id);
            if (b == null || !"snippet".equals(b.kind())) {
                stale.add(id + " (claimed in " + where + ")");
            }
        });
        assertThat(stale).as("ids tests or .ci/run name that are no snippet in docs/").isEmpty();
    }

    /** Id to where it is claimed: string literals in test sources that use DocSnippets, and .ci/run's snippet steps. */
    static Map<String, List<String>> claims() throws IOException {
        Path root = Repo.root();
        Pattern literal = Pattern.compile("\"(" + DocSnippets.ID.pattern() + ")\"");
        Pattern ciStep = Pattern.compile("\\bsnippet\\s+(" + DocSnippets.ID.pattern() + ")\\b");
        Map<String, List<String>> claims = new TreeMap<>();
        List<Path> sources = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return name.equals("target") || name.startsWith(".") && !dir.equals(root)
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.toString().endsWith(".java") && file.toString().contains("/src/test/java/")) {
                    sources.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        sources.sort(Comparator.naturalOrder());
        for (Path source : sources) {
            String text = Files.readString(source);
            // DocsConfig (piwheels-web) reads the web-server snippets through DocSnippets
            boolean readsSnippets = text.contains("DocSnippets") || text.contains("DocsConfig.snippet(");
            if (!readsSnippets || source.getFileName().toString().equals("SnippetCoverageTest.java")) {
                continue;
            }
            // only literals naming a page of the manual: "lib/app" and the like are paths, not ids
            literal.matcher(text).results().map(m -> m.group(1))
                    .filter(id -> Files.isRegularFile(root.resolve("docs").resolve(id.split("/")[0] + ".md")))
                    .forEach(id -> claims.computeIfAbsent(id, k -> new ArrayList<>()).add(root.relativize(source).toString()));
        }
        Path ci = root.resolve(".ci/run");
        ciStep.matcher(Files.readString(ci)).results().forEach(m ->
                claims.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(".ci/run"));
        return claims;
    }
}
