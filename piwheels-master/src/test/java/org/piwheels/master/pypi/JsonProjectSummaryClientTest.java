package org.piwheels.master.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonProjectSummaryClientTest {

    private StubPypi pypi;
    private JsonProjectSummaryClient client;
    private JsonProjectSummaryClient impatientClient;

    @BeforeEach
    void start() throws Exception {
        pypi = new StubPypi();
        client = new JsonProjectSummaryClient(PypiHttp.newClient(pypi.config()), pypi.config());
        PypiConfig impatient = pypi.config().withTimeout(Duration.ofMillis(800));
        impatientClient = new JsonProjectSummaryClient(PypiHttp.newClient(impatient), impatient);
    }

    @AfterEach
    void stop() {
        pypi.close();
    }

    @Test
    void readsTheSummaryAndTheLastSerial() throws Exception {
        pypi.summary("foo", "\"some description\"", 42L);
        assertThat(client.summaryOf("foo")).contains(new ProjectSummary("some description", 42));
        pypi.summary("bar", "\"x\"", null);
        assertThat(client.summaryOf("bar")).contains(new ProjectSummary("x", ProjectSummary.UNKNOWN_SERIAL));
        assertThat(pypi.jsonRequests()).containsExactly("foo", "bar");
    }

    @Test
    void appliesTheSummaryRules() throws Exception {
        pypi.summary("nul", "null", 1L);
        pypi.summary("long", "\"" + "z".repeat(1000) + "\"", 1L);
        assertThat(client.summaryOf("nul").orElseThrow().text()).isEmpty();
        assertThat(client.summaryOf("long").orElseThrow().text()).hasSize(200).endsWith("z\u2026");
    }

    @Test
    void aDeletedProjectIsEmpty() throws Exception {
        assertThat(client.summaryOf("gone")).isEmpty();
    }

    @Test
    void requestTimeoutsServerErrorsAndTimeoutsAreTransient() {
        pypi.summary("foo", "\"d\"", 1L);
        pypi.failJson(new StubPypi.Status(408), new StubPypi.Status(503), new StubPypi.Delay(2_500));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client.summaryOf("foo")).as("fault %d", i)
                    .isInstanceOfSatisfying(PypiException.class, e -> assertThat(e.isTransient()).isTrue());
        }
        assertThatThrownBy(() -> impatientClient.summaryOf("foo")).as("timeout")
                .isInstanceOfSatisfying(PypiException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("timed out");
    }

    @Test
    void badJsonMissingSummaryAndOddStatusesAreRefusals() {
        pypi.rawJson("bad", "{not json", 1L);
        pypi.rawJson("noinfo", "{\"releases\": {}}", 1L);
        pypi.rawJson("nosummary", "{\"info\": {\"name\": \"x\"}}", 1L);
        pypi.summary("teapot", "\"d\"", 1L);
        pypi.failJson(new StubPypi.Status(200), new StubPypi.Status(200), new StubPypi.Status(200));
        // (the three scripted 200s above are consumed first, by the three "bad" lookups below, as bodies
        // that are not JSON at all)
        for (String name : new String[] {"bad", "noinfo", "nosummary", "bad", "noinfo", "nosummary"}) {
            assertThatThrownBy(() -> client.summaryOf(name)).as(name)
                    .isInstanceOfSatisfying(PypiException.class, e -> assertThat(e.isTransient()).isFalse());
        }
        pypi.failJson(new StubPypi.Status(418));
        assertThatThrownBy(() -> client.summaryOf("teapot"))
                .isInstanceOfSatisfying(PypiException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("418");
    }

    @Test
    void joinsTheNameOntoTheJsonRootKeepingSchemeAndHost() {
        PypiConfig config = PypiConfig.of(URI.create("http://example.test/pypi"), URI.create("http://h:81/a/b/"));
        JsonProjectSummaryClient joined = new JsonProjectSummaryClient(PypiHttp.newClient(config), config);
        assertThat(joined.projectUri("foo")).isEqualTo(URI.create("http://h:81/a/b/foo/json"));
    }
}
