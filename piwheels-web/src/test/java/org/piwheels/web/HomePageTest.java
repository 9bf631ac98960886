package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomePageTest {
    @TempDir
    Path root;
    SiteWriter writer;

    @BeforeEach
    void setUp() {
        writer = new SiteWriter(SiteConfig.of(root), new MutableClock(Fixtures.NOW));
        writer.start(List.of("numpy"));
    }

    @Test
    void indexIsWrittenOnlyByHomeAndShowsFormattedStatistics() throws IOException {
        assertThat(root.resolve("index.html")).doesNotExist();
        writer.writeHome(Fixtures.stats(), List.of());
        String html = Files.readString(root.resolve("index.html"));
        assertThat(Html.byId(html, "dd", "stat-packages").plainText()).isEqualTo("12,345");
        assertThat(Html.byId(html, "dd", "stat-wheels").plainText()).isEqualTo("456,789");
        assertThat(Html.byId(html, "dd", "stat-downloads-all").plainText()).isEqualTo("98,765,432");
        assertThat(Html.byId(html, "dd", "stat-downloads-30").plainText()).isEqualTo("1,234,567");
        assertThat(Html.byId(html, "p", "timestamp").plainText()).isEqualTo("Page last updated 2024-01-31 12:00 UTC");
        assertThat(html).contains("extra-index-url=https://www.piwheels.org/simple", "href=\"/faq.html#uv\"",
                "<meta property=\"og:url\" content=\"https://www.piwheels.org/\">");
        // No posts, no blog section.
        assertThat(html).doesNotContain("id=\"blog\"");
        assertThat(Html.elements(html, "tr")).extracting(Html.Element::plainText)
                .contains("BusterPython 3.7No longer built", "TrixiePython 3.13Active");
    }

    @Test
    void blogPostsAreListedEscapedWithTheirDates() throws IOException {
        writer.writeHome(Fixtures.stats(), List.of(
                new BlogPost("Wheels & <things>", "https://blog.piwheels.org/a/?x=1&y=2",
                        Instant.parse("2023-12-05T09:30:00Z")),
                new BlogPost("Second", "https://blog.piwheels.org/b/", Instant.parse("2023-11-01T00:00:00Z"))));
        String html = Files.readString(root.resolve("index.html"));
        List<Html.Element> items = Html.elements(Html.elements(html, "ul").stream()
                .filter(u -> "posts".equals(u.attr("class"))).findFirst().orElseThrow().text(), "li");
        assertThat(items).extracting(Html.Element::plainText)
                .containsExactly("Wheels & <things> (05 Dec 2023)", "Second (01 Nov 2023)");
        assertThat(Html.elements(items.get(0).text(), "a").get(0).attr("href"))
                .isEqualTo("https://blog.piwheels.org/a/?x=1&y=2");
        assertThat(html).contains("Wheels &amp; &lt;things&gt;");
    }
}
