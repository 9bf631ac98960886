package org.piwheels.protocol.transport;

import java.util.List;

/**
 * Decides whether a peer may complete its ZeroMQ handshake on the sockets of one ZAP
 * domain (ZeroMQ RFC 27).
 */
@FunctionalInterface
public interface ZapPolicy {
    /**
     * @param mechanism   {@code NULL}, {@code PLAIN} or {@code CURVE}
     * @param credentials the mechanism's credentials: none for NULL, the user name and
     *                    password for PLAIN, the client's 32-byte public key for CURVE
     * @param address     the peer's address, for the log
     * @return the user id to grant, or {@code null} to refuse the peer
     */
    String authenticate(String mechanism, List<byte[]> credentials, String address);
}
