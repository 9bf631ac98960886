package org.piwheels.protocol.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.ProtocolException;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A ROUTER facing REQ clients (the slave and import queues). It receives
 * {@code [identity, empty, payload]} and replies with the same shape. Identities are
 * opaque byte strings of any length; anything but exactly three frames is rejected
 * (spec §2.2).
 *
 * @param <S> what this side sends
 * @param <R> what this side receives
 */
public final class RouterSocket<S extends Message, R extends Message> extends QueueSocket {
    private static final byte[] EMPTY = new byte[0];
    private static final int DEFAULT_SEND_TIMEOUT_MS = 1000;

    private final Protocol<S, R> protocol;
    private byte[] lastIdentity;

    RouterSocket(ZContext context, ZMQ.Socket socket, Protocol<S, R> protocol) {
        super(context, socket);
        this.protocol = protocol;
        // a reply to a peer that has gone is an error we want to see, not a silent drop
        socket.setRouterMandatory(true);
        // With ROUTER_MANDATORY a reply to a peer whose pipe is full (or, in JeroMQ 0.6, one
        // that closed before its reply) blocks; a server task must never wait on one peer, so
        // such a reply is dropped after a second, as a vanished peer's would be.
        socket.setSendTimeOut(DEFAULT_SEND_TIMEOUT_MS);
    }

    /** @return this socket's protocol */
    public Protocol<S, R> protocol() {
        return protocol;
    }

    /**
     * Waits for a request.
     *
     * @throws ProtocolException if the frames are not a valid request; {@link #lastIdentity()}
     *                           then names the peer (or is {@code null} if even that was missing)
     */
    public Addressed<R> recv() throws ProtocolException {
        List<byte[]> frames = new ArrayList<>(3);
        do {
            frames.add(socket.recv(0));
        } while (socket.hasReceiveMore());
        lastIdentity = frames.get(0);
        if (frames.size() != 3) {
            throw new ProtocolException(protocol.name(), null, ProtocolException.Reason.INVALID_STRUCTURE,
                    "expected 3 frames, got " + frames.size());
        }
        return new Addressed<>(lastIdentity, protocol.decode(frames.get(2)));
    }

    /**
     * Waits at most {@code timeout} for a request.
     *
     * @return the request, or {@code null} if none arrived in time
     * @throws ProtocolException as {@link #recv()}
     */
    public Addressed<R> recv(Duration timeout) throws ProtocolException {
        return poll(timeout) ? recv() : null;
    }

    /** @return the identity of the peer of the last frames received */
    public byte[] lastIdentity() {
        return lastIdentity;
    }

    /**
     * Sends a reply to a peer.
     *
     * @return {@code false} if the peer is not connected any more, or could not take the
     *         reply within the socket's send timeout (one second unless changed)
     * @throws ProtocolException if the message is not valid; nothing is sent then
     */
    public boolean send(byte[] identity, S message) throws ProtocolException {
        byte[] payload = protocol.encode(message);
        try {
            if (!socket.sendMore(identity)) {
                return false;
            }
            socket.sendMore(EMPTY);
            return socket.send(payload, 0);
        } catch (org.zeromq.ZMQException e) {
            // EHOSTUNREACH with ROUTER_MANDATORY: the peer went away
            return false;
        }
    }
}
