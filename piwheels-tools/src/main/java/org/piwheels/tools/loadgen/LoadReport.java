package org.piwheels.tools.loadgen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The result of a run: a summary table for people and a JSON document for scripts. */
final class LoadReport {
    private final Map<String, Object> result = new LinkedHashMap<>();

    LoadReport(Map<String, Object> settings, double seconds, LoadStats stats, MasterSample master,
               Double baselineBytesPerSecond, String failure) {
        result.put("settings", settings);
        result.put("measuredSeconds", round(seconds));
        long builds = stats.builds.sum();
        result.put("builds", builds);
        result.put("buildsPerSecond", round(seconds > 0 ? builds / seconds : 0));
        result.put("sleeps", stats.sleeps.sum());
        Map<String, Object> latency = new LinkedHashMap<>();
        stats.latency().forEach((request, h) -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("count", h.count());
            l.put("p50Ms", round(h.percentileMicros(0.50) / 1000.0));
            l.put("p99Ms", round(h.percentileMicros(0.99) / 1000.0));
            l.put("maxMs", round(h.maxMicros() / 1000.0));
            latency.put(request, l);
        });
        result.put("replyLatency", latency);
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("count", stats.transfers.sum());
        files.put("bytes", stats.transferBytes.sum());
        files.put("aggregateMBps", round(seconds > 0 ? stats.transferBytes.sum() / 1e6 / seconds : 0));
        files.put("perTransferMedianMBps", round(stats.transferRate.percentileMicros(0.5) * 1024 / 1e6));
        files.put("perTransferMaxMBps", round(stats.transferRate.maxMicros() * 1024 / 1e6));
        files.put("publishedMedianMBps", round(stats.publishRate.percentileMicros(0.5) * 1024 / 1e6));
        files.put("publishedMaxMBps", round(stats.publishRate.maxMicros() * 1024 / 1e6));
        if (baselineBytesPerSecond != null) {
            files.put("plainTcpLoopbackMBps", round(baselineBytesPerSecond / 1e6));
        }
        result.put("fileTransfer", files);
        result.put("accessRecords", stats.accessRecords.sum());
        if (master != null) {
            result.put("master", master.toMap());
        }
        result.put("errors", stats.errors());
        result.put("failure", failure);
    }

    /** Adds what the fake PyPI published (the whole run, warm-up included). */
    void pypi(String url, long versions) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("url", url);
        p.put("versions", versions);
        result.put("fakePypi", p);
    }

    Map<String, Object> result() {
        return result;
    }

    void writeJson(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
    }

    @SuppressWarnings("unchecked")
    void printTable(PrintStream out) {
        out.println();
        out.printf("%-28s %s%n", "measured", result.get("measuredSeconds") + " s");
        out.printf("%-28s %s (%s/s)%n", "builds completed", result.get("builds"), result.get("buildsPerSecond"));
        out.printf("%-28s %s%n", "SLEEP replies", result.get("sleeps"));
        out.println();
        out.printf("%-8s %10s %10s %10s %10s%n", "reply to", "count", "p50 ms", "p99 ms", "max ms");
        ((Map<String, Map<String, Object>>) result.get("replyLatency")).forEach((request, l) ->
                out.printf("%-8s %10s %10s %10s %10s%n", request, l.get("count"), l.get("p50Ms"), l.get("p99Ms"), l.get("maxMs")));
        out.println();
        Map<String, Object> f = (Map<String, Object>) result.get("fileTransfer");
        out.printf("%-28s %s files, %s bytes%n", "file transfers", f.get("count"), f.get("bytes"));
        out.printf("%-28s %s MB/s aggregate, %s MB/s median per file, %s MB/s best file%n", "transfer rate",
                f.get("aggregateMBps"), f.get("perTransferMedianMBps"), f.get("perTransferMaxMBps"));
        out.printf("%-28s %s MB/s median per file, %s MB/s best file%n", "into the web root",
                f.get("publishedMedianMBps"), f.get("publishedMaxMBps"));
        if (f.containsKey("plainTcpLoopbackMBps")) {
            out.printf("%-28s %s MB/s%n", "plain TCP loopback copy", f.get("plainTcpLoopbackMBps"));
        }
        if (result.containsKey("fakePypi")) {
            out.printf("%-28s %s new versions%n", "fake PyPI published",
                    ((Map<String, Object>) result.get("fakePypi")).get("versions"));
        }
        if ((long) result.get("accessRecords") > 0) {
            out.printf("%-28s %s%n", "access records sent", result.get("accessRecords"));
        }
        Map<String, Object> m = (Map<String, Object>) result.get("master");
        if (m != null) {
            out.printf("%-28s %s %% of a core%n", "master CPU", m.get("cpuPercent"));
            out.printf("%-28s %s MB before, %s MB peak, %s MB at the end%n", "master RSS",
                    m.get("rssBeforeMB"), m.get("rssPeakMB"), m.get("rssEndMB"));
        }
        Map<String, Long> errors = (Map<String, Long>) result.get("errors");
        out.printf("%-28s %s%n", "errors", errors.isEmpty() ? "none" : errors);
        if (result.get("failure") != null) {
            out.printf("%-28s %s%n", "FAILED", result.get("failure"));
        }
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** The master's CPU and memory over the measured part of the run. */
    record MasterSample(long pid, double cpuSeconds, double seconds, long rssBeforeKb, long rssPeakKb, long rssEndKb) {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", pid);
            m.put("cpuSeconds", round(cpuSeconds));
            m.put("cpuPercent", round(seconds > 0 ? 100 * cpuSeconds / seconds : 0));
            m.put("rssBeforeMB", round(rssBeforeKb / 1024.0));
            m.put("rssPeakMB", round(rssPeakKb / 1024.0));
            m.put("rssEndMB", round(rssEndKb / 1024.0));
            return m;
        }
    }
}
