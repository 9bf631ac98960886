package org.piwheels.tools.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piwheels.tools.testing.RunningMaster.await;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.tools.testing.RunningMaster;
import org.piwheels.tools.testing.Stderr;

/**
 * piw-logger against a running master: access-log lines in, rows in the master's
 * database out. Every classification rule of components spec §15.3 with the
 * consequences it lists, the record contents of §15.4 (pip's and uv's JSON user
 * agents), every input (stdin, plain file, .gz), --drop, the nginx short-cut and
 * malformed lines. Each test uses client addresses of its own, which is how the
 * rows are told apart.
 */
class PiwLoggerMasterTest {
    private static final String PIP_JSON = "{\"cpu\":\"armv7l\",\"distro\":{\"name\":\"Raspbian GNU/Linux\","
            + "\"version\":\"9\"},\"implementation\":{\"name\":\"CPython\",\"version\":\"3.5.3\"},"
            + "\"installer\":{\"name\":\"pip\",\"version\":\"9.0.1\"},\"python\":\"3.5.3\","
            + "\"system\":{\"name\":\"Linux\",\"release\":\"4.14.79-v7+\"},\"setuptools_version\":\"40.8.0\"}";
    private static final String UV_JSON = "{\"installer\":{\"name\":\"uv\",\"version\":\"0.4.18\"},\"python\":\"3.12.3\","
            + "\"implementation\":{\"name\":\"CPython\",\"version\":\"3.12.3\"},\"distro\":{\"name\":\"Debian GNU/Linux\","
            + "\"version\":\"12\",\"id\":\"bookworm\"},\"system\":{\"name\":\"Linux\",\"release\":\"6.6.31+rpt-rpi-v8\"},"
            + "\"cpu\":\"aarch64\",\"setuptools_version\":null}";
    private static final String PIP = "pip/9.0.1 " + escape(PIP_JSON);
    private static final String UV = "uv/0.4.18 " + escape(UV_JSON);
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    private static final String[] TABLES = {"downloads", "searches", "project_page_hits", "project_json_downloads",
        "web_page_hits"};

    private static RunningMaster master;

    @TempDir
    Path dir;

    @RegisterExtension
    final Stderr stderr = new Stderr();

    @BeforeAll
    static void startMaster() throws Exception {
        master = RunningMaster.shared();
    }

    @AfterAll
    static void masterStillRuns() {
        assertThat(master.healthy()).isTrue();
    }

    /** Apache's escaping of a logged string. */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String line(String host, String time, String request, int status, String agent) {
        return host + " - - [" + time + "] \"" + request + "\" " + status + " 1234 \"-\" \"" + agent + "\"";
    }

    private static String get(String host, String path, String agent) {
        return line(host, "18/Mar/2019:14:24:56 +0000", "GET " + path + " HTTP/1.1", 200, agent);
    }

    private int run(InputStream stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--log-queue", master.logQueue(), "-v"));
        all.addAll(master.adminArgs());
        all.addAll(List.of(args));
        return PiwLogger.run(new PiwLogger(stdin), List.of(), all.toArray(new String[0]));
    }

    private int runStdin(String log, String... args) {
        return run(new ByteArrayInputStream(log.getBytes(StandardCharsets.ISO_8859_1)), args);
    }

    /** Every row the master stored for the client, as "table: first column", in table order then time. */
    private static List<String> stored(String host) throws Exception {
        List<String> out = new ArrayList<>();
        for (String table : TABLES) {
            for (List<String> row : master.rows("SELECT * FROM " + table + " WHERE accessed_by = '" + host
                    + "' ORDER BY accessed_at, 1")) {
                out.add(table + ": " + row.get(0));
            }
        }
        return out;
    }

    private static int count(String host) throws Exception {
        int n = 0;
        for (String table : TABLES) {
            n += Integer.parseInt(master.rows("SELECT count(*) FROM " + table + " WHERE accessed_by = '" + host + "'")
                    .get(0).get(0));
        }
        return n;
    }

    /** Waits for {@code n} rows of the client, and a little more to see that no more come. */
    private static List<String> awaitStored(String host, int n) throws Exception {
        await(n + " rows of " + host, () -> {
            try {
                return count(host) >= n;
            } catch (Exception e) {
                return false;
            }
        });
        Thread.sleep(300);
        List<String> rows = stored(host);
        assertThat(rows).hasSize(n);
        return rows;
    }

