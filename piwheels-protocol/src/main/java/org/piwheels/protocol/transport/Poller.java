package org.piwheels.protocol.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** Waits until one or more sockets have a message to receive. Not thread-safe. */
public final class Poller implements AutoCloseable {
    private final ZMQ.Poller poller;
    private final List<QueueSocket> sockets = new ArrayList<>();
    private final List<Integer> indexes = new ArrayList<>();

    Poller(ZContext context) {
        this.poller = context.createPoller(4);
    }

    /** Adds a socket to wait on. */
    public Poller register(QueueSocket socket) {
        indexes.add(poller.register(socket.zmq(), ZMQ.Poller.POLLIN));
        sockets.add(socket);
        return this;
    }

    /** Removes a socket. */
    public void unregister(QueueSocket socket) {
        int i = sockets.indexOf(socket);
        if (i >= 0) {
            poller.unregister(socket.zmq());
            sockets.remove(i);
            indexes.remove(i);
        }
    }

    /**
     * Waits at most {@code timeout}.
     *
     * @return the sockets with a message waiting, in registration order (empty on timeout)
     */
    public List<QueueSocket> poll(Duration timeout) {
        int n = poller.poll(Math.max(0, timeout.toMillis()));
        List<QueueSocket> ready = new ArrayList<>(Math.max(0, n));
        if (n > 0) {
            for (int i = 0; i < sockets.size(); i++) {
                if (poller.pollin(indexes.get(i))) {
                    ready.add(sockets.get(i));
                }
            }
        }
        return ready;
    }

    @Override
    public void close() {
        poller.close();
    }
}
