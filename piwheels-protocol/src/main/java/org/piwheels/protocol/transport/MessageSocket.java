package org.piwheels.protocol.transport;

import java.time.Duration;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.ProtocolException;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A socket whose every message is one CBOR frame of its {@link Protocol}: REQ, REP,
 * PUSH, PULL, PUB or SUB. Sends are validated before anything is written; received
 * frames are validated and a bad one surfaces as a {@link ProtocolException} after
 * being consumed, so the caller can log it and carry on.
 *
 * @param <S> what this side sends
 * @param <R> what this side receives
 */
public final class MessageSocket<S extends Message, R extends Message> extends QueueSocket {
    private final SocketType type;
    private final Protocol<S, R> protocol;

    MessageSocket(ZContext context, ZMQ.Socket socket, SocketType type, Protocol<S, R> protocol) {
        super(context, socket);
        this.type = type;
        this.protocol = protocol;
        if (type == SocketType.SUB) {
            socket.subscribe(new byte[0]);
        }
    }

    /** @return this socket's protocol */
    public Protocol<S, R> protocol() {
        return protocol;
    }

    /** @return the socket type */
    public SocketType type() {
        return type;
    }

    /**
     * Sends a message, blocking while the high-water mark is reached.
     *
     * @throws ProtocolException if the message is not valid; nothing is sent then
     */
    public void send(S message) throws ProtocolException {
        socket.send(protocol.encode(message), 0);
    }

    /**
     * Sends a message if it can be queued at once.
     *
     * @return whether it was queued
     * @throws ProtocolException if the message is not valid; nothing is sent then
     */
    public boolean trySend(S message) throws ProtocolException {
        return socket.send(protocol.encode(message), ZMQ.DONTWAIT);
    }

    /**
     * Waits for a message.
     *
     * @throws ProtocolException if the frame received is not a valid message
     */
    public R recv() throws ProtocolException {
        return protocol.decode(frame(socket.recv(0)));
    }

    /**
     * Waits at most {@code timeout} for a message.
     *
     * @return the message, or {@code null} if none arrived in time
     * @throws ProtocolException if the frame received is not a valid message
     */
    public R recv(Duration timeout) throws ProtocolException {
        if (!poll(timeout)) {
            return null;
        }
        return protocol.decode(frame(socket.recv(0)));
    }

    /** Reads one whole message; extra frames (never sent by piwheels peers) make it invalid. */
    private byte[] frame(byte[] first) throws ProtocolException {
        if (first == null) {
            throw new IllegalStateException("socket closed while receiving");
        }
        if (socket.hasReceiveMore()) {
            while (socket.hasReceiveMore()) {
                socket.recv(0);
            }
            throw new ProtocolException(protocol.name(), null, ProtocolException.Reason.INVALID_STRUCTURE,
                    "expected one frame");
        }
        return first;
    }

    /** Subscribes a SUB socket to a prefix (new SUB sockets already subscribe to everything). */
    public void subscribe(byte[] prefix) {
        socket.subscribe(prefix);
    }
}
