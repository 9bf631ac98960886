package org.piwheels.tools.add;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A package's description from PyPI's JSON API, as {@code pypi_package_description}
 * finds it (components spec §5.11.2): {@code info.summary}, at most 200 characters.
 * Any failure gives {@code ""} here: 0.23's piw-add then fails to send, we send an
 * empty description instead (spec §12.2 step 4).
 */
final class PypiDescription {
    private static final Logger LOG = LoggerFactory.getLogger("import");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX = 200;

    private final String root;
    private final HttpClient http;

    /** @param root the JSON API root, e.g. {@code https://pypi.org/pypi} */
    PypiDescription(String root) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    String lookup(String packageName) throws InterruptedException {
        URI uri = URI.create(root + "/" + packageName + "/json");
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("User-Agent", "piwheels/0.23").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                LOG.warn("No description for {} on PyPI (HTTP {})", packageName, r.statusCode());
                return "";
            }
            JsonNode summary = new ObjectMapper().readTree(r.body()).path("info").path("summary");
            if (!summary.isTextual()) {
                return "";
            }
            String s = summary.asText();
            return s.length() > MAX ? s.substring(0, MAX - 1) + "\u2026" : s;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Cannot look up the description of {} on PyPI: {}", packageName, e.getMessage());
            return "";
        }
    }
}