    @Test
    void everyClassificationRuleRuleByRule() throws Exception {
        String h = "192.0.2.101";
        String log = String.join("\n",
                // only successful GETs with a user agent count
                line(h, "18/Mar/2019:14:00:00 +0000", "GET /simple/foo/foo-0.1-py3-none-any.whl HTTP/1.1", 404, PIP),
                line(h, "18/Mar/2019:14:00:00 +0000", "HEAD /simple/foo/foo-0.1-py3-none-any.whl HTTP/1.1", 200, PIP),
                line(h, "18/Mar/2019:14:00:00 +0000", "POST / HTTP/1.1", 200, FIREFOX),
                line(h, "18/Mar/2019:14:00:00 +0000", "GET /simple/foo/foo-0.1-py3-none-any.whl HTTP/1.1", 200, "-"),
                // 1: pip fetching the simple root
                get(h, "/simple/", PIP),
                // 2: the bare project directory
                get(h, "/project/", FIREFOX),
                // 3: a wheel, whoever fetches it
                get(h, "/simple/foo/rule3_pip-0.1-py3-none-any.whl", PIP),
                get(h, "/simple/foo/rule3_uv-0.1-py3-none-any.whl", UV),
                get(h, "/simple/foo/rule3_browser-0.1-py3-none-any.whl?x=1", FIREFOX),
                // 4: pip looking a package up, including the 0.23 quirk of /simple/index.html
                get(h, "/simple/Rule4_Pkg/", PIP),
                get(h, "/simple/index.html", PIP),
                // 5: other clients' simple pages: uv's look-ups are not searches
                get(h, "/simple/rule5-uv/", UV),
                get(h, "/simple/index.html", FIREFOX),
                get(h, "/simple/", UV),
                // 6: project JSON
                get(h, "/project/Rule6.Json/json/", "Wget/1.20.3 (linux-gnu)"),
                // 7: project pages, with or without the slash
                get(h, "/project/Rule7_A/", FIREFOX),
                get(h, "/project/rule7-b", FIREFOX),
                // 8: the root
                get(h, "/", FIREFOX),
                // 9: pages; /index.html is home, /a/b.html is "ab"
                get(h, "/index.html", FIREFOX),
                get(h, "/faq.html", FIREFOX),
                get(h, "/a/b.html", FIREFOX),
                // nothing else counts
                get(h, "/packages.json", FIREFOX),
                get(h, "/logs/00/00/0001.txt.gz", FIREFOX),
                get(h, "/robots.txt", PIP),
                // matching is case-sensitive, for paths and for the pip/ prefix alike
                get(h, "/SIMPLE/foo/caps-0.1-py3-none-any.whl", PIP),
                get(h, "/simple/foo/caps-0.1-py3-none-any.WHL", FIREFOX),
                get(h, "/simple/Caps_Pip/", "Pip/9.0.1"),
                get(h, "/Project/caps/", FIREFOX),
                get(h, "/FAQ.HTML", FIREFOX),
                "");
        assertThat(runStdin(log)).isZero();
        assertThat(awaitStored(h, 12)).containsExactlyInAnyOrder(
                "downloads: rule3_pip-0.1-py3-none-any.whl",
                "downloads: rule3_uv-0.1-py3-none-any.whl",
                "downloads: rule3_browser-0.1-py3-none-any.whl",
                "searches: rule4-pkg",
                "searches: index-html",
                "project_json_downloads: rule6-json",
                "project_page_hits: rule7-a",
                "project_page_hits: rule7-b",
                "web_page_hits: home",
                "web_page_hits: home",
                "web_page_hits: faq",
                "web_page_hits: ab");
        assertThat(stderr.text()).contains("Read 29 line(s): 12 record(s) sent, 0 dropped, 0 unparsed");
    }

