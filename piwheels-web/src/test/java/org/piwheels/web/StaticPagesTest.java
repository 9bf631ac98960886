package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticPagesTest {
    @TempDir
    Path root;

    @BeforeEach
    void start() {
        new SiteWriter(SiteConfig.of(root), new MutableClock(Fixtures.NOW)).start(List.of());
    }

    private String read(String name) throws IOException {
        return Files.readString(root.resolve(name));
    }

    @Test
    void everyStaticAssetIsCopiedWithMode0644() throws IOException {
        for (String name : StaticAssets.NAMES) {
            Path p = root.resolve(name);
            assertThat(p).exists();
            assertThat(Files.readAllBytes(p)).isEqualTo(StaticAssets.read(name));
            assertThat(Files.getPosixFilePermissions(p)).isEqualTo(AtomicFileWriter.MODE_0644);
        }
        assertThat(StaticAssets.read("favicon.ico")).startsWith(0, 0, 1, 0);
        assertThat(StaticAssets.read("piwheels-logo-large.png")).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void sharedLayoutHasTheHeadMetaNavigationAndFooter() throws IOException {
        String faq = read("faq.html");
        assertThat(faq).startsWith("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\" class=\"no-js\">")
                .contains("<meta charset=\"utf-8\">", "<link rel=\"stylesheet\" href=\"/styles.css\">",
                        "<link rel=\"icon\" href=\"/favicon.ico\">", "<title>piwheels - FAQ</title>",
                        "<meta property=\"og:type\" content=\"website\">",
                        "<meta property=\"og:image\" content=\"https://www.piwheels.org/piwheels-logo-large.png\">",
                        "<meta name=\"twitter:card\" content=\"summary\">",
                        "<meta name=\"twitter:site\" content=\"@piwheels\">",
                        "<meta property=\"og:url\" content=\"https://www.piwheels.org/faq.html\">",
                        "<meta name=\"description\"",
                        "<section id=\"noticebar\" class=\"hidden\"",
                        "href=\"https://github.com/piwheels\"", "href=\"https://piwheels.readthedocs.io/\"",
                        "<a rel=\"me\" href=\"https://mastodon.social/@piwheels\"",
                        "<script src=\"/shade.js\"></script>\n<script src=\"/faq.js\"></script>\n<script src=\"/banner.js\"></script>");
        List<Html.Element> nav = Html.elements(Html.elements(faq, "nav").get(0).text(), "a");
        assertThat(nav).extracting(e -> e.attr("href")).containsExactly("/packages.html", "/faq.html", "/json.html",
                "https://blog.piwheels.org/");
        assertThat(nav).filteredOn(e -> "selected".equals(e.attr("class"))).extracting(e -> e.attr("href"))
                .containsExactly("/faq.html");
        assertThat(Html.elements(Html.elements(read("packages.html"), "nav").get(0).text(), "a"))
                .filteredOn(e -> "selected".equals(e.attr("class"))).extracting(e -> e.attr("href"))
                .containsExactly("/packages.html");
    }

    @Test
    void faqHasTheAnchorsOtherPagesLinkTo() throws IOException {
        String faq = read("faq.html");
        assertThat(Html.elements(faq, "h5")).extracting(e -> e.attr("id")).contains("uv", "sudo", "venv", "issues");
        assertThat(faq).contains("<div id=\"missing\">");
        // Each question is directly followed by its answer.
        assertThat(faq).containsPattern("</h5>\\s*<div");
    }

    @Test
    void searchPageHasTheDisabledInputStatusAndResultList() throws IOException {
        String html = read("packages.html");
        assertThat(html).contains("<title>piwheels - Package List</title>",
                "<meta property=\"og:title\" content=\"piwheels - Package search\">",
                "<p id=\"status\"", "<ul id=\"packages\"></ul>", "<script src=\"/packages.js\"></script>");
        assertThat(html).containsPattern("<input [^>]*name=\"package\"[^>]* disabled>");
    }

    @Test
    void apiPageDocumentsEveryJsonKey() throws IOException {
        String html = read("json.html");
        for (String key : List.of("package", "summary", "pypi_url", "piwheels_url", "releases", "released",
                "prerelease", "yanked", "skip_reason", "files", "file_url", "filehash", "filesize", "builder_abi",
                "file_abi_tag", "platform", "requires_python", "apt_dependencies", "pip_dependencies", "abis")) {
            assertThat(html).contains("<td><code>" + key + "</code></td>");
        }
        assertThat(html).contains("/packages.json");
    }

    @Test
    void notFoundPageHasNoDescriptionOrUrlAndLinksToSearch() throws IOException {
        String html = read("404.html");
        assertThat(html).contains("<title>piwheels - 404 \u2014 file not found</title>", "href=\"/packages.html\"")
                .doesNotContain("<meta name=\"description\"").doesNotContain("og:url");
    }

    @Test
    void robotsTxtPointsAtTheSitemap() throws IOException {
        assertThat(read("robots.txt")).contains("Sitemap: https://www.piwheels.org/sitemap.xml");
    }
}
