package org.piwheels.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The simple index, the files and the JSON API, read with the JDK's HTTP client. */
class FakePypiHttpTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String url, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void simpleIndexLinksCarryHashRequiresPythonAndYank() throws Exception {
        try (FakePypi pypi = FakePypi.start()) {
            PypiFile f1 = pypi.publish(SdistBuilder.sdist("Foo_Bar", "1.0").build(), ">=3.7,<4");
            pypi.publish(SdistBuilder.sdist("Foo_Bar", "1.1").build(), null);
            pypi.yank("foo-bar", "1.1", "bad build");

            HttpResponse<String> root = get(pypi.simpleUrl() + "/", null);
            assertThat(root.body()).contains("<a href=\"/simple/foo-bar/\">Foo_Bar</a>");

            HttpResponse<String> page = get(pypi.simpleUrl() + "/Foo.Bar/", null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("X-PyPI-Last-Serial")).contains(Long.toString(pypi.lastSerial()));
            assertThat(page.body())
                    .contains("<a href=\"/packages/foo-bar/Foo_Bar-1.0.tar.gz#sha256=" + f1.sha256()
                            + "\" data-requires-python=\"&gt;=3.7,&lt;4\">Foo_Bar-1.0.tar.gz</a>")
                    .contains("#sha256=" + PypiFile.sha256(SdistBuilder.sdist("Foo_Bar", "1.1").build().content())
                            + "\" data-yanked=\"bad build\">Foo_Bar-1.1.tar.gz</a>");

            HttpResponse<String> json = get(pypi.simpleUrl() + "/foo-bar/", "application/vnd.pypi.simple.v1+json");
            JsonNode doc = new ObjectMapper().readTree(json.body());
            assertThat(doc.get("files").get(0).get("hashes").get("sha256").asText()).isEqualTo(f1.sha256());
            assertThat(doc.get("files").get(1).get("yanked").asText()).isEqualTo("bad build");

            HttpResponse<byte[]> file = http.send(HttpRequest.newBuilder(URI.create(pypi.baseUrl() + "/packages/foo-bar/Foo_Bar-1.0.tar.gz")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(PypiFile.sha256(file.body())).isEqualTo(f1.sha256());
            assertThat(get(pypi.simpleUrl() + "/nothing/", null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void jsonApiGivesInfoReleasesAndLastSerial() throws Exception {
        try (FakePypi pypi = FakePypi.start().clock(() -> Instant.parse("2024-05-01T12:00:00Z"))) {
            pypi.addProject("gpiozero", "A simple interface to GPIO devices");
            pypi.addRelease("gpiozero", "2.0");
            pypi.addFile("gpiozero", "2.0", "gpiozero-2.0-py3-none-any.whl", new byte[] {1, 2, 3}, ">=3.9");
            HttpResponse<String> r = get(pypi.jsonUrl() + "/gpiozero/json", null);
            assertThat(r.headers().firstValue("X-PyPI-Last-Serial")).contains("3");
            JsonNode doc = new ObjectMapper().readTree(r.body());
            assertThat(doc.at("/info/summary").asText()).isEqualTo("A simple interface to GPIO devices");
            assertThat(doc.at("/info/version").asText()).isEqualTo("2.0");
            assertThat(doc.at("/releases/2.0/0/digests/sha256").asText()).isEqualTo(PypiFile.sha256(new byte[] {1, 2, 3}));
            assertThat(doc.at("/releases/2.0/0/upload_time_iso_8601").asText()).isEqualTo("2024-05-01T12:00:00Z");
            assertThat(doc.at("/last_serial").asLong()).isEqualTo(3);

            pypi.setSummary("gpiozero", null);
            assertThat(new ObjectMapper().readTree(get(pypi.jsonUrl() + "/gpiozero/json", null).body()).at("/info/summary").isNull()).isTrue();
            assertThat(get(pypi.jsonUrl() + "/missing/json", null).statusCode()).isEqualTo(404);

            pypi.misbehave(Misbehaviour.Endpoint.JSON, new Misbehaviour.HttpError(503));
            assertThat(get(pypi.jsonUrl() + "/gpiozero/json", null).statusCode()).isEqualTo(503);
            assertThat(get(pypi.jsonUrl() + "/gpiozero/json", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void changesMadeWhileRunningAreVisibleAtOnce() throws Exception {
        try (FakePypi pypi = FakePypi.start()) {
            assertThat(get(pypi.simpleUrl() + "/late/", null).statusCode()).isEqualTo(404);
            pypi.publish(SdistBuilder.sdist("late", "0.1").build(), null);
            assertThat(get(pypi.simpleUrl() + "/late/", null).body()).contains("late-0.1.tar.gz");
            pypi.removeProject("late");
            assertThat(get(pypi.simpleUrl() + "/late/", null).statusCode()).isEqualTo(404);
        }
    }
}
