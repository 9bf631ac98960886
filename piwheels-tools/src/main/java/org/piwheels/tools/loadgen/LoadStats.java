package org.piwheels.tools.loadgen;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulated slaves measured, shared by all of them: reply latency per
 * request type, builds completed, file transfers, and errors by kind. {@link #reset()}
 * starts the measurement afresh after a warm-up.
 */
final class LoadStats {
    /** The requests whose replies are timed, in the order the report lists them. */
    static final List<String> REQUESTS = List.of("HELLO", "IDLE", "BUSY", "BUILT", "SENT");

    private final Map<String, LatencyHistogram> latency = new LinkedHashMap<>();
    final LongAdder builds = new LongAdder();
    final LongAdder sleeps = new LongAdder();
    final LongAdder transfers = new LongAdder();
    final LongAdder transferBytes = new LongAdder();
    final LongAdder accessRecords = new LongAdder();
    /** Per transfer: bytes per second, kept in "microseconds" units of the histogram as kB/s. */
    final LatencyHistogram transferRate = new LatencyHistogram();
    /** Per wheel: bytes per second from the file queue's HELLO until the master's DONE to SENT (verified, published). */
    final LatencyHistogram publishRate = new LatencyHistogram();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    LoadStats() {
        REQUESTS.forEach(r -> latency.put(r, new LatencyHistogram()));
    }

    void reply(String request, long nanos) {
        latency.get(request).record(nanos / 1000);
    }

    void transfer(long bytes, long nanos) {
        transfers.increment();
        transferBytes.add(bytes);
        transferRate.record((long) (bytes / 1024.0 / Math.max(1e-9, nanos / 1e9)));
    }

    void published(long bytes, long nanos) {
        publishRate.record((long) (bytes / 1024.0 / Math.max(1e-9, nanos / 1e9)));
    }

    void error(String kind) {
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    Map<String, LatencyHistogram> latency() {
        return latency;
    }

    Map<String, Long> errors() {
        Map<String, Long> m = new java.util.TreeMap<>();
        errors.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    void reset() {
        latency.values().forEach(LatencyHistogram::reset);
        transferRate.reset();
        publishRate.reset();
        builds.reset();
        sleeps.reset();
        transfers.reset();
        transferBytes.reset();
        accessRecords.reset();
        errors.clear();
    }
}