    @Test
    void recordsCarryTheInstallerFactsOfPipAndUvAndTimesInUtc() throws Exception {
        String h = "2001:db8::102";
        String log = String.join("\n",
                line(h, "18/Mar/2019:15:24:56 +0100", "GET /simple/markupsafe/MarkupSafe-1.1.1-cp35-cp35m-linux_armv7l.whl HTTP/1.1", 200, PIP),
                line(h, "18/Mar/2019:14:24:57 +0000", "GET /simple/MarkupSafe/ HTTP/1.1", 200, PIP),
                line(h, "18/Mar/2019:14:24:58 +0000", "GET /simple/numpy/numpy-2.0.0-cp312-cp312-linux_aarch64.whl HTTP/1.1", 200, UV),
                line(h, "18/Mar/2019:14:24:59 +0000", "GET /simple/foo/foo-0.1-py3-none-any.whl HTTP/1.1", 200, "pip/19.0.3 no JSON UA"),
                line(h, "18/Mar/2019:14:25:00 +0000", "GET /simple/foo/foo-0.2-py3-none-any.whl HTTP/1.1", 200, "pip/evil {invalid JSON}"),
                line(h, "18/Mar/2019:14:25:01 +0000", "GET /simple/foo/foo-0.3-py3-none-any.whl HTTP/1.1", 200,
                        "pip/24.0 " + escape("{\"distro\":null,\"implementation\":null,\"system\":[1]}")),
                line(h, "18/Mar/2019:07:25:02 -0700", "GET /project/gpiozero/ HTTP/1.1", 200, FIREFOX),
                line(h, "18/Mar/2019:14:25:03 +0000", "GET /project/gpiozero/json/ HTTP/1.1", 200, "Wget/1.20.3 (linux-gnu)"),
                line(h, "18/Mar/2019:14:25:04 +0000", "GET /faq.html HTTP/1.1", 200, "Mythic HTTP monitor check"),
                "");
        assertThat(runStdin(log)).isZero();
        awaitStored(h, 9);
        String cols = "accessed_by, accessed_at, arch, distro_name, distro_version, os_name, os_version, py_name,"
                + " py_version, installer_name, installer_version, setuptools_version";
        assertThat(master.rows("SELECT filename, " + cols + " FROM downloads WHERE accessed_by = '" + h
                + "' ORDER BY accessed_at")).containsExactly(
                Arrays.asList("MarkupSafe-1.1.1-cp35-cp35m-linux_armv7l.whl", h, "2019-03-18 14:24:56", "armv7l",
                        "Raspbian GNU/Linux", "9", "Linux", "4.14.79-v7+", "CPython", "3.5.3", "pip", "9.0.1", "40.8.0"),
                Arrays.asList("numpy-2.0.0-cp312-cp312-linux_aarch64.whl", h, "2019-03-18 14:24:58", "aarch64",
                        "Debian GNU/Linux", "12", "Linux", "6.6.31+rpt-rpi-v8", "CPython", "3.12.3", "uv", "0.4.18", null),
                // no JSON, invalid JSON, or null and non-object parts: nothing but the CPython default
                Arrays.asList("foo-0.1-py3-none-any.whl", h, "2019-03-18 14:24:59",
                        null, null, null, null, null, "CPython", null, null, null, null),
                Arrays.asList("foo-0.2-py3-none-any.whl", h, "2019-03-18 14:25:00",
                        null, null, null, null, null, "CPython", null, null, null, null),
                Arrays.asList("foo-0.3-py3-none-any.whl", h, "2019-03-18 14:25:01",
                        null, null, null, null, null, "CPython", null, null, null, null));
        assertThat(master.rows("SELECT package, " + cols + " FROM searches WHERE accessed_by = '" + h + "'"))
                .containsExactly(Arrays.asList("markupsafe", h, "2019-03-18 14:24:57", "armv7l", "Raspbian GNU/Linux", "9",
                        "Linux", "4.14.79-v7+", "CPython", "3.5.3", "pip", "9.0.1", "40.8.0"));
        assertThat(master.rows("SELECT package, accessed_at, user_agent FROM project_page_hits WHERE accessed_by = '"
                + h + "'")).containsExactly(List.of("gpiozero", "2019-03-18 14:25:02", "mozilla"));
        assertThat(master.rows("SELECT package, accessed_at, user_agent FROM project_json_downloads WHERE accessed_by = '"
                + h + "'")).containsExactly(List.of("gpiozero", "2019-03-18 14:25:03", "wget"));
        assertThat(master.rows("SELECT page, accessed_at, user_agent FROM web_page_hits WHERE accessed_by = '"
                + h + "'")).containsExactly(List.of("faq", "2019-03-18 14:25:04", "mythic http monitor check"));
    }

