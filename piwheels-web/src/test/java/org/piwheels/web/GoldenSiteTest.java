package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden-structure tests: every page and JSON document of the sample site,
 * parsed as a browser or client would (jsoup, Jackson), checked field by field
 * against the data the site was written from ({@link SampleSite#projects}, the
 * database state) and against the files on disk (hashes of wheels and
 * {@code .metadata} files recomputed here).
 */
class GoldenSiteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> JSON_023_KEYS = Set.of("package", "summary", "pypi_url", "piwheels_url", "releases");
    private static final Set<String> RELEASE_023_KEYS = Set.of("released", "prerelease", "yanked", "skip_reason", "files");
    private static final Set<String> FILE_023_KEYS = Set.of("file_url", "filehash", "filesize", "builder_abi",
            "file_abi_tag", "platform", "requires_python", "apt_dependencies", "pip_dependencies");

    @TempDir
    static Path dir;
    static SampleSite site;
    static Path root;

    @BeforeAll
    static void write() {
        site = SampleSite.write(dir.resolve("www"));
        root = site.root;
    }

    static Document html(String path) throws IOException {
        return Jsoup.parse(root.resolve(path).toFile(), "UTF-8", "https://piwheels.example/" + path);
    }

    static JsonNode json(String path) throws IOException {
        return JSON.readTree(root.resolve(path).toFile());
    }

    @Test
    void everyHtmlPageIsHtml5WithOnlyExternalScripts() throws IOException {
        List<Path> pages;
        try (Stream<Path> s = Files.walk(root)) {
            pages = s.filter(p -> p.toString().endsWith(".html") && Files.isRegularFile(p)).toList();
        }
        assertThat(pages).hasSizeGreaterThan(15);
        for (Path p : pages) {
            String rel = root.relativize(p).toString();
            Document d = html(rel);
            DocumentType doctype = d.documentType();
            assertThat(doctype).as(rel).isNotNull();
            assertThat(doctype.name()).as(rel).isEqualTo("html");
            assertThat(d.select("title")).as(rel).hasSize(1);
            for (Element script : d.select("script")) {
                assertThat(script.hasAttr("src")).as(rel + ": no inline script").isTrue();
                assertThat(script.attr("src")).as(rel + ": no third-party script").startsWith("/");
            }
            assertThat(d.select("[onerror], [onload], [onclick]")).as(rel + ": no inline handlers").isEmpty();
            List<String> ids = d.select("[id]").eachAttr("id");
            assertThat(ids).as(rel + ": unique ids").doesNotHaveDuplicates();
            if (!rel.startsWith("simple/")) {
                assertThat(d.select("main")).as(rel).hasSize(1);
                assertThat(d.select("html").attr("lang")).as(rel).isEqualTo("en");
            }
        }
    }

    @Test
    void simpleRootListsEveryPackageInBothForms() throws IOException {
        Document d = html("simple/index.html");
        assertThat(d.select("meta[name=pypi:repository-version]").attr("content")).isEqualTo("1.1");
        Elements links = d.select("body a");
        assertThat(links.eachText()).containsExactlyElementsOf(site.projects.keySet());
        assertThat(links.eachAttr("href")).containsExactlyElementsOf(
                site.projects.keySet().stream().map(p -> p + "/").toList());

        JsonNode j = json("simple/index.v1.json");
        assertThat(j.at("/meta/api-version").asText()).isEqualTo("1.1");
        List<String> names = new ArrayList<>();
        j.get("projects").forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).containsExactlyElementsOf(site.projects.keySet());
    }

    @Test
    void simpleProjectPagesMatchTheDatabaseAndTheFiles() throws Exception {
        for (ProjectInput p : site.projects.values()) {
            String pkg = p.canonicalName();
            Document d = html("simple/" + pkg + "/index.html");
            assertThat(d.select("meta[name=pypi:repository-version]").attr("content")).isEqualTo("1.1");
            JsonNode j = json("simple/" + pkg + "/index.v1.json");
            assertThat(j.at("/meta/api-version").asText()).isEqualTo("1.1");
            assertThat(j.get("name").asText()).isEqualTo(pkg);
            Set<String> versions = new HashSet<>();
            j.get("versions").forEach(v -> versions.add(v.asText()));
            assertThat(versions).as(pkg).isEqualTo(p.releases().stream().map(ProjectInput.Release::version)
                    .collect(Collectors.toSet()));
            assertThat(j.get("versions")).as(pkg + ": no duplicates").hasSize(versions.size());

            Elements anchors = d.select("body a");
            Map<String, JsonNode> jsonFiles = new java.util.HashMap<>();
            j.get("files").forEach(f -> jsonFiles.put(f.get("filename").asText(), f));
            int fileCount = 0;
            for (ProjectInput.Release r : p.releases()) {
                for (ProjectInput.WheelFile f : r.files()) {
                    fileCount++;
                    String path = "simple/" + pkg + "/" + f.filename();
                    // the chain from the database to the disk holds
                    assertThat(WheelPublisher.sha256(root.resolve(path))).as(path).isEqualTo(f.sha256());
                    assertThat(Files.size(root.resolve(path))).as(path).isEqualTo(f.size());
                    String metaHash = WheelPublisher.sha256(root.resolve(path + ".metadata"));
                    assertThat(f.coreMetadataSha256()).as(path).isEqualTo(metaHash);

                    Element a = anchors.stream().filter(e -> e.text().equals(f.filename())).findFirst().orElseThrow(
                            () -> new AssertionError(pkg + ": no link for " + f.filename()));
                    assertThat(a.attr("href")).isEqualTo("/simple/" + pkg + "/" + f.filename() + "#sha256=" + f.sha256());
                    assertThat(a.hasAttr("data-yanked")).as(f.filename()).isEqualTo(r.yanked());
                    if (r.yanked()) {
                        assertThat(a.attr("data-yanked")).isEmpty();
                    }
                    assertThat(a.hasAttr("data-requires-python")).isEqualTo(f.requiresPython() != null);
                    if (f.requiresPython() != null) {
                        assertThat(a.attr("data-requires-python")).isEqualTo(f.requiresPython());
                    }
                    assertThat(a.attr("data-core-metadata")).isEqualTo("sha256=" + metaHash);
                    assertThat(a.attr("data-dist-info-metadata")).isEqualTo("sha256=" + metaHash);

                    JsonNode jf = jsonFiles.get(f.filename());
                    assertThat(jf).as(pkg + " JSON has " + f.filename()).isNotNull();
                    assertThat(jf.get("url").asText()).isEqualTo("/simple/" + pkg + "/" + f.filename());
                    assertThat(jf.at("/hashes/sha256").asText()).isEqualTo(f.sha256());
                    assertThat(jf.get("size").asLong()).isEqualTo(f.size());
                    assertThat(jf.at("/core-metadata/sha256").asText()).isEqualTo(metaHash);
                    assertThat(jf.has("dist-info-metadata")).as("never in JSON: old pips fail on it").isFalse();
                    assertThat(jf.path("yanked").asBoolean(false)).isEqualTo(r.yanked());
                    assertThat(jf.path("requires-python").isMissingNode() || jf.get("requires-python").isNull())
                            .isEqualTo(f.requiresPython() == null);
                    if (f.requiresPython() != null) {
                        assertThat(jf.get("requires-python").asText()).isEqualTo(f.requiresPython());
                    }
                    assertThat(jf.get("upload-time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?Z");
                    assertThat(versions).contains(r.version());
                }
            }
            assertThat(anchors).as(pkg + ": one link per file").hasSize(fileCount);
            assertThat(jsonFiles).as(pkg).hasSize(fileCount);
        }
        // data-requires-python with < and > is escaped in the source, as PEP 503 asks
        assertThat(Files.readString(root.resolve("simple/hostile/index.html")))
                .contains("data-requires-python=\"&lt;4,&gt;=3.8\"");
        // the armv6l names are links to the armv7l wheels and their metadata
        Path twin = root.resolve("simple/multi-abi/multi_abi-2.0-cp39-cp39-linux_armv6l.whl");
        assertThat(Files.isSymbolicLink(twin)).isTrue();
        assertThat(Files.readSymbolicLink(twin).toString()).isEqualTo("multi_abi-2.0-cp39-cp39-linux_armv7l.whl");
        assertThat(Files.isSymbolicLink(twin.resolveSibling(twin.getFileName() + ".metadata"))).isTrue();
    }

    @Test
    void projectPagesMatchTheDatabase() throws IOException {
        for (ProjectInput p : site.projects.values()) {
            String pkg = p.canonicalName();
            Document d = html("project/" + pkg + "/index.html");
            Element h = d.getElementById("package");
            assertThat(h.text()).isEqualTo(p.displayName() == null ? pkg : p.displayName());
            assertThat(h.attr("data-package")).isEqualTo(pkg);
            assertThat(d.getElementById("description").text()).isEqualTo(p.summary());
            assertThat(d.getElementById("description").children()).as("summary is text only").isEmpty();
            assertThat(d.getElementById("versions-count").text()).isEqualTo(String.valueOf(p.releases().size()));
            int files = p.releases().stream().mapToInt(r -> r.files().size()).sum();
            assertThat(d.getElementById("files-count").text()).isEqualTo(String.valueOf(files));
            assertThat(d.select("link[rel=canonical]").attr("href"))
                    .isEqualTo("https://piwheels.example/project/" + pkg + "/");

            if (p.releases().isEmpty()) {
                assertThat(d.getElementById("releases-table")).isNull();
                continue;
            }
            List<String> abiColumns = d.select("#releases-table thead th[title]").eachAttr("title");
            Set<String> allAbis = new LinkedHashSet<>();
            p.releases().forEach(r -> allAbis.addAll(r.abis().keySet()));
            assertThat(abiColumns).as(pkg).containsExactlyInAnyOrderElementsOf(allAbis);

            Elements infoRows = d.select("#releases-table tbody tr.release-info");
            Elements fileRows = d.select("#releases-table tbody tr.files-info");
            assertThat(infoRows).hasSameSizeAs(p.releases());
            assertThat(fileRows).hasSameSizeAs(p.releases());
            for (int i = 0; i < infoRows.size(); i++) {
                Element row = infoRows.get(i);
                Element versionCell = row.selectFirst("th");
                String version = versionCell.ownText().strip();
                ProjectInput.Release r = p.releases().stream().filter(x -> x.version().equals(version)).findFirst()
                        .orElseThrow(() -> new AssertionError(pkg + ": unknown version row " + version));
                assertThat(versionCell.select("span.yanked").size()).as(pkg + " " + version).isEqualTo(r.yanked() ? 1 : 0);
                assertThat(versionCell.select("span.prerelease").size()).as(pkg + " " + version)
                        .isEqualTo(Pep440Version.isPrerelease(version) ? 1 : 0);
                Elements cells = row.select("td");
                assertThat(cells.get(0).text()).isEqualTo(r.released().toString().substring(0, 10));
                for (int c = 0; c < abiColumns.size(); c++) {
                    Element cell = cells.get(c + 1);
                    ProjectInput.AbiBuild b = r.abis().get(abiColumns.get(c));
                    String expected = b == null ? "error" : b.status();
                    assertThat(cell.className()).as(pkg + " " + version + " " + abiColumns.get(c)).isEqualTo(expected);
                    Element log = cell.selectFirst("a");
                    if (b != null && b.buildId() != null) {
                        assertThat(log).isNotNull();
                        assertThat(log.attr("href")).isEqualTo(BuildLogPaths.url(b.buildId()));
                    } else {
                        assertThat(log).isNull();
                    }
                    if ("skip".equals(expected)) {
                        assertThat(cell.attr("title")).isEqualTo("Skipped: " + r.skipReason());
                    }
                }
                Element filesCell = fileRows.get(i).selectFirst("td");
                assertThat(filesCell.attr("colspan")).isEqualTo(String.valueOf(abiColumns.size() + 3));
                List<String> names = filesCell.select("ul.files li a").eachText();
                assertThat(names).containsExactlyElementsOf(
                        r.files().stream().map(ProjectInput.WheelFile::filename).sorted().toList());
                for (Element li : filesCell.select("ul.files li")) {
                    ProjectInput.WheelFile f = r.files().stream().filter(x -> x.filename().equals(li.selectFirst("a").text()))
                            .findFirst().orElseThrow();
                    assertThat(li.selectFirst("a").attr("href"))
                            .isEqualTo("/simple/" + pkg + "/" + f.filename() + "#sha256=" + f.sha256());
                    assertThat(li.attr("data-aptdependencies")).isEqualTo(String.join(" ", new TreeSet<>(f.aptDependencies())));
                    assertThat(li.attr("data-pipdependencies")).isEqualTo(String.join(" ", new TreeSet<>(f.pipDependencies())));
                    assertThat(li.attr("data-version")).isEqualTo(version);
                }
            }
        }
    }

    @Test
    void releaseAndAbiOrderOnPages() throws IOException {
        assertThat(versionRows("tiny-calc")).containsExactly("1.1", "1.0", "0.9");
        assertThat(versionRows("multi-abi")).containsExactly("2.1b1", "2.0");
        assertThat(versionRows("hostile")).containsExactly("3.0", "2.9");
        // PEP 440-equal versions are two releases, neither overwriting the other
        assertThat(versionRows("equal-vers")).containsExactlyInAnyOrder("1.0", "1.0.0");
        assertThat(json("project/equal-vers/json/index.json").get("releases").size()).isEqualTo(2);
        // numeric ABI order (cp39 before cp311), unknown ABIs after the known ones
        assertThat(html("project/multi-abi/index.html").select("#releases-table thead th[title]").eachAttr("title"))
                .containsExactly("cp39", "cp311", "cp313", "cp312", "cp399");
    }

    private static List<String> versionRows(String pkg) throws IOException {
        return html("project/" + pkg + "/index.html").select("tr.release-info th").stream()
                .map(th -> th.ownText().strip()).toList();
    }

    @Test
    void projectJsonHasThe023KeysWithDatabaseValues() throws IOException {
        for (ProjectInput p : site.projects.values()) {
            String pkg = p.canonicalName();
            JsonNode j = json("project/" + pkg + "/json/index.json");
            assertThat(fieldNames(j)).containsAll(JSON_023_KEYS);
            assertThat(j.get("package").asText()).isEqualTo(pkg);
            assertThat(j.get("summary").asText()).isEqualTo(p.summary());
            assertThat(j.get("pypi_url").asText()).isEqualTo("https://pypi.org/project/" + pkg);
            assertThat(j.get("piwheels_url").asText()).isEqualTo("https://piwheels.example/project/" + pkg);
            assertThat(fieldNames(j.get("releases"))).containsExactlyInAnyOrderElementsOf(
                    p.releases().stream().map(ProjectInput.Release::version).toList());
            for (ProjectInput.Release r : p.releases()) {
                JsonNode jr = j.get("releases").get(r.version());
                assertThat(fieldNames(jr)).containsAll(RELEASE_023_KEYS);
                assertThat(jr.get("released").asText()).isEqualTo(r.released().toString().replace('T', ' ').replace("Z", ""));
                assertThat(jr.get("prerelease").asBoolean()).isEqualTo(Pep440Version.isPrerelease(r.version()));
                assertThat(jr.get("yanked").asBoolean()).isEqualTo(r.yanked());
                assertThat(jr.get("skip_reason").asText()).isEqualTo(r.skipReason());
                assertThat(fieldNames(jr.get("files"))).containsExactlyInAnyOrderElementsOf(
                        r.files().stream().map(ProjectInput.WheelFile::filename).toList());
                for (ProjectInput.WheelFile f : r.files()) {
                    JsonNode jf = jr.get("files").get(f.filename());
                    assertThat(fieldNames(jf)).containsAll(FILE_023_KEYS);
                    assertThat(jf.get("file_url").asText()).isEqualTo("/simple/" + pkg + "/" + f.filename());
                    assertThat(jf.get("filehash").asText()).isEqualTo(f.sha256());
                    assertThat(jf.get("filesize").asLong()).isEqualTo(f.size());
                    assertThat(jf.get("builder_abi").asText()).isEqualTo(f.builderAbi());
                    assertThat(jf.get("file_abi_tag").asText()).isEqualTo(f.fileAbi());
                    assertThat(jf.get("platform").asText()).isEqualTo(f.platform());
                    assertThat(jf.get("requires_python").isNull()).isEqualTo(f.requiresPython() == null);
                    assertThat(texts(jf.get("apt_dependencies"))).containsExactlyInAnyOrderElementsOf(f.aptDependencies());
                    assertThat(texts(jf.get("pip_dependencies"))).containsExactlyInAnyOrderElementsOf(f.pipDependencies());
                }
            }
        }
    }

    @Test
    void aliasesAreRelativeLinksToTheCanonicalDirectory() throws IOException {
        int links = 0;
        for (ProjectInput p : site.projects.values()) {
            for (String alias : p.aliases()) {
                if (alias.equals(p.canonicalName())) {
                    continue;
                }
                Path link = root.resolve("project").resolve(alias);
                assertThat(Files.isSymbolicLink(link)).as(alias).isTrue();
                assertThat(Files.readSymbolicLink(link).toString()).isEqualTo(p.canonicalName());
                links++;
            }
        }
        assertThat(links).isEqualTo(3);
        try (Stream<Path> s = Files.list(root.resolve("project"))) {
            assertThat(s.filter(Files::isSymbolicLink).count()).as("no other links").isEqualTo(3);
        }
        try (Stream<Path> s = Files.list(root.resolve("simple"))) {
            assertThat(s.filter(Files::isSymbolicLink).count()).as("no alias links in simple/").isZero();
        }
    }

    @Test
    void searchIndexSitemapsHomeAndLogs() throws IOException {
        JsonNode packages = json("packages.json");
        assertThat(packages).hasSize(site.projects.size());
        for (JsonNode row : packages) {
            String name = row.get(0).asText();
            assertThat(site.downloads).containsKey(name);
            assertThat(row.get(1).asLong()).isEqualTo(site.downloads.get(name).recent());
            assertThat(row.get(2).asLong()).isEqualTo(site.downloads.get(name).all());
        }
        JsonNode shard = json("stats/ti.json");
        assertThat(shard.get("tiny-calc").get(1).asLong()).isEqualTo(98765);

        Document sitemap = Jsoup.parse(Files.readString(root.resolve("sitemap1.xml")), "", org.jsoup.parser.Parser.xmlParser());
        assertThat(sitemap.select("url > loc").eachText()).containsExactlyInAnyOrderElementsOf(
                site.projects.keySet().stream().map(p -> "https://piwheels.example/project/" + p + "/").toList());
        Document index = Jsoup.parse(Files.readString(root.resolve("sitemap.xml")), "", org.jsoup.parser.Parser.xmlParser());
        assertThat(index.select("sitemap > loc").eachText()).contains("https://piwheels.example/sitemap0.xml",
                "https://piwheels.example/sitemap1.xml");
        assertThat(Files.exists(root.resolve("sitemap2.xml"))).isFalse();

        Document home = html("index.html");
        assertThat(home.select("ul.posts a").eachText()).containsExactly("A post <b>bold</b>");
        assertThat(home.select("ul.posts b")).as("a blog title is text").isEmpty();

        try (InputStream in = new GZIPInputStream(Files.newInputStream(root.resolve("logs/0000/0000/0104.txt.gz")))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("Building tiny-calc 1.0\nSuccess \u2713");
        }
    }

    @Test
    void hostileTextIsEscapedEverywhere() throws IOException {
        String page = Files.readString(root.resolve("project/hostile/index.html"));
        assertThat(page).doesNotContain("<script>window.pwned").doesNotContain("<img src=x");
        Document d = html("project/hostile/index.html");
        assertThat(d.select("img[src=x]")).isEmpty();
        // meta descriptions carry the same text as attribute values
        for (Element meta : d.select("meta[name=description], meta[property=og:description]")) {
            assertThat(meta.attr("content")).endsWith(": " + SampleSite.HOSTILE);
        }
        assertThat(json("project/hostile/json/index.json").get("summary").asText()).isEqualTo(SampleSite.HOSTILE);
        assertThat(html("project/multi-abi/index.html").getElementById("description").text()).isEqualTo(SampleSite.UNICODE);
        assertThat(json("project/multi-abi/json/index.json").get("summary").asText()).isEqualTo(SampleSite.UNICODE);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }
}
