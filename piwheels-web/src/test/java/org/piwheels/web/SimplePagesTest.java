package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimplePagesTest {
    @TempDir
    Path root;
    SiteWriter writer;

    @BeforeEach
    void setUp() {
        writer = new SiteWriter(SiteConfig.of(root), new MutableClock(Fixtures.NOW));
        writer.start(List.of("numpy", "foo-bar", "zz-top"));
    }

    @Test
    void rootListsEveryKnownPackageSortedWithTrailingSlashLinks() throws IOException {
        String html = Files.readString(root.resolve("simple/index.html"));
        List<Html.Element> links = Html.elements(html, "a");
        assertThat(links).extracting(e -> e.attr("href")).containsExactly("foo-bar/", "numpy/", "zz-top/");
        assertThat(links).extracting(Html.Element::plainText).containsExactly("foo-bar", "numpy", "zz-top");
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<meta name=\"pypi:repository-version\" content=\"1.1\">")
                .contains("<meta name=\"api-version\" value=\"2\" />")
                .contains("<title>piwheels - Simple index</title>")
                .endsWith("</html>\n<!--2024-01-31T12:00:00.123456+00:00-->\n");
    }

    @Test
    void projectPageLinksEveryFileWithHashYankedAndEscapedRequiresPython() throws IOException {
        writer.writeBoth(Fixtures.fooBar());
        String html = Files.readString(root.resolve("simple/foo-bar/index.html"));
        assertThat(html).contains("<title>piwheels - Links for foo-bar</title>", "<h1>Links for foo-bar</h1>");
        List<Html.Element> links = Html.elements(html, "a");
        assertThat(links).extracting(e -> e.attr("href")).containsExactly(
                "/simple/foo-bar/foo_bar-1.1-cp311-cp311-linux_armv6l.whl#sha256=" + Fixtures.HASH_A,
                "/simple/foo-bar/foo_bar-1.1-cp311-cp311-linux_armv7l.whl#sha256=" + Fixtures.HASH_A,
                "/simple/foo-bar/foo_bar-1.1-cp39-cp39-linux_armv7l.whl#sha256=" + Fixtures.HASH_B,
                "/simple/foo-bar/foo_bar-1.0-py3-none-any.whl#sha256=" + Fixtures.HASH_C);
        // The anchor text is the last path component of the URL (PEP 503).
        links.forEach(a -> assertThat(a.attr("href")).contains("/" + a.plainText() + "#sha256="));
        assertThat(html).contains("href=\"/simple/foo-bar/foo_bar-1.1-cp39-cp39-linux_armv7l.whl#sha256="
                + Fixtures.HASH_B + "\" data-requires-python=\"&gt;=3.8\">");
        assertThat(links.get(0).attr("data-requires-python")).isEqualTo(">=3.8");
        assertThat(links.get(0).attrs()).doesNotContainKey("data-yanked");
        assertThat(links.get(3).attrs()).containsEntry("data-yanked", "").doesNotContainKey("data-requires-python");
        assertThat(html).doesNotContain("data-core-metadata");
    }

    @Test
    void externalLocationsAreUsedAsGivenAndMetadataHashesBecomeAttributes() throws IOException {
        ProjectInput.WheelFile archived = new ProjectInput.WheelFile("Old_Pkg-0.1-cp35-cp35m-linux_armv7l.whl",
                "https://archive1.piwheels.org", Fixtures.HASH_A, 100, "cp35m", "cp35m", "linux_armv7l",
                "<4,>=3.5", Set.of(), Set.of(), null, Fixtures.HASH_B);
        ProjectInput p = new ProjectInput("old-pkg", null, "", List.of(new ProjectInput.Release("0.1", false,
                Instant.EPOCH, "", List.of(archived), Fixtures.abis("cp35m", "success", 5L))), List.of());
        writer.writeBoth(p);
        String html = Files.readString(root.resolve("simple/old-pkg/index.html"));
        Html.Element a = Html.elements(html, "a").get(0);
        assertThat(a.attr("href")).isEqualTo("https://archive1.piwheels.org/old-pkg/Old_Pkg-0.1-cp35-cp35m-linux_armv7l.whl#sha256="
                + Fixtures.HASH_A);
        assertThat(a.attr("data-requires-python")).isEqualTo("<4,>=3.5");
        assertThat(a.attrs().get("data-requires-python")).isEqualTo("&lt;4,&gt;=3.5");
        assertThat(a.attr("data-core-metadata")).isEqualTo("sha256=" + Fixtures.HASH_B);
        assertThat(a.attr("data-dist-info-metadata")).isEqualTo(a.attr("data-core-metadata"));
    }

    @Test
    void bothAddsANewPackageToTheRootAndWritesAnEmptyPageForAPackageWithoutFiles() throws IOException {
        writer.writeBoth(new ProjectInput("new-one", null, "", List.of(), List.of()));
        assertThat(Html.elements(Files.readString(root.resolve("simple/index.html")), "a"))
                .extracting(e -> e.attr("href")).contains("new-one/");
        String page = Files.readString(root.resolve("simple/new-one/index.html"));
        assertThat(page).contains("<h1>Links for new-one</h1>");
        assertThat(Html.elements(page, "a")).isEmpty();
        assertThat(writer.knownPackages()).contains("new-one");
    }

    @Test
    void pep691JsonFormsCarryThePep700Fields() throws IOException {
        writer.writeBoth(Fixtures.fooBar());
        ObjectMapper json = new ObjectMapper();
        JsonNode index = json.readTree(root.resolve("simple/index.v1.json").toFile());
        assertThat(index.at("/meta/api-version").asText()).isEqualTo("1.1");
        assertThat(index.get("projects")).extracting(n -> n.get("name").asText())
                .containsExactly("foo-bar", "numpy", "zz-top");

        JsonNode project = json.readTree(root.resolve("simple/foo-bar/index.v1.json").toFile());
        assertThat(project.get("name").asText()).isEqualTo("foo-bar");
        assertThat(project.get("versions")).extracting(JsonNode::asText)
                .containsExactly("1.10", "1.1", "1.1rc1", "1.0", "0.9");
        JsonNode first = project.get("files").get(0);
        assertThat(first.get("filename").asText()).isEqualTo("foo_bar-1.1-cp311-cp311-linux_armv6l.whl");
        assertThat(first.get("url").asText()).isEqualTo("/simple/foo-bar/foo_bar-1.1-cp311-cp311-linux_armv6l.whl");
        assertThat(first.at("/hashes/sha256").asText()).isEqualTo(Fixtures.HASH_A);
        assertThat(first.get("requires-python").asText()).isEqualTo(">=3.8");
        assertThat(first.get("size").asLong()).isEqualTo(123456);
        assertThat(first.get("upload-time").asText()).isEqualTo("2023-05-01T11:00:00.000000Z");
        assertThat(first.has("yanked")).isFalse();
        assertThat(first.has("dist-info-metadata")).isFalse();
        JsonNode yanked = project.get("files").get(3);
        assertThat(yanked.get("yanked").asBoolean()).isTrue();
        assertThat(yanked.has("requires-python")).isFalse();
    }
}
