package org.piwheels.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A static file server over loopback that behaves like the Apache and nginx
 * configurations in {@code docs/web.md}: {@code /simple/} directories answer
 * {@code index.v1.json} when {@code Accept} asks for PEP 691 JSON and
 * {@code index.html} otherwise (with {@code Vary: Accept}); other directories
 * answer {@code index.html}, then {@code index.json}; {@code .v1.json} goes out
 * as {@code application/vnd.pypi.simple.v1+json}; logs go out as gzip-encoded
 * text, unpacked for clients that do not accept gzip; the two redirects; CORS on
 * everything; {@code 404.html} for misses. With negotiation off it is a 0.23
 * deployment that only ever serves HTML. Every request is recorded.
 */
final class IndexServer implements AutoCloseable {
    /** The docs' {@code RewriteCond}/{@code map} pattern. */
    static final Pattern WANTS_JSON = Pattern.compile("application/vnd\\.pypi\\.simple\\.(v1|latest)\\+json");

    /** One request as served. */
    record Hit(String path, String accept, int status, String file, String contentType) {
    }

    private final Path root;
    private final boolean negotiate;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Hit> hits = new CopyOnWriteArrayList<>();

    IndexServer(Path root, boolean negotiate) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.negotiate = negotiate;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Hit> hits() {
        return List.copyOf(hits);
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = URLDecoder.decode(ex.getRequestURI().getRawPath(), StandardCharsets.UTF_8);
            String accept = ex.getRequestHeaders().getFirst("Accept");
            ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            if (path.matches("/project/?")) {
                redirect(ex, path, accept, "/packages.html");
                return;
            }
            if (path.startsWith("/p/")) {
                redirect(ex, path, accept, "/project/" + path.substring(3).replaceAll("/$", ""));
                return;
            }
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root)) {
                send(ex, path, accept, 403, null);
                return;
            }
            boolean simple = path.startsWith("/simple/");
            if (simple) {
                ex.getResponseHeaders().set("Vary", "Accept");
            }
            if (Files.isDirectory(file)) {
                if (!path.endsWith("/")) {
                    redirect(ex, path, accept, path + "/");
                    return;
                }
                if (simple) {
                    file = file.resolve(negotiate && accept != null && WANTS_JSON.matcher(accept).find()
                            ? SimpleJson.FILE_NAME : "index.html");
                } else {
                    file = Files.exists(file.resolve("index.html")) ? file.resolve("index.html") : file.resolve("index.json");
                }
            }
            if (!Files.isRegularFile(file)) {
                send(ex, path, accept, 404, root.resolve("404.html"));
                return;
            }
            send(ex, path, accept, 200, file);
        }
    }

    private void redirect(HttpExchange ex, String path, String accept, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.sendResponseHeaders(301, -1);
        hits.add(new Hit(path, accept, 301, null, null));
    }

    private void send(HttpExchange ex, String path, String accept, int status, Path file) throws IOException {
        if (file == null || !Files.isRegularFile(file)) {
            ex.sendResponseHeaders(status, -1);
            hits.add(new Hit(path, accept, status, null, null));
            return;
        }
        String name = file.getFileName().toString();
        byte[] body = Files.readAllBytes(file);
        String type;
        if (name.endsWith(".txt.gz") && path.startsWith("/logs/")) {
            type = "text/plain; charset=utf-8";
            String acceptEncoding = ex.getRequestHeaders().getFirst("Accept-Encoding");
            if (acceptEncoding != null && acceptEncoding.contains("gzip")) {
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
            } else {
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
        } else {
            type = contentType(name);
        }
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        hits.add(new Hit(path, accept, status, root.relativize(file).toString(), type));
    }

    private static String contentType(String name) {
        if (name.endsWith(".v1.json")) {
            return "application/vnd.pypi.simple.v1+json";
        }
        int dot = name.lastIndexOf('.');
        return switch (dot < 0 ? "" : name.substring(dot + 1)) {
            case "html" -> "text/html; charset=utf-8";
            case "json" -> "application/json";
            case "css" -> "text/css";
            case "js" -> "text/javascript";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "xml", "xsl" -> "application/xml";
            case "txt", "metadata" -> "text/plain";
            default -> "application/octet-stream";
        };
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
