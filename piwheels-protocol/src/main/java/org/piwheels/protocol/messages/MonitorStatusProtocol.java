package org.piwheels.protocol.messages;

import java.time.Instant;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.Nullable;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.records.MasterHello;
import org.piwheels.protocol.records.MasterStats;

/**
 * {@code monitor_stats}: the master (PUB, default {@code ipc:///tmp/piw-status})
 * tells monitors (SUB) what it and its slaves are doing (spec §6.6).
 */
public final class MonitorStatusProtocol {
    private MonitorStatusProtocol() {
    }

    /** A status report. */
    public sealed interface StatusMessage extends Message {
    }

    /** The master's description. @param hello it */
    public record Hello(MasterHello hello) implements StatusMessage {
    }

    /** The master's statistics. @param stats them */
    public record Stats(MasterStats stats) implements StatusMessage {
    }

    /**
     * What the master did with a slave.
     *
     * @param slaveId   the slave
     * @param timestamp first contact (for HELLO) or last contact
     * @param message   {@code HELLO}, {@code STATS}, or the reply sent: {@code ACK},
     *                  {@code SLEEP}, {@code BUILD}, {@code SEND}, {@code DONE}, {@code DIE}
     * @param data      that message's data: a record (sent as an array), a value, the
     *                  {@link org.piwheels.protocol.cbor.NoData} marker, or {@code null}
     *                  for a slave dropped as silent
     */
    public record Slave(long slaveId, Instant timestamp, String message, @Nullable Object data)
            implements StatusMessage {
    }

    /** The master's side: sends only. */
    public static final Protocol<StatusMessage, NoMessage> MASTER =
            Protocol.of("monitor_stats", StatusMessage.class, NoMessage.class);

    /** A monitor's side: receives only. */
    public static final Protocol<NoMessage, StatusMessage> MONITOR = MASTER.reverse();
}
