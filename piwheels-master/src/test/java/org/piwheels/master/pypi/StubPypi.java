package org.piwheels.master.pypi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted PyPI on 127.0.0.1: {@code changelog_since_serial} over XML-RPC at
 * {@code /pypi} with a page cap, and {@code /pypi/<name>/json}. Faults are queued
 * per endpoint and consumed one per request.
 */
public final class StubPypi implements AutoCloseable {

    /** A scripted misbehaviour for the next request. */
    sealed interface Fault {
    }

    record Status(int code, Map<String, String> headers) implements Fault {
        Status(int code) {
            this(code, Map.of());
        }
    }

    record XmlRpcFaultAnswer(int code, String text) implements Fault {
    }

    /** Sends the first {@code bytes} of a proper answer and closes. */
    record Truncated(int bytes) implements Fault {
    }

    /** Waits this long before answering properly. */
    record Delay(long millis) implements Fault {
    }

    /** Sends this body with status 200. */
    record RawBody(String body) implements Fault {
    }

    record Summary(String json, Long lastSerial) {
    }

    private static final Pattern SINCE = Pattern.compile(
            "<methodName>changelog_since_serial</methodName>.*?<(?:int|i4)>(-?\\d+)</(?:int|i4)>", Pattern.DOTALL);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<ChangelogRow> changelog = new CopyOnWriteArrayList<>();
    private final Map<String, Summary> summaries = Collections.synchronizedMap(new HashMap<>());
    private final ConcurrentLinkedDeque<Fault> xmlrpcFaults = new ConcurrentLinkedDeque<>();
    private final ConcurrentLinkedDeque<Fault> jsonFaults = new ConcurrentLinkedDeque<>();
    private final List<Long> sinceRequests = new CopyOnWriteArrayList<>();
    private final List<String> jsonRequests = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();
    private volatile int pageCap = 50_000;

    public StubPypi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/pypi", this::handle);
        server.setExecutor(executor); // a delayed answer must not hold up the next request
        server.start();
    }

    public URI xmlrpcUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/pypi");
    }

    public URI jsonUri() {
        return xmlrpcUri();
    }

    PypiConfig config() {
        return PypiConfig.of(xmlrpcUri(), jsonUri());
    }

    void pageCap(int cap) {
        pageCap = cap;
    }

    public void add(ChangelogRow... rows) {
        changelog.addAll(List.of(rows));
    }

    public void summary(String name, String summaryJsonValue, Long lastSerial) {
        summaries.put(name, new Summary("{\"info\": {\"summary\": " + summaryJsonValue + "}}", lastSerial));
    }

    void rawJson(String name, String json, Long lastSerial) {
        summaries.put(name, new Summary(json, lastSerial));
    }

    void failXmlrpc(Fault... faults) {
        xmlrpcFaults.addAll(List.of(faults));
    }

    void failJson(Fault... faults) {
        jsonFaults.addAll(List.of(faults));
    }

    List<Long> sinceRequests() {
        return List.copyOf(sinceRequests);
    }

    List<String> jsonRequests() {
        return List.copyOf(jsonRequests);
    }

    List<Map<String, List<String>>> requestHeaders() {
        return List.copyOf(requestHeaders);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            requestHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
            String path = exchange.getRequestURI().getPath();
            if ("POST".equals(exchange.getRequestMethod()) && path.equals("/pypi")) {
                xmlrpc(exchange);
            } else if ("GET".equals(exchange.getRequestMethod()) && path.endsWith("/json")) {
                json(exchange, path.substring("/pypi/".length(), path.length() - "/json".length()));
            } else {
                send(exchange, 404, "not here", Map.of());
            }
        }
    }

    private void xmlrpc(HttpExchange exchange) throws IOException {
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = SINCE.matcher(request);
        if (!m.find()) {
            send(exchange, 200, faultXml(-32601, "no such method"), Map.of());
            return;
        }
        long since = Long.parseLong(m.group(1));
        sinceRequests.add(since);
        String answer = changelogXml(since);
        Fault fault = xmlrpcFaults.poll();
        if (fault != null && apply(exchange, fault, answer)) {
            return;
        }
        send(exchange, 200, answer, Map.of("Content-Type", "text/xml"));
    }

    private void json(HttpExchange exchange, String name) throws IOException {
        jsonRequests.add(name);
        Summary summary = summaries.get(name);
        Fault fault = jsonFaults.poll();
        String body = summary == null ? "{\"message\": \"Not Found\"}" : summary.json();
        if (fault != null && apply(exchange, fault, body)) {
            return;
        }
        if (summary == null) {
            send(exchange, 404, body, Map.of());
            return;
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        if (summary.lastSerial() != null) {
            headers.put("X-PyPI-Last-Serial", summary.lastSerial().toString());
        }
        send(exchange, 200, body, headers);
    }

    /** @return true if the fault produced the whole answer */
    private boolean apply(HttpExchange exchange, Fault fault, String properAnswer) throws IOException {
        if (fault instanceof Status status) {
            send(exchange, status.code(), "scripted status", status.headers());
            return true;
        }
        if (fault instanceof XmlRpcFaultAnswer answer) {
            send(exchange, 200, faultXml(answer.code(), answer.text()), Map.of());
            return true;
        }
        if (fault instanceof Truncated truncated) {
            byte[] bytes = properAnswer.getBytes(StandardCharsets.UTF_8);
            int length = Math.min(truncated.bytes(), bytes.length);
            exchange.sendResponseHeaders(200, length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes, 0, length);
            }
            return true;
        }
        if (fault instanceof RawBody raw) {
            send(exchange, 200, raw.body(), Map.of());
            return true;
        }
        if (fault instanceof Delay delay) {
            try {
                Thread.sleep(delay.millis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
        throw new IllegalStateException("unknown fault " + fault);
    }

    private String changelogXml(long since) {
        List<ChangelogRow> rows = new ArrayList<>();
        for (ChangelogRow row : changelog.stream().sorted(java.util.Comparator.comparingLong(ChangelogRow::serial))
                .toList()) {
            if (row.serial() > since && rows.size() < pageCap) {
                rows.add(row);
            }
        }
        return changelogXml(rows);
    }

    /** An XML-RPC answer holding exactly these rows, for scripting odd answers. */
    static String changelogXml(List<ChangelogRow> rows) {
        StringBuilder xml = new StringBuilder("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"
                + "<value><array><data>\n");
        for (ChangelogRow row : rows) {
            xml.append("<value><array><data>\n")
                    .append("<value><string>").append(escape(row.name())).append("</string></value>\n")
                    .append(row.version() == null ? "<value><nil/></value>\n"
                            : "<value><string>" + escape(row.version()) + "</string></value>\n")
                    .append("<value><int>").append(row.timestamp()).append("</int></value>\n")
                    .append("<value><string>").append(escape(row.action())).append("</string></value>\n")
                    .append("<value><int>").append(row.serial()).append("</int></value>\n")
                    .append("</data></array></value>\n");
        }
        xml.append("</data></array></value>\n</param>\n</params>\n</methodResponse>\n");
        return xml.toString();
    }

    static String faultXml(int code, String text) {
        return "<?xml version='1.0'?>\n<methodResponse><fault><value><struct>"
                + "<member><name>faultCode</name><value><int>" + code + "</int></value></member>"
                + "<member><name>faultString</name><value><string>" + escape(text) + "</string></value></member>"
                + "</struct></value></fault></methodResponse>\n";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
