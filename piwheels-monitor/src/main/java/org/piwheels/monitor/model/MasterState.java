package org.piwheels.monitor.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.piwheels.cli.TextFormats;
import org.piwheels.protocol.records.MasterHello;
import org.piwheels.protocol.records.MasterStats;

/** What the monitor knows of the master (components spec §8.3, §17.6). */
public final class MasterState {
    /** Silence after which the master's row shows an alert. */
    public static final Duration SILENCE_ALERT = Duration.ofSeconds(30);
    /** Temperature above which the master is flagged. */
    static final double MAX_TEMPERATURE = 70.0;
    /** The master row's Task column: 0.23 has nothing better to say. */
    public static final String STATUS = "Doing whatever the master does";

    private MasterHello hello;
    private final History<MasterStats> stats = new History<>(History.STATS_CAPACITY);
    private Instant lastSeen;

    /** Records its HELLO; the statistics history is replayed after it, so it starts afresh. */
    void hello(MasterHello h, Instant receivedAt) {
        hello = h;
        stats.clear();
        lastSeen = receivedAt;
    }

    void stats(MasterStats s, Instant receivedAt) {
        stats.add(s);
        lastSeen = receivedAt;
    }

    /** Every status message shows the master is alive. */
    void heard(Instant receivedAt) {
        lastSeen = receivedAt;
    }

    /**
     * Components spec §17.6: {@code ALERT} after 30 s of silence or when the latest
     * statistics show no downloads or builds in the last hour (beyond 0.23: the sum of
     * the per-ABI builds), short resources or a temperature above 70 °C.
     */
    public RowState state(Instant now) {
        return alerts(now).isEmpty() ? RowState.OKAY : RowState.ALERT;
    }

    /** @return why the master is in {@code ALERT}, in words (empty when it is not, and before its HELLO) */
    public List<String> alerts(Instant now) {
        List<String> out = new ArrayList<>();
        if (hello == null) {
            return out;
        }
        Duration silent = Duration.between(lastSeen, now);
        if (silent.compareTo(SILENCE_ALERT) > 0) {
            out.add("silent for " + TextFormats.timedelta(silent));
        }
        stats.latest().ifPresent(s -> {
            if (s.downloadsLastHour() == 0) {
                out.add("no downloads in the last hour");
            }
            if (s.buildsLastHour().values().stream().mapToLong(Long::longValue).sum() == 0) {
                out.add("no builds in the last hour");
            }
            out.addAll(Resources.shortages(s.diskSize(), s.diskFree(), s.memSize(), s.memFree(),
                    s.swapSize(), s.swapFree(), s.loadAverage(), s.cpuTemp(), MAX_TEMPERATURE));
        });
        return out;
    }

    /** @return its HELLO, or null before one arrived */
    public MasterHello hello() {
        return hello;
    }

    /** @return its host name, or "" before its HELLO */
    public String label() {
        return hello == null ? "" : hello.label();
    }

    /** @return when it started, or null before its HELLO */
    public Instant startTime() {
        return hello == null ? null : hello.startTime();
    }

    /** @return when the monitor last heard anything (local clock), or null */
    public Instant lastSeen() {
        return lastSeen;
    }

    /** @return its statistics, oldest first (up to 100) */
    public List<MasterStats> stats() {
        return stats.list();
    }
}
