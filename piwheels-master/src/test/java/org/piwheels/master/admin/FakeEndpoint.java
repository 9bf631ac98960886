package org.piwheels.master.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * A stand-in for another master task in tests: a REP (answering with a function)
 * or PULL socket on its own thread that records every message it receives, and
 * also writes a line for each into a shared journal so tests can check the order
 * of requests across queues.
 *
 * @param <R> what it receives
 */
public final class FakeEndpoint<R extends Message> implements AutoCloseable {
    private final BlockingQueue<R> received = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    private <S extends Message> FakeEndpoint(Transport transport, SocketType type, Protocol<S, R> protocol,
                                             String address, Function<R, S> answer, String label, Journal journal) {
        CountDownLatch bound = new CountDownLatch(1);
        thread = new Thread(() -> {
            try (MessageSocket<S, R> socket = transport.socket(type, protocol)) {
                socket.linger(Duration.ZERO);
                socket.bind(address);
                bound.countDown();
                while (running) {
                    R request;
                    try {
                        request = socket.recv(Duration.ofMillis(100));
                    } catch (ProtocolException e) {
                        throw new IllegalStateException(e);
                    }
                    if (request == null) {
                        continue;
                    }
                    journal.add(label, request);
                    S reply = answer == null ? null : answer.apply(request);
                    received.add(request);
                    if (reply != null) {
                        socket.send(reply);
                    }
                }
            } catch (ProtocolException e) {
                throw new IllegalStateException(e);
            }
        }, "fake-" + label);
        thread.setDaemon(true);
        thread.start();
        try {
            bound.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A REP endpoint that answers every request with {@code answer(request)}. */
    public static <S extends Message, R extends Message> FakeEndpoint<R> replying(
            Transport transport, Protocol<S, R> protocol, String address, Function<R, S> answer,
            String label, Journal journal) {
        return new FakeEndpoint<>(transport, SocketType.REP, protocol, address, answer, label, journal);
    }

    /** A PULL endpoint. */
    public static <R extends Message> FakeEndpoint<R> pulling(
            Transport transport, Protocol<NoMessage, R> protocol, String address, String label, Journal journal) {
        return new FakeEndpoint<>(transport, SocketType.PULL, protocol, address, null, label, journal);
    }

    /** @return the next message received, waiting up to {@code timeout}, or null */
    public R next(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the messages received so far, removing them */
    public List<R> drain() {
        List<R> all = new ArrayList<>();
        received.drainTo(all);
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
