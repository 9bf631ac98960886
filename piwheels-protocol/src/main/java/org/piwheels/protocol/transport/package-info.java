/**
 * Typed piwheels queues over JeroMQ (protocol spec §2). A {@link org.piwheels.protocol.transport.Transport}
 * owns a ZeroMQ context and makes sockets bound to a {@link org.piwheels.protocol.Protocol}:
 * {@link org.piwheels.protocol.transport.MessageSocket} for single-frame patterns
 * (REQ, REP, PUSH, PULL, PUB, SUB), {@link org.piwheels.protocol.transport.RouterSocket}
 * for a ROUTER facing REQ clients, {@link org.piwheels.protocol.transport.FileTransferRouter}
 * and {@link org.piwheels.protocol.transport.FileTransferDealer} for the raw frames of
 * the file queue, and {@link org.piwheels.protocol.transport.Poller} to wait on several.
 *
 * <p>Every socket has IPv6 enabled, as in piwheels 0.23. Sockets are not
 * thread-safe: use each from one thread. Do not interrupt a thread blocked in a
 * socket call; JeroMQ then closes the socket's channel. Use timeouts instead.
 */
package org.piwheels.protocol.transport;
