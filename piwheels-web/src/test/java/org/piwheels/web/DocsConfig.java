package org.piwheels.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web-server configurations exactly as {@code docs/web.md} prints them, so the
 * tests run what operators copy and the documentation cannot drift from what is
 * tested. Adapting one to a test machine is done by {@link #replace}, which fails
 * when the text to adapt is no longer in the docs.
 */
final class DocsConfig {
    static final Path DOC = Path.of("..", "docs", "web.md");

    private String text;

    private DocsConfig(String text) {
        this.text = text;
    }

    /** @return every fenced block of that language in {@code docs/web.md}, in order */
    static List<DocsConfig> blocks(String language) throws IOException {
        String doc = Files.readString(DOC);
        Matcher m = Pattern.compile("(?ms)^```" + Pattern.quote(language) + "\\n(.*?)^```$").matcher(doc);
        List<DocsConfig> found = new ArrayList<>();
        while (m.find()) {
            found.add(new DocsConfig(m.group(1)));
        }
        if (found.isEmpty()) {
            throw new AssertionError("no ```" + language + " block in " + DOC.toAbsolutePath());
        }
        return found;
    }

    /** Replaces one literal piece of the documented text; the piece must be there. */
    DocsConfig replace(String documented, String local) {
        if (!text.contains(documented)) {
            throw new AssertionError("docs/web.md no longer contains «" + documented + "»:\n" + text);
        }
        text = text.replace(documented, local);
        return this;
    }

    /** Removes every line that starts (after indentation) with the given directive. */
    DocsConfig dropLines(String directive) {
        String before = text;
        text = text.replaceAll("(?m)^\\s*" + Pattern.quote(directive) + "\\b.*\\n", "");
        if (before.equals(text)) {
            throw new AssertionError("docs/web.md has no «" + directive + "» line:\n" + text);
        }
        return this;
    }

    String text() {
        return text;
    }
}
