package org.piwheels.tools.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piwheels.tools.testing.RunningMaster.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.tools.testing.RunningMaster;
import org.piwheels.tools.testing.Stderr;

/**
 * Issue #12, "the logger given malformed files": piw-logger against a running master
 * with binary garbage, a line of megabytes, raw bytes that are not ASCII (invalid
 * UTF-8), escaped NULs, a truncated gzip file and a file that is not gzip at all. Each
 * bad line is refused with a message and counted; the good lines around it are
 * stored; no row comes from a bad or partial line.
 */
class MalformedLogMasterTest {
    private static final String AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
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

    private static String line(String host, String path, String agent) {
        return host + " - - [18/Mar/2019:14:24:56 +0000] \"GET " + path + " HTTP/1.1\" 200 1234 \"-\" \"" + agent + "\"";
    }

    private int run(InputStream stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("--log-queue", master.logQueue(), "-v"));
        all.addAll(master.adminArgs());
        all.addAll(List.of(args));
        return PiwLogger.run(new PiwLogger(stdin), List.of(), all.toArray(new String[0]));
    }

    /** Every row stored for the client, as "table: first column". */
    private static List<String> stored(String host) throws Exception {
        List<String> out = new ArrayList<>();
        for (String table : TABLES) {
            for (List<String> row : master.rows("SELECT * FROM " + table + " WHERE accessed_by = '" + host
                    + "' ORDER BY 1")) {
                out.add(table + ": " + row.get(0));
            }
        }
        return out;
    }

    private static List<String> awaitRows(String host, int n) throws Exception {
        await(n + " rows of " + host, () -> {
            try {
                return stored(host).size() >= n;
            } catch (Exception e) {
                return false;
            }
        });
        Thread.sleep(500); // and no more come
        return stored(host);
    }

    @Test
    void garbageHugeLinesInvalidBytesAndEscapedNulsAreRefusedAndTheGoodLinesStored() throws Exception {
        String h = "192.0.2.201";
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        log.write((line(h, "/", AGENT) + "\n").getBytes(StandardCharsets.US_ASCII)); // 1
        byte[] garbage = new byte[4096];
        new Random(5).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '\n' || garbage[i] == '\r') {
                garbage[i] = 0; // one line of garbage, NULs and all
            }
        }
        log.write(garbage); // 2
        log.write('\n');
        byte[] huge = new byte[3 << 20];
        Arrays.fill(huge, (byte) 'A');
        log.write(huge); // 3: three megabytes without a newline
        log.write('\n');
        // 4: raw bytes that are not even UTF-8 in the path and the agent (a server would have written \xc3\x28)
        log.write((h + " - - [18/Mar/2019:14:24:56 +0000] \"GET /simple/f").getBytes(StandardCharsets.US_ASCII));
        log.write(new byte[] {(byte) 0xc3, 0x28, (byte) 0xff});
        log.write(("oo/ HTTP/1.1\" 200 1 \"-\" \"pip/9 \u00fe\"\n").getBytes(StandardCharsets.ISO_8859_1));
        log.write((line(h, "/simple/nul\\x00name/", AGENT) + "\n").getBytes(StandardCharsets.US_ASCII)); // 5
        log.write((line(h, "/simple/bar/", "pip/9.0.1 {\\\"cpu\\\":\\\"arm\\x00\\\"}") + "\n")
                .getBytes(StandardCharsets.US_ASCII)); // 6
        log.write((line(h, "/faq.html", AGENT) + "\r\n").getBytes(StandardCharsets.US_ASCII)); // 7
        log.write((line(h, "/simple/baz/", "pip/9.0.1")).getBytes(StandardCharsets.US_ASCII)); // 8: no final newline

        assertThat(run(new ByteArrayInputStream(log.toByteArray()), "-")).isZero();
        assertThat(awaitRows(h, 3)).containsExactlyInAnyOrder("web_page_hits: home", "web_page_hits: faq",
                "searches: baz");
        assertThat(stderr.text()).contains(
                "Unable to parse line 2: unescaped control or non-ASCII bytes: ",
                "Unable to parse line 3: 3145728 characters long, more than any log line (65536): AAAA",
                "Unable to parse line 4: unescaped control or non-ASCII bytes: " + h + " - - [18/Mar/2019",
                "Unable to parse line 5: an escaped control character",
                "Unable to parse line 6: an escaped control character",
                "Read 8 line(s): 3 record(s) sent, 0 dropped, 5 unparsed");
        assertThat(stderr.text()).doesNotContain("\u0000");
    }

    @Test
    void aTruncatedGzipStoresOnlyWholeLinesBeforeTheCutAndSaysWhereItEnded() throws Exception {
        String h = "192.0.2.202";
        StringBuilder text = new StringBuilder();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String f = "pkg" + i + "-1.0-py3-none-any.whl";
            files.add("downloads: " + f);
            text.append(line(h, "/simple/pkg" + i + "/" + f, "pip/9.0.1")).append('\n');
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gz)) {
            out.write(text.toString().getBytes(StandardCharsets.US_ASCII));
        }
        byte[] all = gz.toByteArray();
        Path cut = Files.write(dir.resolve("access.log.3.gz"), Arrays.copyOf(all, all.length / 2));
        Path notGzip = Files.writeString(dir.resolve("access.log.4.gz"), line(h, "/", AGENT) + "\n");

        assertThat(run(InputStream.nullInputStream(), cut.toString())).as("exit status").isNotZero();
        assertThat(stderr.text()).contains(cut.toString()).contains("Unexpected end of ZLIB input stream");
        await("some of the lines before the cut", () -> {
            try {
                return !stored(h).isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        Thread.sleep(1000);
        List<String> rows = stored(h);
        assertThat(rows).as("only whole lines, each once").doesNotHaveDuplicates().isSubsetOf(files)
                .hasSizeLessThan(files.size());

        int before = stderr.text().length();
        assertThat(run(InputStream.nullInputStream(), notGzip.toString())).isNotZero();
        assertThat(stderr.text().substring(before)).contains(notGzip.toString(), "Not in GZIP format");
        Thread.sleep(500);
        assertThat(stored(h)).as("nothing from the file that is not gzip").hasSize(rows.size());
    }
}
