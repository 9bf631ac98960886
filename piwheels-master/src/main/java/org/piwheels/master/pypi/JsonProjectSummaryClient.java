package org.piwheels.master.pypi;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
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
        JsonNode root = parse(name, response.body());
        String summary = summary(name, root);
        long lastSerial = lastSerial(response).orElse(ProjectSummary.UNKNOWN_SERIAL);
        return Optional.of(new ProjectSummary(ProjectSummary.normalize(summary), lastSerial, releases(root)));
    }

    /**
     * {@code releases}: version → its files. A release's Requires-Python is its
     * source file's, else the first file's that declares one. Anything malformed
     * in a release only loses that release's facts.
     */
    static Map<String, ReleaseInfo> releases(JsonNode root) {
        Map<String, ReleaseInfo> out = new HashMap<>();
        JsonNode releases = root.get("releases");
        if (releases == null || !releases.isObject()) {
            return out;
        }
        releases.fields().forEachRemaining(entry -> {
            JsonNode files = entry.getValue();
            if (!files.isArray()) {
                return;
            }
            String sourceSpec = null;
            String anySpec = null;
            boolean source = false;
            boolean yanked = !files.isEmpty();
            Instant first = null;
            for (JsonNode file : files) {
                boolean sdist = "sdist".equals(file.path("packagetype").asText());
                source |= sdist;
                yanked &= file.path("yanked").asBoolean(false);
                JsonNode spec = file.get("requires_python");
                if (spec != null && spec.isTextual() && !spec.asText().isBlank()) {
                    anySpec = anySpec == null ? spec.asText() : anySpec;
                    sourceSpec = sdist && sourceSpec == null ? spec.asText() : sourceSpec;
                }
                Instant uploaded = uploadTime(file);
                if (uploaded != null && (first == null || uploaded.isBefore(first))) {
                    first = uploaded;
                }
            }
            out.put(entry.getKey(), new ReleaseInfo(sourceSpec != null ? sourceSpec : anySpec, source, first, yanked));
        });
        return out;
    }

    private static Instant uploadTime(JsonNode file) {
        JsonNode t = file.get("upload_time_iso_8601");
        if (t == null || !t.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(t.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
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

    private static JsonNode parse(String name, byte[] body) throws PypiException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw PypiException.rejected("Failed to decode JSON when getting description for " + name);
        } catch (java.io.IOException e) {
            throw PypiException.rejected("Failed to read JSON when getting description for " + name);
        }
        if (root == null || !root.isObject()) {
            throw PypiException.rejected("Missing info.summary in JSON for " + name);
        }
        return root;
    }

    private static String summary(String name, JsonNode root) throws PypiException {
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
