package org.piwheels.master.pypi;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code GET <--pypi-simple>/} asking for PEP 691 JSON, as bandersnatch's
 * simple mode does: the names of every project and the serial of each one's
 * last change. The listing is large (PyPI: over 500 000 projects, tens of MB),
 * so it gets a longer timeout than the other requests.
 */
public final class SimpleListingClient {

    static final String PEP_691_JSON = "application/vnd.pypi.simple.v1+json";
    private static final Duration MIN_TIMEOUT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final PypiConfig config;

    public SimpleListingClient(HttpClient http, PypiConfig config) {
        this.http = http;
        this.config = config;
    }

    public SimpleListing fetch() throws PypiException {
        String root = config.simple().toString();
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create(root.endsWith("/") ? root : root + "/"))
                .timeout(config.timeout().compareTo(MIN_TIMEOUT) > 0 ? config.timeout() : MIN_TIMEOUT)
                .header("User-Agent", config.userAgent())
                .header("Accept", PEP_691_JSON)
                .GET()
                .build();
        HttpResponse<byte[]> response = PypiHttp.send(http, request, "simple listing");
        if (response.statusCode() != 200) {
            throw PypiHttp.statusFailure("simple listing", response);
        }
        JsonNode doc;
        try {
            doc = JSON.readTree(response.body());
        } catch (JacksonException e) {
            // a listing cut off in transit is the usual cause: ask again later
            throw PypiException.transientFailure("simple listing is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw PypiException.transientFailure("simple listing unreadable: " + e, e);
        }
        JsonNode projects = doc == null ? null : doc.get("projects");
        if (projects == null || !projects.isArray()) {
            throw PypiException.rejected("simple listing has no projects (is " + root + " a PEP 691 index?)");
        }
        long serial = doc.path("meta").path("_last-serial").asLong(-1);
        if (serial < 0) {
            serial = response.headers().firstValue("X-PyPI-Last-Serial").map(String::trim)
                    .filter(s -> s.matches("\\d+")).map(Long::parseLong).orElse(-1L);
        }
        if (serial < 0) {
            throw PypiException.rejected("simple listing does not say its serial (no _last-serial)");
        }
        Map<String, Long> out = new HashMap<>(projects.size() * 2);
        for (JsonNode p : projects) {
            JsonNode name = p.get("name");
            if (name != null && name.isTextual()) {
                out.put(name.asText(), p.path("_last-serial").asLong(Long.MAX_VALUE));
            }
        }
        return new SimpleListing(serial, out);
    }
}
