package org.piwheels.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sitemap files (web spec §5.10): {@code sitemap0.xml} for the static
 * pages, {@code sitemap1.xml}… for project pages in chunks of 50 000, and the
 * {@code sitemap.xml} index.
 */
final class Sitemaps {
    /** The sitemap protocol's limit of URLs per file. */
    static final int URLS_PER_FILE = 50_000;
    private static final String HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<?xml-stylesheet type=\"text/xsl\" href=\"sitemap.xsl\"?>\n";
    private static final String NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
    /** stats.html is left out: 0.23 lists it but never writes it. */
    private static final List<String> STATIC_PAGES = List.of("index.html", "packages.html", "faq.html", "json.html");

    private Sitemaps() {
    }

    /**
     * @param packages canonical names
     * @param baseUrl  site URL
     * @param now      write time (its UTC date becomes {@code lastmod})
     * @return file name to content, the index last
     */
    static Map<String, String> render(Collection<String> packages, String baseUrl, Instant now) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("sitemap0.xml", urlset(STATIC_PAGES.stream().map(p -> baseUrl + "/" + p).toList()));
        List<String> sorted = packages.stream().sorted().toList();
        int chunks = chunkCount(sorted.size());
        for (int i = 0; i < chunks; i++) {
            List<String> chunk = sorted.subList(i * URLS_PER_FILE, Math.min(sorted.size(), (i + 1) * URLS_PER_FILE));
            files.put("sitemap" + (i + 1) + ".xml",
                    urlset(chunk.stream().map(p -> baseUrl + "/project/" + p + "/").toList()));
        }
        StringBuilder index = new StringBuilder(HEAD).append("<sitemapindex xmlns=\"").append(NS).append("\">\n");
        String lastmod = Formats.date(now);
        for (String name : new ArrayList<>(files.keySet())) {
            index.append("  <sitemap><loc>").append(xml(baseUrl + "/" + name)).append("</loc><lastmod>")
                    .append(lastmod).append("</lastmod></sitemap>\n");
        }
        index.append("</sitemapindex>\n");
        files.put("sitemap.xml", index.toString());
        return files;
    }

    /** @param packages how many project pages @return how many numbered project sitemaps they need */
    static int chunkCount(int packages) {
        return (packages + URLS_PER_FILE - 1) / URLS_PER_FILE;
    }

    private static String urlset(List<String> urls) {
        StringBuilder sb = new StringBuilder(HEAD).append("<urlset xmlns=\"").append(NS).append("\">\n");
        for (String url : urls) {
            sb.append("  <url><loc>").append(xml(url)).append("</loc></url>\n");
        }
        return sb.append("</urlset>\n").toString();
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
