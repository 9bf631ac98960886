package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.protocol.records.DownloadCounts;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class SearchAndSitemapTest {
    private static final String NS = "http://www.sitemaps.org/schemas/sitemap/0.9";

    @TempDir
    Path root;

    @Test
    void packagesJsonIsACompactSortedArrayOfNameRecentAll() throws IOException {
        SiteWriter writer = new SiteWriter(SiteConfig.of(root), new MutableClock(Fixtures.NOW));
        writer.start(List.of());
        Map<String, DownloadCounts> counts = new LinkedHashMap<>();
        counts.put("numpy", new DownloadCounts(123456, 9876543));
        counts.put("foo-bar", new DownloadCounts(0, 0));
        writer.writeSearchIndex(counts);
        assertThat(Files.readString(root.resolve("packages.json")))
                .isEqualTo("[[\"foo-bar\",0,0],[\"numpy\",123456,9876543]]");
    }

    @Test
    void downloadCountsAreAlsoShardedByNamePrefixAndStaleShardsRemoved() throws IOException {
        SiteWriter writer = new SiteWriter(SiteConfig.of(root), new MutableClock(Fixtures.NOW));
        writer.start(List.of());
        Files.createDirectories(root.resolve("stats"));
        Files.writeString(root.resolve("stats/zz.json"), "{}");
        Map<String, DownloadCounts> counts = new LinkedHashMap<>();
        counts.put("numpy", new DownloadCounts(5, 50));
        counts.put("numba", new DownloadCounts(1, 10));
        counts.put("x", new DownloadCounts(0, 3));
        counts.put("../evil", new DownloadCounts(0, 0));
        writer.writeSearchIndex(counts);
        assertThat(Files.readString(root.resolve("stats/nu.json"))).isEqualTo("{\"numba\":[1,10],\"numpy\":[5,50]}");
        assertThat(Files.readString(root.resolve("stats/x.json"))).isEqualTo("{\"x\":[0,3]}");
        assertThat(root.resolve("stats/zz.json")).doesNotExist();
        try (var entries = Files.list(root.resolve("stats"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("nu.json", "x.json");
        }
        assertThat(Files.readString(root.resolve("packages.json"))).contains("[\"../evil\",0,0]");
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static List<String> locs(Document doc) {
        NodeList nodes = doc.getElementsByTagNameNS(NS, "loc");
        List<String> result = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            result.add(nodes.item(i).getTextContent());
        }
        return result;
    }

    @Test
    void sitemapsAreValidXmlChunkedBy50000AndSurplusFilesAreDeleted() throws Exception {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < Sitemaps.URLS_PER_FILE + 1; i++) {
            many.add(String.format("pkg%06d", i));
        }
        SiteWriter writer = new SiteWriter(SiteConfig.of(root), new MutableClock(Fixtures.NOW));
        writer.start(many);
        Files.writeString(root.resolve("sitemap7.xml"), "stale");
        writer.writeHome(Fixtures.stats(), List.of());

        Document index = parse(root.resolve("sitemap.xml"));
        assertThat(index.getDocumentElement().getLocalName()).isEqualTo("sitemapindex");
        assertThat(locs(index)).containsExactly("https://www.piwheels.org/sitemap0.xml",
                "https://www.piwheels.org/sitemap1.xml", "https://www.piwheels.org/sitemap2.xml");
        assertThat(index.getElementsByTagNameNS(NS, "lastmod").item(0).getTextContent()).isEqualTo("2024-01-31");
        assertThat(Files.readString(root.resolve("sitemap.xml")))
                .contains("<?xml-stylesheet type=\"text/xsl\" href=\"sitemap.xsl\"?>");

        assertThat(locs(parse(root.resolve("sitemap0.xml")))).containsExactly("https://www.piwheels.org/index.html",
                "https://www.piwheels.org/packages.html", "https://www.piwheels.org/faq.html",
                "https://www.piwheels.org/json.html");
        List<String> first = locs(parse(root.resolve("sitemap1.xml")));
        assertThat(first).hasSize(Sitemaps.URLS_PER_FILE).startsWith("https://www.piwheels.org/project/pkg000000/");
        assertThat(locs(parse(root.resolve("sitemap2.xml"))))
                .containsExactly("https://www.piwheels.org/project/pkg050000/");
        assertThat(root.resolve("sitemap7.xml")).doesNotExist();
        assertThat(root.resolve("sitemap3.xml")).doesNotExist();

        // A restart with fewer packages removes the numbered sitemaps no longer needed.
        SiteWriter restarted = new SiteWriter(SiteConfig.of(root), new MutableClock(Fixtures.NOW));
        restarted.start(List.of("pkg000000"));
        restarted.writeHome(Fixtures.stats(), List.of());
        assertThat(root.resolve("sitemap2.xml")).doesNotExist();
        assertThat(locs(parse(root.resolve("sitemap1.xml")))).containsExactly("https://www.piwheels.org/project/pkg000000/");
    }

    @Test
    void urlsWithAmpersandsAreEscapedInSitemaps() throws Exception {
        SiteWriter writer = new SiteWriter(new SiteConfig(root, "https://x.example/?a=1&b=2", false),
                new MutableClock(Fixtures.NOW));
        writer.start(List.of("p"));
        writer.writeHome(Fixtures.stats(), List.of());
        assertThat(locs(parse(root.resolve("sitemap1.xml")))).containsExactly("https://x.example/?a=1&b=2/project/p/");
    }

    @Test
    void anEmptySiteHasOnlyTheStaticSitemap() throws Exception {
        SiteWriter writer = new SiteWriter(SiteConfig.of(root), new MutableClock(Fixtures.NOW));
        writer.start(List.of());
        writer.writeHome(Fixtures.stats(), List.of());
        assertThat(locs(parse(root.resolve("sitemap.xml")))).containsExactly("https://www.piwheels.org/sitemap0.xml");
        assertThat(root.resolve("sitemap1.xml")).doesNotExist();
    }
}
