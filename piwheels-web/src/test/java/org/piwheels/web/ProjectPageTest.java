package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectPageTest {
    @TempDir
    Path root;
    SiteWriter writer;

    @BeforeEach
    void setUp() {
        writer = new SiteWriter(SiteConfig.of(root), new MutableClock(Fixtures.NOW));
        writer.start(List.of());
    }

    private String page(ProjectInput p) throws IOException {
        writer.writeProjectPage(p);
        return Files.readString(root.resolve("project/" + p.canonicalName() + "/index.html"));
    }

    @Test
    void headerInstallAndDependenciesComeFromTheNewestFinalUnyankedReleaseWithFiles() throws IOException {
        String html = page(Fixtures.fooBar());
        Html.Element h2 = Html.byId(html, "h2", "package");
        assertThat(h2.attr("data-package")).isEqualTo("foo-bar");
        assertThat(h2.plainText()).isEqualTo("Foo_Bar");
        assertThat(Html.byId(html, "p", "description").plainText()).isEqualTo("Frobnicates bars");
        // 1.10 has no files and 1.1rc1 is a pre-release, so 1.1 decides; its lowest file name is the armv6l twin.
        assertThat(Html.byId(html, "pre", "install-command").plainText())
                .isEqualTo("sudo apt install libatlas3-base libgfortran5\npip3 install foo-bar");
        assertThat(Html.elements(Html.byId(html, "ul", "pipdeps").text(), "a"))
                .extracting(e -> e.attr("href"), Html.Element::plainText)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/project/numpy/", "numpy"));
        assertThat(Html.byId(html, "dd", "versions-count").plainText()).isEqualTo("5");
        assertThat(Html.byId(html, "dd", "files-count").plainText()).isEqualTo("4");
        assertThat(Html.byId(html, "dd", "downloads-all").plainText()).isEqualTo("loading...");
        assertThat(Html.byId(html, "dd", "downloads-30").plainText()).isEqualTo("loading...");
        assertThat(html).contains("<link rel=\"canonical\" href=\"https://www.piwheels.org/project/foo-bar/\">",
                "<title>piwheels - Foo_Bar</title>", "href=\"https://pypi.org/project/foo-bar\"",
                "href=\"/project/foo-bar/json\"", "href=\"/faq.html#venv\"",
                "<p id=\"timestamp\">Page last updated 2024-01-31 12:00:00 UTC</p>",
                "<script src=\"/shade.js\"></script>\n<script src=\"/project.js\"></script>\n<script src=\"/banner.js\"></script>");
    }

    @Test
    void withoutAptDependenciesTheInstallCommandIsPipOnlyAndDependenciesSayNone() throws IOException {
        ProjectInput p = new ProjectInput("pure", null, "", List.of(new ProjectInput.Release("2.0", false,
                Instant.EPOCH, "", List.of(Fixtures.wheel("pure-2.0-py3-none-any.whl", Fixtures.HASH_A, 10, "cp311",
                "any", null, Set.of(), Set.of())), Fixtures.abis("cp311", "success", 9L))), List.of());
        String html = page(p);
        assertThat(Html.byId(html, "pre", "install-command").plainText()).isEqualTo("pip3 install pure");
        assertThat(Html.elements(Html.byId(html, "ul", "pipdeps").text(), "li"))
                .extracting(Html.Element::plainText).containsExactly("None");
        assertThat(Html.byId(html, "h2", "package").plainText()).isEqualTo("pure");
    }

    @Test
    void releasesTableHasAbiColumnsStatusCellsLogLinksAndMarkers() throws IOException {
        String html = page(Fixtures.fooBar());
        String table = Html.byId(html, "table", "releases-table").text();
        List<Html.Element> heads = Html.elements(Html.elements(table, "thead").get(0).text(), "th");
        assertThat(heads).extracting(Html.Element::plainText).containsExactly("Version", "Released",
                "BullseyePython 3.9", "BookwormPython 3.11", "TrixiePython 3.13", "Unknowncp312", "Files");
        List<Html.Element> rows = Html.elements(table, "tr").subList(1, 11);
        List<Html.Element> info = rows.stream().filter(r -> "release-info".equals(r.attr("class"))).toList();
        assertThat(info).extracting(r -> Html.elements(r.text(), "th").get(0).plainText())
                .containsExactly("1.10", "1.1", "1.1rc1 pre-release", "1.0 yanked", "0.9");
        List<Html.Element> cells11 = Html.elements(info.get(1).text(), "td");
        assertThat(cells11.get(0).attr("title")).isEqualTo("2023-05-01 10:00:00 UTC");
        assertThat(cells11.get(0).plainText()).isEqualTo("2023-05-01");
        assertThat(cells11.subList(1, 5)).extracting(c -> c.attr("class"), c -> c.attr("title")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("success", "Build succeeded"),
                org.assertj.core.groups.Tuple.tuple("success", "Build succeeded"),
                org.assertj.core.groups.Tuple.tuple("fail", "Build failed"),
                org.assertj.core.groups.Tuple.tuple("error", "Unexpected error"));
        assertThat(Html.elements(cells11.get(1).text(), "a").get(0).attr("href"))
                .isEqualTo("/logs/0000/0123/4567.txt.gz");
        assertThat(cells11.get(4).plainText()).isEqualTo("Unexpected error");
        assertThat(cells11.get(4).text()).doesNotContain("<a ");
        assertThat(Html.elements(info.get(4).text(), "td").get(1).attr("title")).isEqualTo("Skipped: binary only");
        assertThat(Html.elements(info.get(0).text(), "td").get(1).attr("class")).isEqualTo("pending");

        Html.Element files11 = rows.get(3);
        assertThat(files11.attr("class")).isEqualTo("files-info");
        assertThat(Html.elements(files11.text(), "td").get(0).attr("colspan")).isEqualTo("7");
        List<Html.Element> lis = Html.elements(files11.text(), "li");
        assertThat(lis).hasSize(3);
        assertThat(lis.get(2).attr("data-aptdependencies")).isEqualTo("libatlas3-base");
        assertThat(lis.get(2).attr("data-pipdependencies")).isEqualTo("numpy");
        assertThat(lis.get(2).plainText()).isEqualTo("foo_bar-1.1-cp39-cp39-linux_armv7l.whl (5 MB)");
        assertThat(Html.elements(lis.get(2).text(), "a").get(0).attr("href"))
                .isEqualTo("/simple/foo-bar/foo_bar-1.1-cp39-cp39-linux_armv7l.whl#sha256=" + Fixtures.HASH_B);
        assertThat(Html.elements(rows.get(7).text(), "li").get(0).attr("data-aptdependencies")).isEmpty();
    }

    @Test
    void aPackageWithoutReleasesHasNoTable() throws IOException {
        String html = page(new ProjectInput("empty", "Empty", "", List.of(), List.of()));
        assertThat(html).doesNotContain("releases-table").contains("No releases of this package are known yet.");
        assertThat(Html.byId(html, "dd", "versions-count").plainText()).isEqualTo("0");
    }

    @Test
    void namesAndSummariesWithHtmlCharactersAreEscapedAndIssueLinksUrlEncoded() throws IOException {
        String evil = "<script>alert(\"x&y\")</script> 'quoted'";
        ProjectInput p = new ProjectInput("evil", "Evil&<b>", evil, List.of(), List.of());
        String html = page(p);
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<b>");
        assertThat(Html.byId(html, "p", "description").plainText()).isEqualTo(evil);
        assertThat(Html.byId(html, "h2", "package").plainText()).isEqualTo("Evil&<b>");
        assertThat(html).contains("<title>piwheels - Evil&amp;&lt;b&gt;</title>");
        assertThat(html).contains("content=\"The piwheels project page for Evil&amp;&lt;b&gt;: &lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; &#39;quoted&#39;\"");
        String missing = Html.elements(Html.byId(html, "ul", "issues-list").text(), "a").get(1).attr("href");
        assertThat(missing).contains("title=Missing+package%3A+Evil%26%3Cb%3E&labels=missing+package&package=evil");
    }
}
