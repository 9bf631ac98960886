package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.testing.PipRunner;

/**
 * The nginx configuration printed in {@code docs/web.md}, run by a real nginx on
 * 127.0.0.1 in front of a generated site: only the certificate lines are dropped
 * and the ports, paths and log file are made local; everything else is served
 * exactly as documented. Skipped where nginx is not installed ({@code .ci/run}
 * installs it).
 */
class NginxConfigTest {
    static final Path NGINX = Path.of("/usr/sbin/nginx");

    @TempDir
    static Path dir;
    static SampleSite site;
    static ServerProcess nginx;
    static int port;
    static int plainPort;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(NGINX), "no " + NGINX);
        site = SampleSite.write(dir.resolve("www"));
        port = ServerProcess.freePort();
        plainPort = ServerProcess.freePort();
        String server = DocsConfig.snippet("web/nginx")
                .replace("listen 80;", "listen 127.0.0.1:" + plainPort + ";")
                .replace("listen 443 ssl;", "listen 127.0.0.1:" + port + ";")
                .dropLines("ssl_certificate")
                .dropLines("ssl_certificate_key")
                .replace("root /var/www/piwheels;", "root " + site.root.toAbsolutePath() + ";")
                .replace("access_log /var/log/nginx/piwheels.log combined;",
                        "access_log " + dir.resolve("access.log") + " combined;")
                .text();
        Path runtime = Files.createDirectories(dir.resolve("nginx"));
        String conf = (ServerProcess.isRoot() ? "user root;\n" : "") // the test's files are private to this user
                + "worker_processes 1;\n"
                + "pid " + runtime.resolve("nginx.pid") + ";\n"
                + "error_log " + runtime.resolve("error.log") + ";\n"
                + "events { worker_connections 64; }\n"
                + "http {\n"
                + "    include /etc/nginx/mime.types;\n"
                + "    default_type application/octet-stream;\n"
                + "    client_body_temp_path " + runtime.resolve("body") + ";\n"
                + "    proxy_temp_path " + runtime.resolve("proxy") + ";\n"
                + "    fastcgi_temp_path " + runtime.resolve("fastcgi") + ";\n"
                + "    uwsgi_temp_path " + runtime.resolve("uwsgi") + ";\n"
                + "    scgi_temp_path " + runtime.resolve("scgi") + ";\n"
                + server
                + "}\n";
        Path confFile = runtime.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        nginx = new ServerProcess(List.of(NGINX.toString(), "-p", runtime.toString(), "-c", confFile.toString(),
                "-g", "daemon off;"), port, runtime.resolve("stdout"), List.of(runtime.resolve("error.log")));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void plainHttpRedirectsToTheHttpsSite() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        java.net.http.HttpResponse<Void> r = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + plainPort + "/simple/tiny-calc/")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("https://www.example.org/simple/tiny-calc/");
    }

    @Test
    void servesTheSiteAsDocumented() throws Exception {
        new ServedSiteChecks("http://127.0.0.1:" + port, site.root).all();
    }

    @Test
    void plainHttpRedirectsToHttps() throws Exception {
        HttpResponse<byte[]> r = new ServedSiteChecks("http://127.0.0.1:" + plainPort, site.root).get("/simple/x/");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("https://www.example.org/simple/x/");
    }

    @Test
    void pipInstallsThroughNginx() throws Exception {
        assumeTrue(PipChecks.pipAvailable(), "no " + PipRunner.PYTHON);
        PipRunner pip = new PipRunner(dir.resolve("pip-home"));
        String index = "http://127.0.0.1:" + port + "/simple/";
        PipChecks.downloadTinyCalc(pip, index, dir.resolve("dl"));
        PipChecks.installAndImport(pip, index, dir.resolve("target"));
        String log = Files.readString(dir.resolve("access.log"));
        assertThat(log).contains("GET /simple/tiny-calc/ HTTP/1.1\" 200");
        if (PipChecks.pipVersion(pip) >= 2303) {
            assertThat(log).contains("GET /simple/tiny-calc/tiny_calc-1.0-py3-none-any.whl.metadata");
        }
    }
}
