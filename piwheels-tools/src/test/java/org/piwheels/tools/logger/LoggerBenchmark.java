package org.piwheels.tools.logger;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.piwheels.tools.testing.RunningMaster;

/**
 * Not a test: piw-logger's speed (docs/benchmarks.md). Writes a synthetic combined log
 * of N lines (default 1,000,000; a mirror's mix of pip and uv downloads and searches,
 * pages, misses and the odd malformed line), then measures
 * <ol>
 * <li>parsing alone: lines per second through format, decoding and classification;</li>
 * <li>piw-logger into a running master (in this JVM, on the embedded PostgreSQL):
 *     lines per second read and sent, and records per second until the master has
 *     stored the last one.</li>
 * </ol>
 * Run with the test classpath: {@code java -cp ... org.piwheels.tools.logger.LoggerBenchmark [lines [parse-only]]}.
 */
public final class LoggerBenchmark {
    private static final String[] TABLES = {"downloads", "searches", "project_page_hits", "project_json_downloads",
        "web_page_hits"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private LoggerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path log = Files.createTempFile("piw-logger-bench", ".log");
        try {
            long expected = write(log, lines);
            System.out.printf("log: %,d lines, %,d bytes, %,d countable%n", lines, Files.size(log), expected);
            for (int round = 1; round <= 3; round++) {
                parseOnly(log, lines, round);
            }
            if (args.length < 2 || !args[1].equals("parse-only")) {
                intoMaster(log, lines, expected);
            }
        } finally {
            Files.deleteIfExists(log);
        }
        System.exit(0);
    }

    /** @return how many of the lines piw-logger sends a record for */
    static long write(Path file, int lines) throws Exception {
        Random r = new Random(42);
        String pipUa = "pip/24.0 {\\\"ci\\\":null,\\\"cpu\\\":\\\"armv7l\\\",\\\"distro\\\":{\\\"id\\\":\\\"bookworm\\\","
                + "\\\"libc\\\":{\\\"lib\\\":\\\"glibc\\\",\\\"version\\\":\\\"2.36\\\"},\\\"name\\\":\\\"Raspbian GNU/Linux\\\","
                + "\\\"version\\\":\\\"12\\\"},\\\"implementation\\\":{\\\"name\\\":\\\"CPython\\\",\\\"version\\\":\\\"3.11.2\\\"},"
                + "\\\"installer\\\":{\\\"name\\\":\\\"pip\\\",\\\"version\\\":\\\"24.0\\\"},\\\"openssl_version\\\":"
                + "\\\"OpenSSL 3.0.11 19 Sep 2023\\\",\\\"python\\\":\\\"3.11.2\\\",\\\"setuptools_version\\\":\\\"66.1.1\\\","
                + "\\\"system\\\":{\\\"name\\\":\\\"Linux\\\",\\\"release\\\":\\\"6.1.0-rpi7-rpi-v7\\\"}}";
        String uvUa = "uv/0.4.18 {\\\"installer\\\":{\\\"name\\\":\\\"uv\\\",\\\"version\\\":\\\"0.4.18\\\"},"
                + "\\\"python\\\":\\\"3.12.3\\\",\\\"implementation\\\":{\\\"name\\\":\\\"CPython\\\",\\\"version\\\":\\\"3.12.3\\\"},"
                + "\\\"cpu\\\":\\\"aarch64\\\"}";
        String browser = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
        long countable = 0;
        long t = Instant.parse("2024-05-17T00:00:00Z").getEpochSecond();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < lines; i++) {
                if (r.nextInt(20) == 0) {
                    t++;
                }
                String host = r.nextBoolean() ? "192.0.2." + r.nextInt(256) : "2001:db8::" + Integer.toHexString(r.nextInt(65536));
                String pkg = "pkg" + r.nextInt(5000);
                int kind = r.nextInt(100);
                String path;
                String ua;
                int status = 200;
                if (kind < 40) {
                    path = "/simple/" + pkg + "/" + pkg + "-1." + r.nextInt(9) + "-cp311-cp311-linux_armv7l.whl";
                    ua = r.nextInt(4) == 0 ? uvUa : pipUa;
                    countable++;
                } else if (kind < 70) {
                    path = "/simple/" + pkg + "/";
                    ua = pipUa;
                    countable++;
                } else if (kind < 80) {
                    path = "/project/" + pkg + "/";
                    ua = browser;
                    countable++;
                } else if (kind < 85) {
                    path = "/project/" + pkg + "/json/";
                    ua = "python-requests/2.31.0";
                    countable++;
                } else if (kind < 93) {
                    path = r.nextBoolean() ? "/" : "/faq.html";
                    ua = browser;
                    countable++;
                } else if (kind < 99) {
                    path = "/simple/" + pkg + "/";
                    ua = pipUa;
                    status = 404;
                } else {
                    w.write("malformed line " + i + "\n");
                    continue;
                }
                w.write(host + " - - [" + TIME.format(Instant.ofEpochSecond(t)) + "] \"GET " + path + " HTTP/1.1\" "
                        + status + " " + r.nextInt(100_000) + " \"-\" \"" + ua + "\"\n");
            }
        }
        return countable;
    }

    private static void parseOnly(Path log, int lines, int round) throws Exception {
        LogFormat format = LogFormat.compile("combined");
        AccessLine.Decoder decoder = new AccessLine.Decoder();
        long records = 0;
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuStart = cpu.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        try (BufferedReader in = LogSources.open(log.toString(), InputStream.nullInputStream(),
                org.slf4j.helpers.NOPLogger.NOP_LOGGER)) {
            String line;
            while ((line = in.readLine()) != null) {
                LogFormat.RawFields f = format.match(line);
                AccessLine a = f == null ? null : decoder.decode(f);
                if (a != null && AccessClassifier.classify(a) != null) {
                    records++;
                }
            }
        }
        double s = (System.nanoTime() - start) / 1e9;
        double c = (cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        // on a shared machine the wall clock mostly measures the scheduler; CPU time is the cost
        System.out.printf("parse only, round %d: %,d lines in %.2f s wall = %,.0f lines/s; %.2f s CPU = %,.0f lines/CPU-s"
                + " (%,d records)%n", round, lines, s, lines / s, c, lines / c, records);
    }

    private static void intoMaster(Path log, int lines, long expected) throws Exception {
        RunningMaster master = RunningMaster.shared();
        long before = stored(master);
        long start = System.nanoTime();
        int rc = PiwLogger.run(new PiwLogger(InputStream.nullInputStream()), List.of(),
                "-q", "--log-queue", master.logQueue(), "--admin-secret", master.adminSecret().toString(), log.toString());
        double sent = (System.nanoTime() - start) / 1e9;
        System.out.printf("piw-logger: exit %d, %,d lines read and sent in %.2f s = %,.0f lines/s%n",
                rc, lines, sent, lines / sent);
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long n = stored(master) - before;
            if (n >= expected) {
                break;
            }
            if (n != last) {
                last = n;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > 30_000_000_000L) {
                System.out.printf("the master stopped at %,d of %,d records%n", n, expected);
                break;
            }
            Thread.sleep(200);
        }
        double total = (System.nanoTime() - start) / 1e9;
        long n = stored(master) - before;
        System.out.printf("master: %,d records stored %.2f s after the start = %,.0f records/s%n", n, total, n / total);
    }

    private static long stored(RunningMaster master) throws Exception {
        long n = 0;
        for (String table : TABLES) {
            n += Long.parseLong(master.rows("SELECT count(*) FROM " + table).get(0).get(0));
        }
        return n;
    }
}
