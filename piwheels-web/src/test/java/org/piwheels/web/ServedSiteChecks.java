package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/**
 * What a web server in front of the site must do, as {@code docs/web.md} promises and
 * pip relies on: PEP 691 negotiation on {@code /simple/}, content types, the
 * directory indexes, symlinked aliases, redirects, logs sent as gzip-encoded text,
 * CORS and the 404 page. Shared by the nginx and Apache tests.
 */
final class ServedSiteChecks {
    private static final String JSON_TYPE = "application/vnd.pypi.simple.v1+json";
    private static final String PIP_ACCEPT =
            "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Path root;

    ServedSiteChecks(String base, Path root) {
        this.base = base;
        this.root = root;
    }

    HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String type(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    private void assertServes(HttpResponse<byte[]> r, String file) throws IOException {
        assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(200);
        assertThat(r.body()).as(r.uri() + " serves " + file).isEqualTo(Files.readAllBytes(root.resolve(file)));
        assertThat(r.headers().allValues("Access-Control-Allow-Origin")).as("CORS on " + r.uri()).containsExactly("*");
    }

    void all() throws IOException, InterruptedException {
        simpleNegotiation();
        otherPages();
        redirects();
        logs();
    }

    void simpleNegotiation() throws IOException, InterruptedException {
        for (String page : new String[] {"/simple/", "/simple/tiny-calc/"}) {
            String dir = page.substring(1);
            HttpResponse<byte[]> json = get(page, "Accept", PIP_ACCEPT);
            assertServes(json, dir + SimpleJson.FILE_NAME);
            assertThat(type(json)).startsWith(JSON_TYPE);
            assertThat(json.headers().allValues("Vary").toString()).contains("Accept");

            HttpResponse<byte[]> latest = get(page, "Accept", "application/vnd.pypi.simple.latest+json");
            assertServes(latest, dir + SimpleJson.FILE_NAME);
            assertThat(type(latest)).as("latest is answered with the concrete type").startsWith(JSON_TYPE);

            for (String accept : new String[] {null, "text/html", "*/*", "application/vnd.pypi.simple.v1+html"}) {
                HttpResponse<byte[]> html = accept == null ? get(page) : get(page, "Accept", accept);
                assertServes(html, dir + "index.html");
                assertThat(type(html)).as("Accept: " + accept).startsWith("text/html");
                assertThat(html.headers().allValues("Vary").toString()).contains("Accept");
            }
        }
        HttpResponse<byte[]> wheel = get("/simple/tiny-calc/tiny_calc-1.0-py3-none-any.whl");
        assertServes(wheel, "simple/tiny-calc/tiny_calc-1.0-py3-none-any.whl");
        assertServes(get("/simple/tiny-calc/tiny_calc-1.0-py3-none-any.whl.metadata"),
                "simple/tiny-calc/tiny_calc-1.0-py3-none-any.whl.metadata");
        // the armv6l names are symlinks, wheel and metadata alike
        assertServes(get("/simple/multi-abi/multi_abi-2.0-cp39-cp39-linux_armv6l.whl"),
                "simple/multi-abi/multi_abi-2.0-cp39-cp39-linux_armv7l.whl");
        assertServes(get("/simple/multi-abi/multi_abi-2.0-cp39-cp39-linux_armv6l.whl.metadata"),
                "simple/multi-abi/multi_abi-2.0-cp39-cp39-linux_armv7l.whl.metadata");
    }

    void otherPages() throws IOException, InterruptedException {
        HttpResponse<byte[]> home = get("/");
        assertServes(home, "index.html");
        assertThat(type(home)).startsWith("text/html");
        HttpResponse<byte[]> projectJson = get("/project/tiny-calc/json/");
        assertServes(projectJson, "project/tiny-calc/json/index.json");
        assertThat(type(projectJson)).startsWith("application/json");
        assertServes(get("/project/Tiny_Calc/"), "project/tiny-calc/index.html"); // alias symlink
        assertServes(get("/packages.json"), "packages.json");
        assertThat(type(get("/styles.css"))).startsWith("text/css");
        HttpResponse<byte[]> missing = get("/no/such/page.html");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo(Files.readAllBytes(root.resolve("404.html")));
    }

    void redirects() throws IOException, InterruptedException {
        for (String p : new String[] {"/project", "/project/"}) {
            HttpResponse<byte[]> r = get(p);
            assertThat(r.statusCode()).as(p).isEqualTo(301);
            assertThat(r.headers().firstValue("Location").orElse("")).as(p).endsWith("/packages.html");
        }
        HttpResponse<byte[]> shortLink = get("/p/tiny-calc");
        assertThat(shortLink.statusCode()).isEqualTo(301);
        assertThat(shortLink.headers().firstValue("Location").orElse("")).endsWith("/project/tiny-calc");
        HttpResponse<byte[]> noSlash = get("/project/tiny-calc");
        assertThat(noSlash.statusCode()).isEqualTo(301);
        assertThat(noSlash.headers().firstValue("Location").orElse("")).endsWith("/project/tiny-calc/");
    }

    void logs() throws IOException, InterruptedException {
        String url = "/logs/0000/0000/0104.txt.gz";
        byte[] stored = Files.readAllBytes(root.resolve(url.substring(1)));
        String text = new String(gunzip(stored), StandardCharsets.UTF_8);
        assertThat(text).startsWith("Building tiny-calc 1.0");

        HttpResponse<byte[]> gz = get(url, "Accept-Encoding", "gzip");
        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(type(gz)).startsWith("text/plain");
        assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(new String(gunzip(gz.body()), StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(gz.headers().allValues("Access-Control-Allow-Origin")).containsExactly("*");

        HttpResponse<byte[]> plain = get(url);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(type(plain)).startsWith("text/plain");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