    @Test
    void stdinPlainAndGzippedFilesWithMalformedLinesSkipped() throws Exception {
        String plainHost = "192.0.2.103";
        String gzHost = "192.0.2.104";
        String stdinHost = "192.0.2.105";
        Path plain = Files.writeString(dir.resolve("access.log"), String.join("\n",
                get(plainHost, "/", FIREFOX), "garbage that is no log line", get(plainHost, "/faq.html", FIREFOX), ""));
        Path gz = dir.resolve("access.log.2.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(String.join("\n", get(gzHost, "/simple/foo/foo-1-py3-none-any.whl", PIP),
                    line(gzHost, "99/Xyz/2019:14:24:56 +0000", "GET / HTTP/1.1", 200, FIREFOX),
                    get(gzHost, "/project/foo/", FIREFOX), "").getBytes(StandardCharsets.US_ASCII));
        }
        InputStream stdin = new ByteArrayInputStream((get(stdinHost, "/simple/foo/", PIP) + "\n\u00ff\u00fe broken\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(run(stdin, plain.toString(), gz.toString(), "-")).isZero();
        assertThat(awaitStored(plainHost, 2)).containsExactlyInAnyOrder("web_page_hits: home", "web_page_hits: faq");
        assertThat(awaitStored(gzHost, 2)).containsExactlyInAnyOrder("downloads: foo-1-py3-none-any.whl", "project_page_hits: foo");
        assertThat(awaitStored(stdinHost, 1)).containsExactly("searches: foo");
        assertThat(stderr.text()).contains("Processing log " + plain, "Processing gzipped log " + gz,
                "Processing log entries from stdin", "Unable to parse line 2: garbage that is no log line",
                "Unable to parse line 5: ", "Unable to parse line 8: ",
                "Read 8 line(s): 5 record(s) sent, 0 dropped, 3 unparsed");
    }

    @Test
    void dropLosesNothingWhileTheMasterKeepsUp() throws Exception {
        String h = "192.0.2.106";
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            log.append(get(h, "/simple/foo/foo-" + i + "-py3-none-any.whl", PIP)).append('\n');
        }
        assertThat(runStdin(log.toString(), "--drop")).isZero();
        assertThat(awaitStored(h, 200)).allMatch(r -> r.startsWith("downloads: foo-"));
        assertThat(stderr.text()).contains("Read 200 line(s): 200 record(s) sent, 0 dropped, 0 unparsed")
                .doesNotContain("dropping log entry");
    }

    @Test
    void theNginxShortCutAndAnApacheFormatOfOnesOwn() throws Exception {
        String nginxHost = "192.0.2.107";
        String customHost = "192.0.2.108";
        // nginx writes a quote as \x22, and the same layout as Apache's combined
        String nginx = nginxHost + " - - [18/Mar/2019:14:24:56 +0000] \"GET /simple/Nginx_Pkg/ HTTP/1.1\" 200 5 \"-\" "
                + "\"pip/24.0 {\\x22cpu\\x22:\\x22x86_64\\x22,\\x22installer\\x22:{\\x22name\\x22:\\x22pip\\x22}}\"\n";
        assertThat(runStdin(nginx, "--format", "nginx")).isZero();
        assertThat(awaitStored(nginxHost, 1)).containsExactly("searches: nginx-pkg");
        assertThat(master.rows("SELECT arch, installer_name FROM searches WHERE accessed_by = '" + nginxHost + "'"))
                .containsExactly(List.of("x86_64", "pip"));

        String vhost = "www.piwheels.org " + customHost + " [18/Mar/2019:14:24:56 +0000] 200 \"GET /json.html HTTP/1.1\""
                + " \"Mozilla/5.0\"\n";
        assertThat(runStdin(vhost, "--format", "%v %h %t %>s \"%r\" \"%{User-Agent}i\"")).isZero();
        assertThat(awaitStored(customHost, 1)).containsExactly("web_page_hits: json");
    }

    @Test
    void theConfigurationFileAndLogFile() throws Exception {
        String h = "192.0.2.109";
        Path conf = Files.writeString(dir.resolve("piwheels.conf"), "[logger]\nlog-queue = " + master.logQueue() + "\nadmin-secret = " + master.adminSecret()
                + "\nformat = %h %t \"%r\" %>s \"%{User-Agent}i\"\ndrop = true\n");
        Path log = dir.resolve("logger.log");
        String line = h + " [18/Mar/2019:14:24:56 +0000] \"GET / HTTP/1.1\" 200 \"Mozilla/5.0\"\n";
        int rc = PiwLogger.run(new PiwLogger(new ByteArrayInputStream(line.getBytes(StandardCharsets.US_ASCII))), List.of(),
                "-c", conf.toString(), "-q", "-l", log.toString());
        assertThat(rc).isZero();
        assertThat(awaitStored(h, 1)).containsExactly("web_page_hits: home");
        assertThat(Files.readString(log)).contains("logger INFO: Read 1 line(s): 1 record(s) sent, 0 dropped, 0 unparsed");
    }
}
