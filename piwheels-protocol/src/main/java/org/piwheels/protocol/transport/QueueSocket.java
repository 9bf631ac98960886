package org.piwheels.protocol.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * What every socket of a {@link Transport} can do: bind, connect, set its
 * high-water mark, wait for input, close.
 */
public abstract class QueueSocket implements AutoCloseable {
    /** The JeroMQ socket. */
    protected final ZMQ.Socket socket;
    private final ZContext context;
    private final List<String> inprocNames = new ArrayList<>(1);
    private ZMQ.Poller poller;
    private volatile boolean closed;

    QueueSocket(ZContext context, ZMQ.Socket socket) {
        this.context = context;
        this.socket = socket;
    }

    /** Binds to an address such as {@code tcp://*:5555} or {@code ipc:///tmp/piw-status}. */
    public QueueSocket bind(String address) {
        if (!socket.bind(address)) {
            throw new IllegalStateException("cannot bind " + address);
        }
        if (address.startsWith("inproc://")) {
            inprocNames.add(address);
        }
        return this;
    }

    /**
     * Binds to a free port of a TCP address without one ({@code tcp://127.0.0.1}).
     *
     * @return the port
     */
    public int bindToRandomPort(String address) {
        return socket.bindToRandomPort(address);
    }

    /** Connects to an address; ZeroMQ retries in the background until the peer is there. */
    public QueueSocket connect(String address) {
        if (!socket.connect(address)) {
            throw new IllegalStateException("cannot connect " + address);
        }
        return this;
    }

    /** Sets both high-water marks (messages queued per peer before sends block or drop). */
    public QueueSocket hwm(int messages) {
        socket.setSndHWM(messages);
        socket.setRcvHWM(messages);
        return this;
    }

    /** Sets how long {@link #close()} may keep trying to deliver queued messages. */
    public QueueSocket linger(Duration linger) {
        socket.setLinger((int) Math.min(Integer.MAX_VALUE, linger.toMillis()));
        return this;
    }

    /**
     * @return whether a message is already waiting, without polling (a turn of JeroMQ's
     *         poll costs more than handling a message, so a loop drains what waits first)
     */
    public boolean hasWaiting() {
        return (socket.getEvents() & ZMQ.Poller.POLLIN) != 0;
    }

    /**
     * Waits until a message can be received.
     *
     * @return whether one can, before the timeout
     */
    public boolean poll(Duration timeout) {
        if (hasWaiting()) {
            return true; // no need for JeroMQ's poll and its selector
        }
        if (poller == null) {
            poller = context.createPoller(1);
            poller.register(socket, ZMQ.Poller.POLLIN);
        }
        return poller.poll(Math.max(0, timeout.toMillis())) > 0 && poller.pollin(0);
    }

    /** @return the JeroMQ socket, for options this API does not cover */
    public ZMQ.Socket zmq() {
        return socket;
    }

    /** @return whether {@link #close()} was called */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (poller != null) {
                poller.close();
            }
            // JeroMQ 0.6 gives a closed socket's inproc names back only when its reaper gets to
            // it, which can take seconds or longer: a task restarted in the same process would
            // find its control name taken. Unbinding gives them back at once.
            for (String name : inprocNames) {
                socket.unbind(name);
            }
            context.destroySocket(socket);
        }
    }
}
