package org.piwheels.web;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.piwheels.testing.DocSnippets;

/**
 * The web-server configurations exactly as {@code docs/web.md} prints them (found by id), so the
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

    /** @return the block of {@code docs/web.md} with that id ({@code <!-- snippet: web/nginx -->}) */
    static DocsConfig snippet(String id) {
        return new DocsConfig(DocSnippets.text(id));
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
