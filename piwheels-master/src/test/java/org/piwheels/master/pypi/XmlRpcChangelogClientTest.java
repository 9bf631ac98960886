package org.piwheels.master.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class XmlRpcChangelogClientTest {

    private StubPypi pypi;
    private XmlRpcChangelogClient client;
    private XmlRpcChangelogClient impatientClient;

    @BeforeEach
    void start() throws Exception {
        pypi = new StubPypi();
        client = new XmlRpcChangelogClient(PypiHttp.newClient(pypi.config()), pypi.config());
        PypiConfig impatient = pypi.config().withTimeout(Duration.ofMillis(800));
        impatientClient = new XmlRpcChangelogClient(PypiHttp.newClient(impatient), impatient);
    }

    @AfterEach
    void stop() {
        pypi.close();
    }

    @Test
    void readsRowsOverPlainHttpWithOurHeaders() throws Exception {
        pypi.add(new ChangelogRow("Foo", null, 1_600_000_000L, "create", 10),
                new ChangelogRow("Foo", "1.0", 1_600_000_001L, "add source file Foo-1.0.tar.gz", 11));
        assertThat(client.changelogSince(10)).containsExactly(
                new ChangelogRow("Foo", "1.0", 1_600_000_001L, "add source file Foo-1.0.tar.gz", 11));
        assertThat(client.changelogSince(0)).hasSize(2).first().extracting(ChangelogRow::version).isNull();
        assertThat(pypi.sinceRequests()).containsExactly(10L, 0L);
        Map<String, List<String>> headers = pypi.requestHeaders().get(0);
        assertThat(headers.get("User-agent")).singleElement().asString().startsWith("piwheels/");
        assertThat(headers.get("Content-type")).containsExactly("text/xml");
    }

    @Test
    void anEmptyChangelogIsAnEmptyList() throws Exception {
        assertThat(client.changelogSince(5)).isEmpty();
    }

    @Test
    void serverErrorsRateLimitsTimeoutsAndCutOffAnswersAreTransient() {
        pypi.add(new ChangelogRow("foo", "1.0", 1L, "add source file foo-1.0.tar.gz", 1));
        pypi.failXmlrpc(new StubPypi.Status(500), new StubPypi.Status(503),
                new StubPypi.XmlRpcFaultAnswer(XmlRpcFault.TOO_MANY_REQUESTS, "slow down"),
                new StubPypi.Truncated(60), new StubPypi.RawBody("<html>Bad gateway</html>"),
                new StubPypi.Delay(2_500));
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> client.changelogSince(0)).as("fault %d", i)
                    .isInstanceOfSatisfying(PypiException.class, e -> assertThat(e.isTransient()).isTrue());
        }
        assertThatThrownBy(() -> impatientClient.changelogSince(0)).as("timeout")
                .isInstanceOfSatisfying(PypiException.class, e -> assertThat(e.isTransient()).isTrue())
                .hasMessageContaining("timed out");
    }

    @Test
    void aRefusedConnectionIsTransient() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        PypiConfig config = PypiConfig.of(URI.create("http://127.0.0.1:" + port + "/pypi"),
                URI.create("http://127.0.0.1:" + port + "/pypi"));
        XmlRpcChangelogClient refused = new XmlRpcChangelogClient(PypiHttp.newClient(config), config);
        assertThatThrownBy(() -> refused.changelogSince(0))
                .isInstanceOfSatisfying(PypiException.class, e -> assertThat(e.isTransient()).isTrue());
    }

    @Test
    void otherFaultsAndClientErrorsAreRefusals() {
        pypi.failXmlrpc(new StubPypi.XmlRpcFaultAnswer(-1000, "bad call"), new StubPypi.Status(400),
                new StubPypi.RawBody("<methodResponse><params><param><value><struct><member><name>a</name>"
                        + "<value><int>1</int></value></member></struct></value></param></params></methodResponse>"));
        assertThatThrownBy(() -> client.changelogSince(0))
                .isInstanceOfSatisfying(PypiException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("-1000");
        assertThatThrownBy(() -> client.changelogSince(0))
                .isInstanceOfSatisfying(PypiException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("400");
        // well-formed XML-RPC, but not a changelog (here: a struct where rows belong)
        assertThatThrownBy(() -> client.changelogSince(0))
                .isInstanceOfSatisfying(PypiException.class, e -> assertThat(e.isTransient()).isFalse());
    }

    @Test
    void retryAfterIsReported() {
        pypi.failXmlrpc(new StubPypi.Status(429, Map.of("Retry-After", "120")));
        assertThatThrownBy(() -> client.changelogSince(0)).isInstanceOfSatisfying(PypiException.class, e -> {
            assertThat(e.isTransient()).isTrue();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
        });
    }
}
