package org.piwheels.protocol.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** A socket carrying raw multi-frame messages, for queues the typed sockets do not model. */
public final class RawSocket extends QueueSocket {
    private final SocketType type;

    RawSocket(ZContext context, ZMQ.Socket socket, SocketType type) {
        super(context, socket);
        this.type = type;
    }

    /** @return the socket type */
    public SocketType type() {
        return type;
    }

    /** Sends the frames as one message. */
    public boolean send(byte[]... frames) {
        for (int i = 0; i < frames.length - 1; i++) {
            if (!socket.sendMore(frames[i])) {
                return false;
            }
        }
        return socket.send(frames[frames.length - 1], 0);
    }

    /** Sends the frames as one message. */
    public boolean send(List<byte[]> frames) {
        return send(frames.toArray(new byte[0][]));
    }

    /** Waits for a message and returns its frames. */
    public List<byte[]> recv() {
        List<byte[]> frames = new ArrayList<>(4);
        do {
            frames.add(socket.recv(0));
        } while (socket.hasReceiveMore());
        return frames;
    }

    /** @return the frames of a message, or {@code null} if none arrived in time */
    public List<byte[]> recv(Duration timeout) {
        return poll(timeout) ? recv() : null;
    }
}
