package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.testing.DocSnippets;
import org.piwheels.testing.PipRunner;

/**
 * The HTTPS virtual host printed in {@code docs/web.md}, run by Debian's Apache on
 * 127.0.0.1 in front of a generated site: the TLS lines and the piped
 * {@code piw-logger} log are dropped, ports and paths made local, and the modules
 * the docs name are loaded; the rest is served exactly as documented. Skipped
 * where Apache is not installed ({@code .ci/run} installs it).
 */
class ApacheConfigTest {
    static final Path APACHE = Path.of("/usr/sbin/apache2");
    static final Path MODULES = Path.of("/usr/lib/apache2/modules");

    @TempDir
    static Path dir;
    static SampleSite site;
    static ServerProcess apache;
    static int port;
    static int plainPort;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(APACHE), "no " + APACHE);
        // Apache's workers run as www-data when started by root: they must be able to read the site
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        site = SampleSite.write(dir.resolve("www"));
        port = ServerProcess.freePort();
        plainPort = ServerProcess.freePort();
        Path runtime = Files.createDirectories(dir.resolve("apache"));
        // the piped access log of docs/tools.md is this configuration's (its program: ManualWalkthroughTest)
        String logLine = DocSnippets.text("tools/logger-apache");
        assertThat(DocSnippets.text("web/apache-tls")).contains("    " + logLine);
        String redirect = DocsConfig.snippet("web/apache-redirect")
                .replace("<VirtualHost *:80>", "<VirtualHost 127.0.0.1:" + plainPort + ">")
                .text();
        String vhost = DocsConfig.snippet("web/apache-tls")
                .replace("<IfModule mod_ssl.c>\n", "")
                .replace("</VirtualHost>\n</IfModule>", "</VirtualHost>")
                .replace("<VirtualHost _default_:443>", "<VirtualHost 127.0.0.1:" + port + ">")
                .dropLines("SSLEngine")
                .dropLines("SSLCertificateFile")
                .dropLines("SSLCertificateKeyFile")
                .replace("    " + logLine, "")
                .replace("${APACHE_LOG_DIR}", runtime.toString())
                .replace("/var/www/piwheels", site.root.toAbsolutePath().toString())
                .text();
        StringBuilder conf = new StringBuilder();
        for (String module : List.of("mpm_event", "authz_core", "dir", "mime", "rewrite", "headers", "filter",
                "deflate", "negotiation", "alias")) {
            conf.append("LoadModule ").append(module).append("_module ").append(MODULES.resolve("mod_" + module + ".so"))
                    .append('\n');
        }
        conf.append("ServerName 127.0.0.1\n")
                .append("Listen 127.0.0.1:").append(port).append('\n')
                .append("Listen 127.0.0.1:").append(plainPort).append('\n')
                .append("DefaultRuntimeDir ").append(runtime).append('\n')
                .append("PidFile ").append(runtime.resolve("apache.pid")).append('\n')
                .append("Mutex file:").append(runtime).append(" default\n")
                .append("ErrorLog ").append(runtime.resolve("error.log")).append('\n')
                .append("TypesConfig /etc/mime.types\n")
                .append("LogFormat \"%h %l %u %t \\\"%r\\\" %>s %O \\\"%{Referer}i\\\" \\\"%{User-Agent}i\\\"\" combined\n")
                .append(ServerProcess.isRoot() ? "User www-data\nGroup www-data\n" : "")
                .append(redirect)
                .append(vhost);
        Path confFile = runtime.resolve("apache.conf");
        Files.writeString(confFile, conf);
        apache = new ServerProcess(List.of(APACHE.toString(), "-f", confFile.toString(), "-DFOREGROUND"), port,
                runtime.resolve("stdout"), List.of(runtime.resolve("error.log")));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (apache != null) {
            apache.close();
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
    void pipInstallsThroughApache() throws Exception {
        assumeTrue(PipChecks.pipAvailable(), "no " + PipRunner.PYTHON);
        PipRunner pip = new PipRunner(dir.resolve("pip-home"));
        String index = "http://127.0.0.1:" + port + "/simple/";
        PipChecks.downloadTinyCalc(pip, index, dir.resolve("dl"));
        PipChecks.installAndImport(pip, index, dir.resolve("target"));
        assertThat(Files.readString(dir.resolve("apache/ssl_access.log"))).contains("GET /simple/tiny-calc/ HTTP/1.1\" 200");
    }
}
