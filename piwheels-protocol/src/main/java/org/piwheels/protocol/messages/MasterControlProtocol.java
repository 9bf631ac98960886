package org.piwheels.protocol.messages;

import org.piwheels.protocol.Message;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.Nullable;
import org.piwheels.protocol.Protocol;

/**
 * {@code master_control}: monitors (PUSH) steer the master (PULL, default
 * {@code ipc:///tmp/piw-control}); master tasks also send {@code QUIT} here when
 * they fail (spec §6.5, §7.5). In every action taking a slave id, {@code null}
 * means all slaves (or, for SLEEP and WAKE, the whole master).
 */
public final class MasterControlProtocol {
    private MasterControlProtocol() {
    }

    /** A control request. */
    public sealed interface ControlRequest extends Message {
    }

    /** A monitor attached: publish the master's hello and replay the state. */
    public record Hello() implements ControlRequest {
    }

    /** Terminate slave(s) at their next IDLE. @param slaveId a slave, or null for all */
    public record Kill(@Nullable Long slaveId) implements ControlRequest {
    }

    /** Abandon the current build of slave(s). @param slaveId a slave, or null for all */
    public record Skip(@Nullable Long slaveId) implements ControlRequest {
    }

    /** Pause the master (null) or a slave. @param slaveId a slave, or null for the master */
    public record Sleep(@Nullable Long slaveId) implements ControlRequest {
    }

    /** Resume the master (null) or a slave. @param slaveId a slave, or null for the master */
    public record Wake(@Nullable Long slaveId) implements ControlRequest {
    }

    /** Shut the master down. */
    public record Quit() implements ControlRequest {
    }

    /** The master's side: receives only. */
    public static final Protocol<NoMessage, ControlRequest> MASTER =
            Protocol.of("master_control", NoMessage.class, ControlRequest.class);

    /** A monitor's (or a failing task's) side: sends only. */
    public static final Protocol<ControlRequest, NoMessage> MONITOR = MASTER.reverse();
}
