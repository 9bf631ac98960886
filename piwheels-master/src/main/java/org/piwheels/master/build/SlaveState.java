package org.piwheels.master.build;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.piwheels.protocol.cbor.NoData;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Slave;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Ack;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Built;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Busy;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Cont;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Idle;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sleep;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.records.SlaveHello;
import org.piwheels.protocol.records.SlaveStats;
import org.slf4j.Logger;

/**
 * What the master knows about one build slave (spec components §17.3): its hello,
 * contact times, last request and reply, current build, recent statistics and the
 * monitor's flags. Recording requests and replies returns the {@code SLAVE} status
 * messages the monitors must see.
 */
final class SlaveState {
    /** Statistics records kept for monitors that attach later. */
    static final int HISTORY = 100;

    private final long id;
    private final byte[] identity;
    private final SlaveHello hello;
    private int hellos;
    private final Instant firstSeen;
    private final Deque<SlaveStats> stats = new ArrayDeque<>();
    private Instant lastSeen;
    private SlaveRequest lastRequest;
    private MasterReply lastReply;
    private SlaveBuild build;
    private Duration clockSkew;
    private boolean killed;
    private boolean skipped;
    private boolean paused;

    SlaveState(long id, byte[] identity, SlaveHello hello, Instant now) {
        this.id = id;
        this.identity = identity.clone();
        this.hello = hello;
        this.firstSeen = now;
        this.lastSeen = now;
    }

    long id() {
        return id;
    }

    byte[] identity() {
        return identity.clone();
    }

    SlaveHello hello() {
        return hello;
    }

    Instant lastSeen() {
        return lastSeen;
    }

    SlaveRequest lastRequest() {
        return lastRequest;
    }

    MasterReply lastReply() {
        return lastReply;
    }

    SlaveBuild build() {
        return build;
    }

    Duration clockSkew() {
        return clockSkew;
    }

    boolean killed() {
        return killed;
    }

    boolean skipped() {
        return skipped;
    }

    boolean paused() {
        return paused;
    }

    /** Counts a HELLO on this connection. @return how many it has said, this one included */
    int helloAgain() {
        return ++hellos;
    }

    /** @return "slave <id> (<label>)", how log lines name a slave */
    String label() {
        return "slave " + id + " (" + hello.label() + ")";
    }

    /**
     * Records a request: updates the last contact, keeps statistics, and turns a
     * {@code BUILT} that follows a {@code BUILD} into the current build.
     *
     * @return the status messages to publish (STATS for IDLE and BUSY)
     */
    List<Slave> recordRequest(SlaveRequest request, Instant now, Logger log) {
        lastSeen = now;
        lastRequest = request;
        SlaveStats s = request instanceof Idle idle ? idle.stats() : request instanceof Busy busy ? busy.stats() : null;
        if (s != null) {
            if (stats.size() == HISTORY) {
                stats.removeFirst();
            }
            stats.addLast(s);
            clockSkew = Duration.between(s.timestamp(), now);
            return List.of(new Slave(id, lastSeen, "STATS", s));
        }
        if (request instanceof Built built) {
            if (lastReply instanceof Build b) {
                build = SlaveBuild.from(id, b.packageName(), b.version(), hello.nativeAbi(), built.result(), log);
                if (build.rejection() != null) {
                    log.error("{}: inconsistent build of {} {}: {}", label(), b.packageName(), b.version(),
                            build.rejection());
                }
            } else {
                build = null;
            }
        }
        return List.of();
    }

    /**
     * Records the reply chosen for the slave. CONT is neither kept nor published;
     * DONE ends the build and clears the skip flag; a new BUILD clears it too (so
     * skipping an idle slave does not abort its next build, a 0.23 quirk); ACK
     * publishes the whole replay.
     *
     * @return the status messages to publish
     */
    List<Slave> recordReply(MasterReply reply) {
        if (reply instanceof Cont) {
            return List.of();
        }
        lastReply = reply;
        if (reply instanceof Done) {
            build = null;
            skipped = false;
        } else if (reply instanceof Build) {
            skipped = false;
        }
        return reply instanceof Ack ? replay() : List.of(lastReplyStatus());
    }

    /** @return HELLO, the kept STATS and the last reply, for a monitor that just attached */
    List<Slave> replay() {
        List<Slave> out = new ArrayList<>(stats.size() + 2);
        out.add(new Slave(id, firstSeen, "HELLO", hello));
        for (SlaveStats s : stats) {
            out.add(new Slave(id, lastSeen, "STATS", s));
        }
        if (lastReply != null) {
            out.add(lastReplyStatus());
        }
        return out;
    }

    private Slave lastReplyStatus() {
        return new Slave(id, lastSeen, SlaveDriverProtocol.MASTER.actionOf(lastReply), data(lastReply));
    }

    private static Object data(MasterReply reply) {
        if (reply instanceof Ack a) {
            return List.of(a.slaveId(), a.indexUrl());
        } else if (reply instanceof Sleep s) {
            return s.paused();
        } else if (reply instanceof Build b) {
            return List.of(b.packageName(), b.version());
        } else if (reply instanceof Send s) {
            return s.filename();
        }
        return NoData.INSTANCE; // DONE and DIE carry the no-data marker
    }

    /** @return the DIE a monitor sees when the master drops the slave after its silence (data null) */
    Slave expiredStatus() {
        return new Slave(id, lastSeen, "DIE", null);
    }

    /** @return whether nothing was heard from the slave for longer than its busy timeout */
    boolean expired(Instant now) {
        return Duration.between(lastSeen, now).compareTo(hello.busyTimeout()) > 0;
    }

    void kill() {
        killed = true;
    }

    void skip() {
        skipped = true;
    }

    void sleep() {
        paused = true;
    }

    /** Clears the killed, skipped and paused flags. */
    void wake() {
        killed = false;
        skipped = false;
        paused = false;
    }

    @Override
    public String toString() {
        return label() + " at " + HexFormat.of().formatHex(identity);
    }
}
