package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every generated page is HTML5 with properly nested elements and unique ids. */
class HtmlStructureTest {
    private static final Set<String> VOID = Set.of("meta", "link", "br", "img", "input", "hr", "wbr", "source");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*?)(/?)>");
    private static final Pattern ID = Pattern.compile("\\sid=\"([^\"]*)\"");

    @TempDir
    Path root;

    static void assertWellNested(String html, String name) {
        String body = html.replaceAll("(?s)<!--.*?-->", "").replaceAll("(?s)<pre[^>]*>.*?</pre>", "<pre></pre>");
        Deque<String> open = new ArrayDeque<>();
        Matcher m = TAG.matcher(body);
        while (m.find()) {
            String tag = m.group(2).toLowerCase();
            if (VOID.contains(tag) || !m.group(4).isEmpty()) {
                continue;
            }
            if (m.group(1).isEmpty()) {
                open.push(tag);
            } else {
                assertThat(open).as("%s: </%s> closes nothing", name, tag).isNotEmpty();
                assertThat(open.pop()).as("%s: </%s> closes the wrong element", name, tag).isEqualTo(tag);
            }
        }
        assertThat(open).as("%s: unclosed elements", name).isEmpty();
        List<String> ids = ID.matcher(body).results().map(r -> r.group(1)).toList();
        assertThat(ids).as("%s: duplicate ids", name).doesNotHaveDuplicates();
        assertThat(html).as(name).startsWith("<!DOCTYPE html>");
    }

    @Test
    void everyPageIsWellNested() throws IOException {
        SiteWriter writer = new SiteWriter(SiteConfig.of(root), new MutableClock(Fixtures.NOW));
        writer.start(List.of("numpy"));
        writer.writeBoth(Fixtures.fooBar());
        writer.writeBoth(new ProjectInput("empty", null, "", List.of(), List.of()));
        writer.writeHome(Fixtures.stats(), List.of(new BlogPost("Post", "https://b.example/", Fixtures.NOW)));
        for (String page : List.of("index.html", "faq.html", "packages.html", "json.html", "404.html",
                "simple/index.html", "simple/foo-bar/index.html", "simple/empty/index.html",
                "project/foo-bar/index.html", "project/empty/index.html")) {
            assertWellNested(Files.readString(root.resolve(page)), page);
        }
    }

    @Test
    void theCheckerCatchesMisnesting() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> assertWellNested("<!DOCTYPE html><div><p></div></p>", "bad")).isInstanceOf(AssertionError.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> assertWellNested("<!DOCTYPE html><p id=\"a\"></p><p id=\"a\"></p>", "dup"))
                .isInstanceOf(AssertionError.class);
    }
}
