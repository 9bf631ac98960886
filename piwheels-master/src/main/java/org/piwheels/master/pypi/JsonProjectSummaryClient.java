package org.piwheels.master.pypi;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code GET <--pypi-json>/<name>/json}, reading {@code info.summary} and {@code X-PyPI-Last-Serial}. */
public final class JsonProjectSummaryClient implements ProjectSummarySource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final PypiConfig config;

    public JsonProjectSummaryClient(HttpClient http, PypiConfig config) {
        this.http = http;
        this.config = config;
    }

    @Override
    public Optional<ProjectSummary> summaryOf(String name) throws PypiException {
        URI uri = projectUri(name);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(config.timeout())
                .header("User-Agent", config.userAgent())
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<byte[]> response = PypiHttp.send(http, request, "JSON for " + name);
        if (response.statusCode() == 404) {
            return Optional.empty(); // deleted since the event
        }
        if (response.statusCode() != 200) {
            throw PypiHttp.statusFailure("JSON for " + name, response);
        }
        String summary = summary(name, response.body());
        long lastSerial = lastSerial(response).orElse(ProjectSummary.UNKNOWN_SERIAL);
        return Optional.of(new ProjectSummary(ProjectSummary.normalize(summary), lastSerial));
    }

    /** The JSON root's path joined with {@code <name>/json}, keeping its scheme and host. */
    URI projectUri(String name) {
        URI root = config.json();
        String path = root.getPath() == null ? "" : root.getPath();
        if (!path.endsWith("/")) {
            path += "/";
        }
        try {
            return new URI(root.getScheme(), root.getAuthority(), path + name + "/json", null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot build JSON URL for " + name, e);
        }
    }

    private static String summary(String name, byte[] body) throws PypiException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw PypiException.rejected("Failed to decode JSON when getting description for " + name);
        } catch (java.io.IOException e) {
            throw PypiException.rejected("Failed to read JSON when getting description for " + name);
        }
        JsonNode info = root == null ? null : root.get("info");
        if (info == null || !info.isObject() || !info.has("summary")) {
            throw PypiException.rejected("Missing info.summary in JSON for " + name);
        }
        JsonNode summary = info.get("summary");
        return summary.isNull() ? null : summary.asText();
    }

    private static OptionalLong lastSerial(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("X-PyPI-Last-Serial");
        if (header.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(header.get().trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
