package org.piwheels.protocol.messages;

import org.piwheels.protocol.Message;
import org.piwheels.protocol.Protocol;

/**
 * {@code cloud_gazer}: the PyPI follower and the admin handler (REQ) tell the slave
 * driver (REP) to drop deleted packages and versions from its queues (internal;
 * spec §6.7.2).
 */
public final class SkipProtocol {
    private SkipProtocol() {
    }

    /** A deletion to honour. */
    public sealed interface SkipRequest extends Message {
    }

    /** The reply. */
    public sealed interface SkipReply extends Message {
    }

    /** A version was deleted. @param packageName the package @param version the version */
    public record DelVer(String packageName, String version) implements SkipRequest {
    }

    /** A package was deleted. @param packageName the package */
    public record DelPkg(String packageName) implements SkipRequest {
    }

    /** Done. */
    public record Ok() implements SkipReply {
    }

    /** The slave driver's side. */
    public static final Protocol<SkipReply, SkipRequest> SLAVE_DRIVER =
            Protocol.of("cloud_gazer", SkipReply.class, SkipRequest.class);

    /** A requester's side. */
    public static final Protocol<SkipRequest, SkipReply> CLIENT = SLAVE_DRIVER.reverse();
}
