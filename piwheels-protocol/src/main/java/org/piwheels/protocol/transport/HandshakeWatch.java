package org.piwheels.protocol.transport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Watches a secured socket, through a ZeroMQ socket monitor, for connections dropped
 * before their security handshake began: a peer speaking another mechanism, such as
 * a piwheels 0.23 tool without credentials. Those never reach the {@link ZapHandler},
 * so this is the only place they can be seen. (Wrong credentials are refused, and
 * reported, by the ZAP policy instead.)
 *
 * <p>JeroMQ 0.6 reports no handshake-failure events, and its events cannot be matched
 * to one connection; a disconnection is taken for a refused greeting while some
 * accepted connection has not yet reached the handshake. A client leaving normally in
 * the very moment another one is connecting is therefore, rarely, miscounted; and a
 * connection whose handshake stalled (JeroMQ drops it after {@link Transport#HANDSHAKE_MS})
 * is counted too.
 * Made by {@link Transport#watchHandshakes}; the transport stops it before it closes.
 * It does not log the refusals: its listener decides.
 */
public final class HandshakeWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("transport.zap");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final int EVENTS = zmq.ZMQ.ZMQ_EVENT_ACCEPTED | zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_PROTOCOL
            | zmq.ZMQ.ZMQ_EVENT_DISCONNECTED;

    private final ZContext context;
    private final String endpoint;
    private final String name;
    private final Consumer<String> onFailure;
    private final AtomicLong failures = new AtomicLong();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean stopping;

    HandshakeWatch(ZContext context, ZMQ.Socket socket, String name, Consumer<String> onFailure) {
        this.context = context;
        this.name = name;
        this.onFailure = onFailure;
        this.endpoint = "inproc://handshake-watch-" + SEQUENCE.incrementAndGet();
        if (!socket.monitor(endpoint, EVENTS)) {
            throw new IllegalStateException("cannot monitor the handshakes of the " + name);
        }
        thread = new Thread(this::run, "handshake-watch-" + name);
        thread.setDaemon(true);
        thread.start();
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return how many connections were dropped before their handshake so far */
    public long failures() {
        return failures.get();
    }

    private void run() {
        ZMQ.Socket events = context.createSocket(SocketType.PAIR);
        int notGreeted = 0;
        try {
            events.setLinger(0);
            events.connect(endpoint);
            events.setReceiveTimeOut(200);
            ready.countDown();
            while (!stopping) {
                ZMQ.Event event = ZMQ.Event.recv(events);
                if (event == null) {
                    continue;
                }
                switch (event.getEvent()) {
                    case zmq.ZMQ.ZMQ_EVENT_ACCEPTED -> notGreeted++;
                    case zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_PROTOCOL -> notGreeted = Math.max(0, notGreeted - 1);
                    case zmq.ZMQ.ZMQ_EVENT_DISCONNECTED -> {
                        if (notGreeted > 0) {
                            notGreeted--;
                            failures.incrementAndGet();
                            onFailure.accept("no credentials, another security mechanism, or a handshake that never began");
                        }
                    }
                    default -> { }
                }
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                LOG.error("stopped watching the handshakes of the {}", name, e);
            }
        } finally {
            ready.countDown();
            context.destroySocket(events);
        }
    }

    /** Stops the thread. */
    @Override
    public void close() {
        stopping = true;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
