package org.piwheels.tools.logger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.messages.AccessLogProtocol;
import org.piwheels.protocol.messages.AccessLogProtocol.LogDownload;
import org.piwheels.protocol.messages.AccessLogProtocol.LogJson;
import org.piwheels.protocol.messages.AccessLogProtocol.LogPage;
import org.piwheels.protocol.messages.AccessLogProtocol.LogProject;
import org.piwheels.protocol.messages.AccessLogProtocol.LogRecord;
import org.piwheels.protocol.messages.AccessLogProtocol.LogSearch;
import org.piwheels.protocol.records.PageHit;
import org.piwheels.protocol.records.PipRequest;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.piwheels.tools.testing.Stderr;
import org.piwheels.tools.testing.Stdout;
import org.zeromq.SocketType;

/** piw-logger end to end: log lines in, records out on a PULL socket (components spec §15, §19.10). */
class PiwLoggerTest {
    private static final String HOST = "2a00:1098:0:80:1000:3b:1:1";
    private static final String PIP9 = "pip/9.0.1 {\\\"cpu\\\":\\\"armv7l\\\",\\\"distro\\\":{\\\"id\\\":\\\"stretch\\\","
            + "\\\"libc\\\":{\\\"lib\\\":\\\"glibc\\\",\\\"version\\\":\\\"2.24\\\"},\\\"name\\\":\\\"Raspbian GNU/Linux\\\","
            + "\\\"version\\\":\\\"9\\\"},\\\"implementation\\\":{\\\"name\\\":\\\"CPython\\\",\\\"version\\\":\\\"3.5.3\\\"},"
            + "\\\"installer\\\":{\\\"name\\\":\\\"pip\\\",\\\"version\\\":\\\"9.0.1\\\"},\\\"openssl_version\\\":"
            + "\\\"OpenSSL 1.1.0j  20 Nov 2018\\\",\\\"python\\\":\\\"3.5.3\\\",\\\"system\\\":{\\\"name\\\":\\\"Linux\\\","
            + "\\\"release\\\":\\\"4.14.79-v7+\\\"}}";
    /** Apache combined lines, most from piwheels 0.23's own logger tests, escaped as Apache writes them. */
    private static final String LOG = String.join("\n",
            HOST + " - - [18/Mar/2019:14:24:56 +0000] \"GET /simple/markupsafe/ HTTP/1.1\" 200 2655 \"-\" \"" + PIP9 + "\"",
            HOST + " - - [18/Mar/2019:14:24:56 +0000] \"GET /simple/markupsafe/MarkupSafe-1.1.1-cp35-cp35m-linux_armv7l.whl HTTP/1.1\" 200 32003 \"-\" \"" + PIP9 + "\"",
            HOST + " - - [18/Mar/2019:14:24:57 +0000] \"GET /simple/nosuch/ HTTP/1.1\" 404 200 \"-\" \"" + PIP9 + "\"",
            "192.0.2.11 - - [18/Mar/2019:06:26:55 +0100] \"GET /project/gpiozero/json/ HTTP/1.1\" 200 100 \"-\" \"Wget/1.20.3 (linux-gnu)\"",
            "192.0.2.12 - - [18/Mar/2019:14:27:00 +0000] \"GET / HTTP/1.1\" 200 5000 \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"",
            "192.0.2.12 - - [18/Mar/2019:14:27:01 +0000] \"GET /faq.html?x=1 HTTP/1.1\" 200 5000 \"https://x/\" \"Mozilla/5.0 (X11)\"",
            "192.0.2.12 - - [18/Mar/2019:14:27:02 +0000] \"GET /project/Flask/ HTTP/1.1\" 200 5000 \"-\" \"Mozilla/5.0 (X11)\"",
            "192.0.2.12 - - [18/Mar/2019:14:27:03 +0000] \"GET /simple/index.html HTTP/1.1\" 200 5000 \"-\" \"Mozilla/5.0 (X11)\"",
            "192.0.2.12 - - [18/Mar/2019:14:27:04 +0000] \"GET /logs/00/00/00000001.txt.gz HTTP/1.1\" 200 5000 \"-\" \"Mozilla/5.0\"",
            "this is not a log line",
            "192.0.2.12 - - [99/Foo/2019:14:27:04 +0000] \"GET / HTTP/1.1\" 200 5000 \"-\" \"Mozilla/5.0\"",
            HOST + " - - [18/Mar/2019:14:26:26 +0000] \"GET /simple/foo/foo-0.1-cp34-none-any.whl HTTP/1.1\" 200 42641 \"-\" \"pip/ancient no JSON UA\"",
            HOST + " - - [18/Mar/2019:14:26:28 +0000] \"GET /simple/foo/foo-0.2-cp34-none-any.whl HTTP/1.1\" 200 42641 \"-\" \"pip/evil {invalid JSON}\"",
            "") ;

