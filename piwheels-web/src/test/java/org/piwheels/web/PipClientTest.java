package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.testing.PipRunner;

/**
 * The real client: Debian's pip against a generated site served over loopback,
 * once by a server that negotiates PEP 691 JSON as the documented configurations
 * do, once by a 0.23-style server that only serves HTML.
 */
class PipClientTest {
    @TempDir
    static Path dir;
    static SampleSite site;

    @BeforeAll
    static void writeSite() {
        site = SampleSite.write(dir.resolve("www"));
    }

    @Test
    void htmlIndexWithCoreMetadata() throws Exception {
        assumeTrue(PipChecks.pipAvailable(), "no " + PipRunner.PYTHON);
        PipRunner pip = new PipRunner(dir.resolve("home-html"));
        try (IndexServer server = new IndexServer(site.root, false)) {
            String index = server.url() + "/simple/";
            String log = PipChecks.downloadTinyCalc(pip, index, dir.resolve("dl-html"));
            assertThat(log).contains("/simple/tiny-calc/tiny_calc-1.0-py3-none-any.whl");
            List<IndexServer.Hit> hits = server.hits();
            assertThat(hits).anySatisfy(h -> {
                assertThat(h.path()).isEqualTo("/simple/tiny-calc/");
                assertThat(h.accept()).contains("application/vnd.pypi.simple.v1+json"); // pip asked for JSON...
                assertThat(h.file()).isEqualTo("simple/tiny-calc/index.html");           // ...and got HTML
            });
            // PEP 658: pip read the metadata file before fetching the wheel (data-dist-info-metadata, pip >= 22.3)
            if (PipChecks.pipVersion(pip) >= 2203) {
                assertThat(paths(hits)).containsSubsequence(
                        "/simple/tiny-calc/tiny_calc-1.0-py3-none-any.whl.metadata",
                        "/simple/tiny-calc/tiny_calc-1.0-py3-none-any.whl");
                assertThat(log).as("pip's own account").contains("tiny_calc-1.0-py3-none-any.whl.metadata");
            }
            PipChecks.installAndImport(pip, index, dir.resolve("target-html"));
            PipChecks.tamperedWheelIsRefused(pip, index, site.root, dir.resolve("dl-bad-html"));
        }
    }

    @Test
    void jsonIndexByContentNegotiation() throws Exception {
        assumeTrue(PipChecks.pipAvailable(), "no " + PipRunner.PYTHON);
        PipRunner pip = new PipRunner(dir.resolve("home-json"));
        try (IndexServer server = new IndexServer(site.root, true)) {
            String index = server.url() + "/simple/";
            PipChecks.downloadTinyCalc(pip, index, dir.resolve("dl-json"));
            List<IndexServer.Hit> hits = server.hits();
            assertThat(hits).anySatisfy(h -> {
                assertThat(h.path()).isEqualTo("/simple/tiny-calc/");
                assertThat(h.file()).isEqualTo("simple/tiny-calc/index.v1.json");
                assertThat(h.contentType()).isEqualTo("application/vnd.pypi.simple.v1+json");
            });
            assertThat(hits).noneSatisfy(h -> assertThat(h.file()).isEqualTo("simple/tiny-calc/index.html"));
            // PEP 714's JSON key "core-metadata" is read by pip 23.3 and later; older pips ignore it
            if (PipChecks.pipVersion(pip) >= 2303) {
                assertThat(paths(hits)).contains("/simple/tiny-calc/tiny_calc-1.0-py3-none-any.whl.metadata");
            }
            PipChecks.installAndImport(pip, index, dir.resolve("target-json"));
            PipChecks.tamperedWheelIsRefused(pip, index, site.root, dir.resolve("dl-bad-json"));
        }
    }

    @Test
    void theTestServerKeepsTheDocumentedContract() throws Exception {
        try (IndexServer server = new IndexServer(site.root, true)) {
            new ServedSiteChecks(server.url(), site.root).all();
        }
    }

    private static List<String> paths(List<IndexServer.Hit> hits) {
        return hits.stream().map(IndexServer.Hit::path).toList();
    }
}
