package org.piwheels.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fenced code blocks of the manual ({@code docs/*.md}), each found by the id in the
 * HTML comment on the line before it: {@code <!-- snippet: deploy-master/createdb -->}
 * for a command or configuration a test runs or checks, {@code <!-- illustration:
 * architecture/queues -->} for a diagram or sample output. Tests take the text from
 * here rather than keeping a copy, so the manual shows what is tested.
 */
public final class DocSnippets {
    private static final Pattern FENCE = Pattern.compile("^```([A-Za-z0-9-]*)\\s*$");
    private static final Pattern MARKER =
            Pattern.compile("^<!--\\s*(snippet|illustration):\\s*(\\S+)\\s*-->\\s*$");

    /** Ids are {@code PAGE/NAME}, PAGE being the page's file name without {@code .md}. */
    public static final Pattern ID = Pattern.compile("[a-z0-9-]+/[a-z0-9-]+");

    private DocSnippets() {
    }

    /**
     * One fenced block.
     *
     * @param id its id, or null when the line before it carries none
     * @param kind {@code snippet}, {@code illustration}, or null without an id
     * @param page the Markdown file
     * @param line the 1-based line number of the opening fence
     * @param info the fence's info string ({@code sh}, {@code ini}, ... or empty)
     * @param text the block's lines, each ending in a newline
     */
    public record Block(String id, String kind, Path page, int line, String info, String text) {
        public List<String> lines() {
            return text.lines().toList();
        }

        /** The lines with shell continuations ({@code \} at the end) joined, blank lines and comments dropped. */
        public List<String> commands() {
            List<String> out = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String l : lines()) {
                if (l.endsWith("\\")) {
                    current.append(l, 0, l.length() - 1).append(' ');
                    continue;
                }
                String joined = current.append(l).toString().replaceAll("\\s+", " ").strip();
                current.setLength(0);
                if (!joined.isEmpty() && !joined.startsWith("#")) {
                    out.add(joined);
                }
            }
            return out;
        }

        public String where() {
            return page.getFileName() + ":" + line;
        }
    }

    /** The repository root: the nearest directory at or above the working directory with {@code docs/manual.md}. */
    public static Path repoRoot() {
        String configured = System.getProperty("repo.root");
        if (configured != null) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("docs/manual.md"))) {
                return p;
            }
        }
        throw new IllegalStateException("no docs/manual.md above " + Path.of("").toAbsolutePath());
    }

    /** Every fenced block of every page in {@code docs/}, in page-name and line order. */
    public static List<Block> all() {
        List<Block> blocks = new ArrayList<>();
        try (Stream<Path> pages = Files.list(repoRoot().resolve("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                blocks.addAll(parse(page, Files.readAllLines(page)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return blocks;
    }

    /** The block with this id; fails, naming the id, when the manual has none. */
    public static Block get(String id) {
        List<Block> found = all().stream().filter(b -> id.equals(b.id())).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.isEmpty() ? "no block <!-- snippet: " + id + " --> in docs/"
                    : "id " + id + " is on " + found.size() + " blocks in docs/");
        }
        return found.get(0);
    }

    /** The text of the snippet with this id. */
    public static String text(String id) {
        return get(id).text();
    }

    static List<Block> parse(Path page, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                text.append(lines.get(i)).append('\n');
            }
            String id = null;
            String kind = null;
            int before = start - 1;
            while (before >= 0 && lines.get(before).isBlank()) {
                before--;
            }
            if (before >= 0) {
                Matcher m = MARKER.matcher(lines.get(before).strip());
                if (m.matches()) {
                    kind = m.group(1);
                    id = m.group(2);
                }
            }
            blocks.add(new Block(id, kind, page, start + 1, open.group(1), text.toString()));
        }
        return blocks;
    }
}