    @TempDir
    Path dir;

    @RegisterExtension
    final Stderr stderr = new Stderr();

    private final Transport transport = new Transport();
    private final MessageSocket<NoMessage, LogRecord> master = transport.socket(SocketType.PULL, AccessLogProtocol.MASTER);
    private final String address = "tcp://127.0.0.1:" + master.bindToRandomPort("tcp://127.0.0.1");

    @AfterEach
    void close() {
        transport.close();
    }

    private int run(InputStream stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--log-queue", address, "-v", "--admin-auth", "off"));
        all.addAll(List.of(args));
        return PiwLogger.run(new PiwLogger(stdin), List.of(), all.toArray(new String[0]));
    }

    private List<LogRecord> received(int n) throws Exception {
        List<LogRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LogRecord r = master.recv(Duration.ofSeconds(30));
            assertThat(r).as("record %d", i).isNotNull();
            out.add(r);
        }
        assertThat(master.recv(Duration.ofMillis(200))).isNull();
        return out;
    }

    private static Instant t(String s) {
        return Instant.parse("2019-03-18T" + s + "Z");
    }

    private static List<LogRecord> expected() {
        return List.of(
                new LogSearch(new PipRequest("markupsafe", HOST, t("14:24:56"), "armv7l", "Raspbian GNU/Linux", "9",
                        "Linux", "4.14.79-v7+", "CPython", "3.5.3", "pip", "9.0.1", null)),
                new LogDownload(new PipRequest("MarkupSafe-1.1.1-cp35-cp35m-linux_armv7l.whl", HOST, t("14:24:56"),
                        "armv7l", "Raspbian GNU/Linux", "9", "Linux", "4.14.79-v7+", "CPython", "3.5.3", "pip", "9.0.1", null)),
                new LogJson(new PageHit("gpiozero", "192.0.2.11", t("05:26:55"), "wget")),
                new LogPage(new PageHit("home", "192.0.2.12", t("14:27:00"), "mozilla")),
                new LogPage(new PageHit("faq", "192.0.2.12", t("14:27:01"), "mozilla")),
                new LogProject(new PageHit("flask", "192.0.2.12", t("14:27:02"), "mozilla")),
                new LogDownload(new PipRequest("foo-0.1-cp34-none-any.whl", HOST, t("14:26:26"),
                        null, null, null, null, null, "CPython", null, null, null, null)),
                new LogDownload(new PipRequest("foo-0.2-cp34-none-any.whl", HOST, t("14:26:28"),
                        null, null, null, null, null, "CPython", null, null, null, null)));
    }

    @Test
    void stdinGivesTheRecordsInOrderAndSkipsMalformedLines() throws Exception {
        assertThat(run(new ByteArrayInputStream(LOG.getBytes(StandardCharsets.US_ASCII)))).isZero();
        assertThat(received(8)).isEqualTo(expected());
        assertThat(stderr.text()).contains("Processing log entries from stdin", "Unable to parse line 10: this is not",
                "Unable to parse line 11", "Read 13 line(s): 8 record(s) sent, 0 dropped, 2 unparsed");
    }

    @Test
    void plainAndGzippedFilesGiveTheSameRecords() throws Exception {
        Path plain = Files.writeString(dir.resolve("access.log"), LOG, StandardCharsets.US_ASCII);
        Path gz = dir.resolve("access.log.1.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(LOG.getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(run(InputStream.nullInputStream(), plain.toString(), gz.toString())).isZero();
        List<LogRecord> both = new ArrayList<>(expected());
        both.addAll(expected());
        assertThat(received(16)).isEqualTo(both);
        assertThat(stderr.text()).contains("Processing log " + plain, "Processing gzipped log " + gz);
    }

    @Test
    void recordsEncodeExactlyAsTheLumberjackVectors() throws Exception {
        String line = "192.0.2.12 - - [17/May/2024:15:01:02 +0200] \"GET /index.html HTTP/2.0\" 200 1 \"-\" \"Mozilla/5.0 (X11)\"\n"
                + "192.0.2.11 - - [17/May/2024:13:01:02 +0000] \"GET /project/foo/json/ HTTP/1.1\" 200 1 \"-\" \"Wget/1.21\"\n";
        assertThat(run(new ByteArrayInputStream(line.getBytes(StandardCharsets.US_ASCII)))).isZero();
        List<LogRecord> got = received(2);
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/vectors/lumberjack.json")) {
            vectors = new ObjectMapper().readTree(in).get("vectors");
        }
        List<String> want = new ArrayList<>();
        for (JsonNode v : vectors) {
            if (v.get("name").asText().equals("lumberjack.LOGPAGE") || v.get("name").asText().equals("lumberjack.LOGJSON")) {
                want.add(v.get("cbor_hex").asText());
            }
        }
        List<String> encoded = new ArrayList<>();
        for (LogRecord r : got) {
            encoded.add(HexFormat.of().formatHex(AccessLogProtocol.LOGGER.encode(r)));
        }
        assertThat(encoded).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void otherFormatsAndTheNginxShortCut() throws Exception {
        String vhost = "www.piwheels.org 192.0.2.1 - - [18/Mar/2019:14:27:00 +0000] 200 \"GET /faq.html HTTP/1.1\" \"Mozilla/5.0\"\n";
        assertThat(run(new ByteArrayInputStream(vhost.getBytes(StandardCharsets.US_ASCII)),
                "--format", "%v %h %l %u %t %>s \"%r\" \"%{User-agent}i\"")).isZero();
        // each run has its own socket, and a PULL socket fair-queues between connections, so the
        // first run's record is taken before the second run starts
        assertThat(received(1)).containsExactly(new LogPage(new PageHit("faq", "192.0.2.1", t("14:27:00"), "mozilla")));
        // nginx escapes a quote as \x22
        String nginx = "192.0.2.1 - - [18/Mar/2019:14:27:00 +0000] \"GET /simple/foo/ HTTP/1.1\" 200 5 \"-\" "
                + "\"pip/24.0 {\\x22cpu\\x22:\\x22x86_64\\x22}\"\n";
        assertThat(run(new ByteArrayInputStream(nginx.getBytes(StandardCharsets.US_ASCII)), "--format", "nginx")).isZero();
        List<LogRecord> got = received(1);
        assertThat(((LogSearch) got.get(0)).request().arch()).isEqualTo("x86_64");
    }

    @Test
    void aFormatWithoutTheUserAgentIsAUsageError() {
        assertThat(run(InputStream.nullInputStream(), "--format", "common")).isEqualTo(2);
        assertThat(run(InputStream.nullInputStream(), "--format", "%h %t \"%r\" %>s %{User-Agent")).isEqualTo(2);
        assertThat(stderr.text()).contains("must contain");
    }

    @Test
    void dropDropsWhatCannotBeQueuedAndStillEnds() throws Exception {
        StringBuilder lines = new StringBuilder();
        int n = RecordSender.HWM + 200;
        for (int i = 0; i < n; i++) {
            lines.append("192.0.2.12 - - [18/Mar/2019:14:27:00 +0000] \"GET /faq.html HTTP/1.1\" 200 1 \"-\" \"Mozilla/5.0\"\n");
        }
        // nothing listens there: once the send buffer is full no record can be queued, and the
        // logger must drop instead of blocking, then give up on the buffer at exit
        List<String> args = List.of("--log-queue", "tcp://127.0.0.1:1", "--drop", "-v", "--admin-auth", "off");
        long start = System.nanoTime();
        int rc = PiwLogger.run(new PiwLogger(new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.US_ASCII))),
                List.of(), args.toArray(new String[0]));
        assertThat(rc).as("records left behind").isEqualTo(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
        assertThat(stderr.text()).contains("dropping log entry",
                        "Records left behind at tcp://127.0.0.1:1: master not running there, or refusing --admin-auth")
                .containsPattern("Read " + n + " line\\(s\\): \\d+ record\\(s\\) sent, never taken by the master, "
                        + "[1-9]\\d* dropped, 0 unparsed");
    }

    @Test
    void helpAndVersion() {
        assertThat(Stdout.of(() -> PiwLogger.run(new PiwLogger(), List.of(), "--help")))
                .contains("--drop", "--format", "{User-Agent}i", "--log-queue", "Exit status:");
        assertThat(Stdout.of(() -> PiwLogger.run(new PiwLogger(), List.of(), "--version")).strip()).isEqualTo("0.23");
    }
}
