package org.piwheels.protocol.messages;

import org.piwheels.protocol.Message;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.SlaveHello;
import org.piwheels.protocol.records.SlaveStats;

/**
 * {@code slave_driver}: build slaves (REQ) and the master (ROUTER, default
 * {@code tcp://*:5555}), strict request and reply (spec §6.1, §7.1).
 */
public final class SlaveDriverProtocol {
    private SlaveDriverProtocol() {
    }

    /** What a slave sends. */
    public sealed interface SlaveRequest extends Message {
    }

    /** What the master answers. */
    public sealed interface MasterReply extends Message {
    }

    /** First message on every connection. @param hello the slave's description */
    public record Hello(SlaveHello hello) implements SlaveRequest {
    }

    /** Ready for work. @param stats the slave's health */
    public record Idle(SlaveStats stats) implements SlaveRequest {
    }

    /** Still building. @param stats the slave's health */
    public record Busy(SlaveStats stats) implements SlaveRequest {
    }

    /** The build finished. @param result its outcome */
    public record Built(BuildResult result) implements SlaveRequest {
    }

    /** The requested file has been transferred. */
    public record Sent() implements SlaveRequest {
    }

    /** The slave is terminating; gets no reply. */
    public record Bye() implements SlaveRequest {
    }

    /**
     * Accepted.
     *
     * @param slaveId  the id the master gave the slave
     * @param indexUrl the index the slave must build from
     */
    public record Ack(long slaveId, String indexUrl) implements MasterReply {
    }

    /** Nothing to do. @param paused {@code true} if the master is paused, {@code false} if nothing is queued */
    public record Sleep(boolean paused) implements MasterReply {
    }

    /**
     * Build this.
     *
     * @param packageName the package
     * @param version     the version
     */
    public record Build(String packageName, String version) implements MasterReply {
    }

    /** Carry on building. */
    public record Cont() implements MasterReply {
    }

    /** Transfer this file over the file queue. @param filename one of the files named in {@code BUILT} */
    public record Send(String filename) implements MasterReply {
    }

    /** Discard the build. */
    public record Done() implements MasterReply {
    }

    /** Terminate. */
    public record Die() implements MasterReply {
    }

    /** The master's side: receives requests, sends replies. */
    public static final Protocol<MasterReply, SlaveRequest> MASTER =
            Protocol.of("slave_driver", MasterReply.class, SlaveRequest.class);

    /** A slave's side. */
    public static final Protocol<SlaveRequest, MasterReply> SLAVE = MASTER.reverse();
}
