package org.piwheels.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XML-RPC changelog, called with Python's own {@code xmlrpc.client} (an independent
 * implementation of the protocol), and its knobs.
 */
class FakePypiXmlRpcTest {
    private static final String CLIENT = String.join("\n",
            "import json, sys, xmlrpc.client",
            "p = xmlrpc.client.ServerProxy(sys.argv[1])",
            "try:",
            "    r = p.changelog_last_serial() if sys.argv[2] == 'last' else p.changelog_since_serial(int(sys.argv[2]))",
            "    print(json.dumps({'result': r}))",
            "except xmlrpc.client.Fault as f:",
            "    print(json.dumps({'fault': f.faultCode, 'text': f.faultString}))",
            "except xmlrpc.client.ProtocolError as e:",
            "    print(json.dumps({'status': e.errcode}))",
            "except Exception as e:",
            "    print(json.dumps({'error': type(e).__name__}))");

    @TempDir
    Path home;
    private PipRunner python;
    private final AtomicLong now = new AtomicLong(1_700_000_000L);

    @BeforeEach
    void setUp() {
        python = new PipRunner(home);
    }

    private JsonNode call(FakePypi pypi, String arg) throws Exception {
        PipRunner.Result r = python.python(Duration.ofSeconds(30), "-c", CLIENT, pypi.xmlrpcUrl(), arg);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return new ObjectMapper().readTree(r.output());
    }

    private FakePypi populated() throws Exception {
        FakePypi pypi = FakePypi.start().clock(() -> Instant.ofEpochSecond(now.getAndIncrement())).startSerialAt(1000);
        pypi.addProject("Foo", "foo");
        pypi.addRelease("Foo", "1.0");
        pypi.addFile("Foo", "1.0", "Foo-1.0.tar.gz", new byte[] {1}, null);
        pypi.addFile("Foo", "1.0", "Foo-1.0-py3-none-any.whl", new byte[] {2}, null);
        pypi.yank("Foo", "1.0", null);
        pypi.unyank("Foo", "1.0");
        pypi.removeFile("Foo", "1.0", "Foo-1.0.tar.gz");
        pypi.removeRelease("Foo", "1.0");
        pypi.removeProject("Foo");
        return pypi;
    }

    @Test
    void changelogRowsHavePypisShapeAndActionTexts() throws Exception {
        try (FakePypi pypi = populated()) {
            assertThat(call(pypi, "last").get("result").asLong()).isEqualTo(1008);
            JsonNode rows = call(pypi, "999").get("result");
            assertThat(rows).hasSize(9);
            assertThat(rows.get(0).toString()).isEqualTo("[\"Foo\",null,1700000000,\"create\",1000]");
            List<String> actions = new java.util.ArrayList<>();
            rows.forEach(r -> actions.add(r.get(3).asText()));
            assertThat(actions).containsExactly("create", "new release", "add source file Foo-1.0.tar.gz",
                    "add py3 file Foo-1.0-py3-none-any.whl", "yank release", "unyank release",
                    "remove file Foo-1.0.tar.gz", "remove release", "remove project");
            assertThat(rows.get(8).get(1).isNull()).isTrue();
            assertThat(rows.get(8).get(4).asLong()).isEqualTo(1008);
            assertThat(call(pypi, "1006").get("result")).hasSize(2);
            assertThat(call(pypi, "1008").get("result")).isEmpty();
        }
    }

    @Test
    void answersAreCappedLikePypis() throws Exception {
        try (FakePypi pypi = populated().maxChangelogRows(4)) {
            JsonNode rows = call(pypi, "0").get("result");
            assertThat(rows).hasSize(4);
            assertThat(rows.get(3).get(4).asLong()).isEqualTo(1003);
            assertThat(call(pypi, "1003").get("result").get(0).get(4).asLong()).isEqualTo(1004);
        }
    }

    @Test
    void misbehavesOnceAsToldThenRecovers() throws Exception {
        try (FakePypi pypi = populated()) {
            pypi.misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.Fault(-32500, "HTTPTooManyRequests: slow down"));
            pypi.misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.HttpError(502));
            pypi.misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.Truncated());
            JsonNode fault = call(pypi, "0");
            assertThat(fault.get("fault").asInt()).isEqualTo(-32500);
            assertThat(fault.get("text").asText()).contains("TooManyRequests");
            assertThat(call(pypi, "0").get("status").asInt()).isEqualTo(502);
            assertThat(call(pypi, "0").has("error")).isTrue();
            assertThat(call(pypi, "0").get("result")).hasSize(9);
        }
    }

    @Test
    void slowAnswersStillArrive() throws Exception {
        try (FakePypi pypi = populated()) {
            pypi.misbehave(Misbehaviour.Endpoint.XMLRPC, new Misbehaviour.Slow(Duration.ofMillis(700)));
            long t0 = System.nanoTime();
            assertThat(call(pypi, "last").get("result").asLong()).isEqualTo(1008);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
        }
    }

    @Test
    void unknownMethodsAndBadParametersAreFaults() throws Exception {
        try (FakePypi pypi = FakePypi.start()) {
            var http = java.net.http.HttpClient.newHttpClient();
            for (String[] c : new String[][] {{XmlRpc.call("list_packages"), "-32601"},
                {XmlRpc.call("changelog_since_serial", "abc"), "-32602"}}) {
                var resp = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(pypi.xmlrpcUrl()))
                        .header("Content-Type", "text/xml").POST(java.net.http.HttpRequest.BodyPublishers.ofString(c[0])).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                Object parsed = XmlRpc.parseResponse(resp.body());
                assertThat(((java.util.Map<?, ?>) ((java.util.Map<?, ?>) parsed).get("fault")).get("faultCode"))
                        .isEqualTo(Long.parseLong(c[1]));
            }
        }
    }

    @Test
    void xmlRpcValuesRoundTrip() throws Exception {
        XmlRpc.Call c = XmlRpc.parseCall(XmlRpc.call("m", 5L, "a<&>b", true, List.of(1L, "x"), java.util.Map.of("k", 2.5)).getBytes());
        assertThat(c.method()).isEqualTo("m");
        assertThat(c.params()).containsExactly(5L, "a<&>b", true, List.of(1L, "x"), java.util.Map.of("k", 2.5));
        assertThat(XmlRpc.parseResponse(XmlRpc.response(java.util.Arrays.asList("a", null)).getBytes()))
                .isEqualTo(java.util.Arrays.asList("a", null));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> XmlRpc.parseCall("<methodCall><oops".getBytes()))
                .isInstanceOf(XmlRpc.MalformedCall.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> XmlRpc.parseCall(
                "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><methodCall><methodName>&e;</methodName></methodCall>".getBytes()))
                .isInstanceOf(XmlRpc.MalformedCall.class);
    }
}
