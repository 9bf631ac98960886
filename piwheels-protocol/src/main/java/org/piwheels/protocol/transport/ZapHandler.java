package org.piwheels.protocol.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The ZAP handler of one {@link Transport}: a thread answering the authentication
 * requests that ZeroMQ makes, on {@code inproc://zeromq.zap.01}, for every connection
 * to a socket of the transport that uses CURVE or PLAIN or has a ZAP domain. Each
 * domain has its {@link ZapPolicy}; a request for a domain without one is refused, so a
 * socket secured before its policy is known refuses everybody rather than letting
 * anybody in. Get it with {@link Transport#zapHandler()}, which starts it before any
 * secured socket exists.
 */
public final class ZapHandler implements AutoCloseable {
    /** Where ZeroMQ sends authentication requests. */
    public static final String ENDPOINT = "inproc://zeromq.zap.01";
    private static final Logger LOG = LoggerFactory.getLogger("transport.zap");
    private static final byte[] VERSION = "1.0".getBytes(StandardCharsets.US_ASCII);

    private final ZContext context;
    private final Map<String, ZapPolicy> policies = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Thread thread;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile RuntimeException startFailure;

    ZapHandler(ZContext context) {
        this.context = context;
        this.thread = new Thread(this::run, "zap-handler");
        thread.setDaemon(true);
        thread.start();
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the ZAP handler", e);
        }
        if (startFailure != null) {
            throw startFailure;
        }
    }

    /** Sets the policy of a domain (replacing any earlier one). */
    public void policy(String domain, ZapPolicy policy) {
        policies.put(domain, policy);
    }

    /** @return how many handshakes were accepted so far */
    public long accepted() {
        return accepted.get();
    }

    /** @return how many handshakes were refused so far */
    public long refused() {
        return refused.get();
    }

    private void run() {
        ZMQ.Socket socket;
        try {
            socket = context.createSocket(SocketType.REP);
            socket.setLinger(0);
            if (!socket.bind(ENDPOINT)) {
                throw new IllegalStateException("cannot bind " + ENDPOINT);
            }
        } catch (RuntimeException e) {
            startFailure = e;
            ready.countDown();
            return;
        }
        ready.countDown();
        try (ZMQ.Poller poller = context.createPoller(1)) {
            poller.register(socket, ZMQ.Poller.POLLIN);
            while (!stopping) {
                if (poller.poll(200) <= 0 || !poller.pollin(0)) {
                    continue;
                }
                List<byte[]> request = new ArrayList<>(8);
                do {
                    request.add(socket.recv(0));
                } while (socket.hasReceiveMore());
                reply(socket, request);
            }
        } catch (RuntimeException e) {
            if (!stopping) {
                LOG.error("ZAP handler failed; secured queues now refuse every peer", e);
            }
        } finally {
            context.destroySocket(socket);
        }
    }

    /** Answers one request: {@code [version, id, domain, address, identity, mechanism, credentials…]}. */
    private void reply(ZMQ.Socket socket, List<byte[]> request) {
        byte[] requestId = request.size() > 1 ? request.get(1) : new byte[0];
        String status = "400";
        String text = "refused";
        String user = "";
        if (request.size() >= 6 && "1.0".equals(ascii(request.get(0)))) {
            String domain = ascii(request.get(2));
            String address = ascii(request.get(3));
            String mechanism = ascii(request.get(5));
            ZapPolicy policy = policies.get(domain);
            String granted = null;
            if (policy == null) {
                LOG.warn("refused a {} handshake from {}: no policy for ZAP domain '{}'", mechanism, address, domain);
            } else {
                try {
                    granted = policy.authenticate(mechanism, request.subList(6, request.size()), address);
                } catch (RuntimeException e) {
                    LOG.error("ZAP policy of domain '{}' failed; refusing {}", domain, address, e);
                }
            }
            if (granted != null) {
                status = "200";
                text = "OK";
                user = granted;
                accepted.incrementAndGet();
            } else {
                refused.incrementAndGet();
            }
        } else {
            refused.incrementAndGet();
            LOG.warn("refused a malformed ZAP request of {} frames", request.size());
        }
        socket.sendMore(VERSION);
        socket.sendMore(requestId);
        socket.sendMore(status);
        socket.sendMore(text);
        socket.sendMore(user);
        socket.send(new byte[0], 0);
    }

    private static String ascii(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }

    /** Stops the thread (the transport does this before closing its context). */
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
