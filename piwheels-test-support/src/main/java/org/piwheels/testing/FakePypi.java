package org.piwheels.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A fake PyPI on {@code 127.0.0.1} (random port) serving an in-memory model that
 * tests may change while it runs:
 * <ul>
 *   <li>{@code /simple/} and {@code /simple/<name>/}: the simple index (PEP 503 HTML with
 *       {@code #sha256=}, {@code data-requires-python}, {@code data-yanked}; PEP 691 JSON
 *       when asked for by {@code Accept}), with {@code X-PyPI-Last-Serial};</li>
 *   <li>{@code /packages/<name>/<file>}: the files;</li>
 *   <li>{@code GET /pypi/<name>/json}: the JSON API, with {@code X-PyPI-Last-Serial};</li>
 *   <li>{@code POST /pypi}: XML-RPC {@code changelog_last_serial} and
 *       {@code changelog_since_serial} (capped at {@link #maxChangelogRows} rows, as PyPI caps).</li>
 * </ul>
 * One-shot {@link Misbehaviour}s make the next request to an endpoint fail.
 */
public final class FakePypi implements AutoCloseable {
    /** Where Debian's python3-setuptools-whl and python3-wheel-whl put their wheels. */
    public static final Path DEBIAN_WHEELS = Path.of("/usr/share/python-wheels");

    private final PypiModel model = new PypiModel();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<Misbehaviour.Endpoint, Queue<Misbehaviour>> misbehaviours = new EnumMap<>(Misbehaviour.Endpoint.class);
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> xmlrpcCalls = Collections.synchronizedList(new ArrayList<>());
    private volatile int maxChangelogRows = 50000;

    private FakePypi(int port) throws IOException {
        for (Misbehaviour.Endpoint e : Misbehaviour.Endpoint.values()) {
            misbehaviours.put(e, new ConcurrentLinkedQueue<>());
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-pypi");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts an empty fake PyPI. */
    public static FakePypi start() throws IOException {
        return new FakePypi(0);
    }

    /** Starts an empty fake PyPI on a chosen port of 127.0.0.1 (0: any free one). */
    public static FakePypi start(int port) throws IOException {
        return new FakePypi(port);
    }

    /** @return e.g. {@code http://127.0.0.1:40123} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** @return the simple index URL, for {@code pip --index-url} */
    public String simpleUrl() {
        return baseUrl() + "/simple";
    }

    /** @return the XML-RPC endpoint (also the root of the JSON API) */
    public String xmlrpcUrl() {
        return baseUrl() + "/pypi";
    }

    /** @return the JSON API root ({@code <root>/<name>/json}) */
    public String jsonUrl() {
        return baseUrl() + "/pypi";
    }

    // ---- the model ----

    /** Sets the clock used for changelog timestamps and upload times. */
    public FakePypi clock(Supplier<Instant> clock) {
        model.clock(clock);
        return this;
    }

    /** Makes the first changelog row get this serial (PyPI's are in the millions). */
    public FakePypi startSerialAt(long first) {
        model.startSerialAt(first);
        return this;
    }

    /** Creates a project (changelog {@code create}); summary may be null. */
    public FakePypi addProject(String name, String summary) {
        model.addProject(name, summary);
        return this;
    }

    /** Changes a project's summary (no changelog row, as on PyPI). */
    public FakePypi setSummary(String name, String summary) {
        model.setSummary(name, summary);
        return this;
    }

    /** Creates a release (changelog {@code new release}). */
    public FakePypi addRelease(String name, String version) {
        model.addRelease(name, version);
        return this;
    }

    /** Uploads a file (changelog {@code add source file ...} or {@code add <pytag> file ...}). */
    public PypiFile addFile(String name, String version, String filename, byte[] content, String requiresPython) {
        return model.addFile(name, version, filename, content, requiresPython);
    }

    /** Publishes an sdist: the project and release are created first when missing. */
    public PypiFile publish(Sdist sdist, String requiresPython) {
        boolean newProject = model.read(m -> m.project(sdist.name()) == null);
        if (newProject) {
            model.addProject(sdist.name(), "A test package");
        }
        boolean newRelease = model.read(m -> !m.project(sdist.name()).releases.containsKey(sdist.version()));
        if (newRelease) {
            model.addRelease(sdist.name(), sdist.version());
        }
        return model.addFile(sdist.name(), sdist.version(), sdist.filename(), sdist.content(), requiresPython);
    }

    /** Deletes a file (changelog {@code remove file ...}). */
    public FakePypi removeFile(String name, String version, String filename) {
        model.removeFile(name, version, filename);
        return this;
    }

    /** Deletes a release (changelog {@code remove release}). */
    public FakePypi removeRelease(String name, String version) {
        model.removeRelease(name, version);
        return this;
    }

    /** Deletes a project (changelog {@code remove project}). */
    public FakePypi removeProject(String name) {
        model.removeProject(name);
        return this;
    }

    /** Yanks a release (changelog {@code yank release}). */
    public FakePypi yank(String name, String version, String reason) {
        model.yank(name, version, reason);
        return this;
    }

    /** Un-yanks a release (changelog {@code unyank release}). */
    public FakePypi unyank(String name, String version) {
        model.unyank(name, version);
        return this;
    }

    /** Appends a changelog row with any action text, e.g. {@code add Owner alice} or {@code docupdate}. */
    public ChangelogEntry logEvent(String name, String version, String action) {
        return model.log(name, version, action);
    }

    /** Appends a row exactly as given (e.g. a timestamp older than the previous row's). */
    public FakePypi appendEvent(ChangelogEntry entry) {
        model.append(entry);
        return this;
    }

    /** @return every changelog row so far */
    public List<ChangelogEntry> changelog() {
        return model.changelog();
    }

    /** @return the newest serial */
    public long lastSerial() {
        return model.lastSerial();
    }

    /** Caps the rows one {@code changelog_since_serial} answer returns. */
    public FakePypi maxChangelogRows(int max) {
        this.maxChangelogRows = max;
        return this;
    }

    /**
     * Publishes Debian's setuptools and wheel wheels (from {@link #DEBIAN_WHEELS}) as
     * projects {@code setuptools} and {@code wheel}, so that pip's isolated builds work
     * with no other index.
     *
     * @throws IllegalStateException if the wheels are not installed
     */
    public FakePypi publishBuildTools() {
        for (String tool : List.of("setuptools", "wheel")) {
            Path whl = findWheel(tool);
            String version = whl.getFileName().toString().split("-")[1];
            byte[] content;
            try {
                content = Files.readAllBytes(whl);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (model.read(m -> m.project(tool) == null)) {
                model.addProject(tool, "build tool from " + DEBIAN_WHEELS);
            }
            model.addRelease(tool, version);
            model.addFile(tool, version, whl.getFileName().toString(), content, ">=3.7");
        }
        return this;
    }

    private static Path findWheel(String tool) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(DEBIAN_WHEELS, tool + "-*-py3-none-any.whl")) {
            for (Path p : ds) {
                return p;
            }
        } catch (IOException e) {
            // reported below
        }
        throw new IllegalStateException("no " + tool + " wheel in " + DEBIAN_WHEELS
                + "; install the Debian packages python3-setuptools-whl and python3-wheel-whl");
    }

    // ---- misbehaviour and observation ----

    /** Makes the next request to {@code endpoint} misbehave (queued; each is used once). */
    public FakePypi misbehave(Misbehaviour.Endpoint endpoint, Misbehaviour m) {
        misbehaviours.get(endpoint).add(m);
        return this;
    }

    /** @return {@code METHOD path} of every request so far, in order */
    public List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * @return every XML-RPC call answered normally so far (not those a {@link Misbehaviour}
     *         answered), in order, as the method and its
     *         parameters, e.g. {@code changelog_since_serial 698000} or {@code changelog_last_serial}
     */
    public List<String> xmlrpcCalls() {
        synchronized (xmlrpcCalls) {
            return List.copyOf(xmlrpcCalls);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = URLDecoder.decode(ex.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            requests.add(ex.getRequestMethod() + " " + path);
            try (InputStream in = ex.getRequestBody()) {
                byte[] body = in.readAllBytes();
                route(ex, path, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void route(HttpExchange ex, String path, byte[] body) throws IOException, InterruptedException {
        String[] parts = path.split("/");
        String method = ex.getRequestMethod();
        if (path.equals("/pypi") || path.equals("/pypi/")) {
            if (!method.equals("POST")) {
                send(ex, 405, "text/plain", "XML-RPC needs POST");
            } else if (changelogMisbehaviour() || !misbehaved(ex, Misbehaviour.Endpoint.XMLRPC, true)) {
                xmlrpc(ex, body);
            }
        } else if (parts.length == 4 && parts[1].equals("pypi") && parts[3].equals("json")) {
            if (!misbehaved(ex, Misbehaviour.Endpoint.JSON, false)) {
                jsonApi(ex, parts[2]);
            }
        } else if (path.equals("/simple") || path.equals("/simple/")) {
            if (!misbehaved(ex, Misbehaviour.Endpoint.SIMPLE, false)) {
                boolean json = wantsJson(ex);
                String page = model.read(m -> json ? uncheck(() -> SimpleIndexPages.rootJson(m)) : SimpleIndexPages.rootHtml(m));
                ex.getResponseHeaders().set("X-PyPI-Last-Serial", Long.toString(model.lastSerial()));
                send(ex, 200, json ? SimpleIndexPages.JSON_TYPE : "text/html; charset=utf-8", page);
            }
        } else if (parts.length == 3 && parts[1].equals("simple")) {
            if (!misbehaved(ex, Misbehaviour.Endpoint.SIMPLE, false)) {
                simpleProject(ex, parts[2]);
            }
        } else if (parts.length == 4 && parts[1].equals("packages")) {
            PypiFile f = model.file(parts[3]);
            if (f == null) {
                send(ex, 404, "text/plain", "Not Found");
            } else {
                send(ex, 200, f.isSource() ? "application/x-tar" : "application/octet-stream", f.content());
            }
        } else {
            send(ex, 404, "text/plain", "Not Found");
        }
    }

    private void simpleProject(HttpExchange ex, String name) throws IOException {
        boolean json = wantsJson(ex);
        String[] page = model.read(m -> {
            Project p = m.project(name);
            if (p == null) {
                return null;
            }
            return new String[] {json ? uncheck(() -> SimpleIndexPages.projectJson(p)) : SimpleIndexPages.projectHtml(p),
                Long.toString(p.lastSerial)};
        });
        if (page == null) {
            send(ex, 404, "text/plain", "Not Found");
            return;
        }
        ex.getResponseHeaders().set("X-PyPI-Last-Serial", page[1]);
        send(ex, 200, json ? SimpleIndexPages.JSON_TYPE : "text/html; charset=utf-8", page[0]);
    }

    private void jsonApi(HttpExchange ex, String name) throws IOException {
        String base = baseUrl();
        String[] doc = model.read(m -> {
            Project p = m.project(name);
            return p == null ? null : new String[] {uncheck(() -> JsonApiDocument.render(p, base)), Long.toString(p.lastSerial)};
        });
        if (doc == null) {
            send(ex, 404, "application/json", "{\"message\": \"Not Found\"}");
            return;
        }
        ex.getResponseHeaders().set("X-PyPI-Last-Serial", doc[1]);
        send(ex, 200, "application/json", doc[0]);
    }

    private void xmlrpc(HttpExchange ex, byte[] body) throws IOException {
        XmlRpc.Call call;
        try {
            call = XmlRpc.parseCall(body);
        } catch (XmlRpc.MalformedCall e) {
            send(ex, 400, "text/plain", e.getMessage());
            return;
        }
        StringBuilder logged = new StringBuilder(call.method());
        call.params().forEach(p -> logged.append(' ').append(p));
        xmlrpcCalls.add(logged.toString());
        String answer;
        if (call.method().equals("changelog_last_serial") && call.params().isEmpty()) {
            answer = XmlRpc.response(model.lastSerial());
        } else if (call.method().equals("changelog_since_serial") && call.params().size() == 1
                && call.params().get(0) instanceof Long) {
            long since = (Long) call.params().get(0);
            Misbehaviour m = changelogMisbehaviour() ? misbehaviours.get(Misbehaviour.Endpoint.XMLRPC).poll() : null;
            List<Object> rows = new ArrayList<>();
            if (m instanceof Misbehaviour.RewoundChangelog) {
                since -= ((Misbehaviour.RewoundChangelog) m).serials();
            }
            if (!(m instanceof Misbehaviour.EmptyChangelog)) {
                for (ChangelogEntry e : model.since(since, maxChangelogRows)) {
                    rows.add(e.row());
                }
            }
            answer = XmlRpc.response(rows);
        } else if (call.method().equals("changelog_last_serial") || call.method().equals("changelog_since_serial")) {
            answer = XmlRpc.fault(-32602, "server error; invalid method parameters");
        } else {
            answer = XmlRpc.fault(-32601, "server error; requested method not found");
        }
        send(ex, 200, "text/xml", answer);
    }

    /** Whether the next XML-RPC misbehaviour is one the changelog call itself applies. */
    private boolean changelogMisbehaviour() {
        Misbehaviour next = misbehaviours.get(Misbehaviour.Endpoint.XMLRPC).peek();
        return next instanceof Misbehaviour.EmptyChangelog || next instanceof Misbehaviour.RewoundChangelog;
    }

    /** Applies a queued misbehaviour, if any. @return whether the request has been answered */
    private boolean misbehaved(HttpExchange ex, Misbehaviour.Endpoint endpoint, boolean xmlrpc)
            throws IOException, InterruptedException {
        Misbehaviour m = misbehaviours.get(endpoint).poll();
        if (m == null) {
            return false;
        }
        if (m instanceof Misbehaviour.Slow) {
            Thread.sleep(((Misbehaviour.Slow) m).delay().toMillis());
            return false;
        }
        if (m instanceof Misbehaviour.HttpError) {
            send(ex, ((Misbehaviour.HttpError) m).status(), "text/plain", "fake failure");
        } else if (m instanceof Misbehaviour.Fault) {
            Misbehaviour.Fault f = (Misbehaviour.Fault) m;
            send(ex, 200, "text/xml", XmlRpc.fault(f.code(), f.message()));
        } else {
            // a body cut in half: the length announced matches, the document is broken
            String full = xmlrpc ? XmlRpc.response(List.of(List.of("foo", "1.0", 1L, "create", 1L)))
                    : "{\"info\": {\"summary\": \"truncated\"}}";
            byte[] bytes = full.getBytes(StandardCharsets.UTF_8);
            send(ex, 200, xmlrpc ? "text/xml" : "application/json", java.util.Arrays.copyOf(bytes, bytes.length / 2));
        }
        return true;
    }

    private static boolean wantsJson(HttpExchange ex) {
        String accept = ex.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.contains(SimpleIndexPages.JSON_TYPE);
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    private static <T> T uncheck(IoSupplier<T> s) {
        try {
            return s.get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
