package org.piwheels.monitor.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.piwheels.cli.TextFormats;
import org.piwheels.protocol.codec.Codecs;
import org.piwheels.protocol.records.SlaveHello;
import org.piwheels.protocol.records.SlaveStats;

/**
 * What the monitor knows of one build slave, built from the master's {@code SLAVE}
 * status messages (components spec §8.3, §17.6). Timestamps are the master's.
 */
public final class SlaveState {
    /** Temperature above which a slave is flagged. */
    static final double MAX_TEMPERATURE = 78.0;
    /** How many recent builds the detail view can show. */
    static final int RECENT_BUILDS = 20;

    private final long id;
    private SlaveHello hello;
    private final History<SlaveStats> stats = new History<>(History.STATS_CAPACITY);
    private final History<BuildRecord> builds = new History<>(RECENT_BUILDS);
    private String lastMessage = "";
    private String status = "";
    private Instant firstSeen;
    private Instant lastSeen;
    private Instant buildStart;
    private Duration clockSkew;
    private boolean gone;

    /** @param id the slave's id, as the master numbered it */
    public SlaveState(long id) {
        this.id = id;
    }

    /**
     * Applies one {@code SLAVE} message.
     *
     * @throws org.piwheels.protocol.codec.InvalidDataException if a HELLO or STATS
     *         carries data that is not a slave hello or slave statistics record
     */
    void apply(Instant timestamp, String message, Object data) {
        // decode first, so a malformed message changes nothing
        SlaveHello newHello = message.equals("HELLO") ? Codecs.forRecord(SlaveHello.class).read(data) : null;
        SlaveStats newStats = message.equals("STATS") ? Codecs.forRecord(SlaveStats.class).read(data) : null;
        lastMessage = message;
        lastSeen = timestamp;
        switch (message) {
            case "HELLO" -> {
                hello = newHello;
                firstSeen = timestamp;
                status = "Initializing";
                stats.clear(); // a replay follows with the stored history
            }
            case "STATS" -> {
                stats.add(newStats);
                clockSkew = Duration.between(newStats.timestamp(), timestamp);
            }
            // SLEEP true: the master or this slave is paused; false: nothing queued for its ABI
            case "SLEEP" -> status = Boolean.TRUE.equals(data) ? "Paused" : "Waiting for jobs";
            case "BUILD" -> startBuild(timestamp, data);
            case "SEND" -> status = "Transferring file";
            case "DONE" -> {
                status = "Cleaning up after build";
                finishBuild(timestamp);
            }
            case "DIE" -> {
                // the master sends NoData when it told the slave to die, null when it dropped it as silent
                status = "Terminating";
                gone = true;
                finishBuild(timestamp);
            }
            default -> {
                // ACK and anything newer than 0.23 leave the status as it is
            }
        }
    }

    private void startBuild(Instant timestamp, Object data) {
        String pkg = "?";
        String version = "?";
        if (data instanceof List<?> pair && pair.size() == 2) {
            pkg = String.valueOf(pair.get(0));
            version = String.valueOf(pair.get(1));
        }
        status = "Building " + pkg + " " + version;
        BuildRecord current = builds.latest().orElse(null);
        if (current != null && current.inProgress() && current.packageName().equals(pkg)
                && current.version().equals(version)) {
            return; // a replay of the build we already know: keep its real start
        }
        buildStart = timestamp;
        builds.add(new BuildRecord(pkg, version, timestamp, null));
    }

    private void finishBuild(Instant timestamp) {
        buildStart = null;
        builds.latest().filter(BuildRecord::inProgress).ifPresent(b -> builds.replaceLast(b.finishedAt(timestamp)));
    }

    /**
     * The health rules of components spec §17.6: silence beyond the busy timeout is
     * {@code DEAD}, beyond half of it {@code ALERT}; then short resources; then what the
     * slave is doing.
     */
    public RowState state(Instant now) {
        if (hello != null && lastSeen != null) {
            if (Duration.between(lastSeen, now).compareTo(hello.busyTimeout()) > 0) {
                return RowState.DEAD;
            }
            if (!alerts(now).isEmpty()) {
                return RowState.ALERT;
            }
        }
        if (gone) {
            return RowState.DEAD;
        }
        if (lastMessage.equals("DONE")) {
            return RowState.CLEANING;
        }
        if (lastMessage.equals("SEND")) {
            return RowState.SENDING;
        }
        if (buildStart != null) {
            return RowState.BUILDING;
        }
        return RowState.IDLE;
    }

    /**
     * @return why the slave needs a look, in words: silent for more than half its busy
     *         timeout (unless gone), resources running short; empty before its HELLO
     */
    public List<String> alerts(Instant now) {
        List<String> out = new ArrayList<>();
        if (hello == null || lastSeen == null) {
            return out;
        }
        if (isLate(now)) {
            out.add("silent for " + TextFormats.timedelta(Duration.between(lastSeen, now)));
        }
        stats.latest().ifPresent(s -> out.addAll(Resources.shortages(s.diskSize(), s.diskFree(), s.memSize(),
                s.memFree(), s.swapSize(), s.swapFree(), s.loadAverage(), s.cpuTemp(), MAX_TEMPERATURE)));
        return out;
    }

    /** @return whether the slave has been silent for more than half its busy timeout (and is not gone) */
    public boolean isLate(Instant now) {
        if (gone || hello == null || lastSeen == null) {
            return false;
        }
        return Duration.between(lastSeen, now).compareTo(hello.busyTimeout().dividedBy(2)) > 0;
    }

    /** @return the slave's id */
    public long id() {
        return id;
    }

    /** @return its HELLO, or null before one arrived */
    public SlaveHello hello() {
        return hello;
    }

    /** @return its label, or "" before its HELLO */
    public String label() {
        return hello == null ? "" : hello.label();
    }

    /** @return its ABI, or "-" before its HELLO */
    public String abi() {
        return hello == null ? "-" : hello.nativeAbi();
    }

    /** @return its statistics, oldest first (up to 100) */
    public List<SlaveStats> stats() {
        return stats.list();
    }

    /** @return its recent builds, oldest first */
    public List<BuildRecord> builds() {
        return builds.list();
    }

    /** @return the status text of the list's Task column */
    public String status() {
        return status;
    }

    /** @return the last message about it (a reply, HELLO or STATS) */
    public String lastMessage() {
        return lastMessage;
    }

    /** @return when the master first met it, or null */
    public Instant firstSeen() {
        return firstSeen;
    }

    /** @return when the master last heard from it, or null */
    public Instant lastSeen() {
        return lastSeen;
    }

    /** @return when its current build started, or null when not building */
    public Instant buildStart() {
        return buildStart;
    }

    /** @return the master's clock minus the slave's at its last report, or null */
    public Duration clockSkew() {
        return clockSkew;
    }

    /** @return whether the master said it is gone ({@code DIE}) */
    public boolean isGone() {
        return gone;
    }
}
