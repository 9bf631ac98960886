package org.piwheels.protocol.transport;

import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZMQ;

/**
 * The server side of ZeroMQ's PLAIN mechanism for the master's local admin queues: a
 * socket secured with {@link #secure} completes a handshake only with a client that
 * gives the {@link AdminSecret}'s user name and password. A client with other
 * credentials is refused by the transport's {@link ZapHandler}; a client with none
 * (the NULL mechanism, as piwheels 0.23's tools) fails the greeting, which a
 * {@link HandshakeWatch} sees. Either way the connection never reaches the socket:
 * nothing it sends arrives, and a subscriber receives nothing. Each refusal is logged
 * and reported to the listener.
 */
public final class PlainServer {
    /** The prefix of the ZAP domains of sockets secured with this class (one per queue). */
    public static final String DOMAIN = "piwheels-admin";
    private static final Logger LOG = LoggerFactory.getLogger("transport.zap");

    private final AdminSecret secret;
    private static final long LOG_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);

    private final BiConsumer<String, String> refused;
    /** Per queue: when a refusal was last logged, and how many came since. */
    private final java.util.Map<String, long[]> logged = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param secret  the credentials clients must give
     * @param refused told the queue's name and why, for every refused connection
     */
    public PlainServer(AdminSecret secret, BiConsumer<String, String> refused) {
        this.secret = secret;
        this.refused = refused;
    }

    /** @return the credentials */
    public AdminSecret secret() {
        return secret;
    }

    /**
     * Makes a socket of this transport a PLAIN server and watches its handshakes; call
     * before binding it.
     *
     * @param transport the socket's transport, whose ZAP handler checks the peers
     * @param socket    the socket
     * @param queue     its name in the log and to the listener, e.g. {@code control queue}
     */
    public <T extends QueueSocket> T secure(Transport transport, T socket, String queue) {
        String domain = DOMAIN + "/" + queue;
        transport.zapHandler().policy(domain, (mechanism, credentials, address) ->
                authenticate(queue, mechanism, credentials, address));
        ZMQ.Socket s = socket.zmq();
        s.setZapDomain(domain);
        if (!s.setPlainServer(true)) {
            throw new IllegalStateException("JeroMQ refused to make the socket a PLAIN server");
        }
        transport.watchHandshakes(socket, queue, why -> refused(queue, "a local client", why));
        return socket;
    }

    /**
     * Reports a refusal to the listener and logs it: the first of a queue at once, then
     * at most one line a minute with the count, so that a client retrying every 100 ms
     * (ZeroMQ reconnects by itself) cannot flood the log.
     */
    private void refused(String queue, String address, String why) {
        refused.accept(queue, why);
        long now = System.nanoTime();
        long[] state = logged.computeIfAbsent(queue, q -> new long[] {now - LOG_EVERY_NANOS, 0});
        synchronized (state) {
            state[1]++;
            if (now - state[0] >= LOG_EVERY_NANOS) {
                LOG.warn("refused a connection to the {} from {}: {}{}", queue, address, why,
                        state[1] > 1 ? " (" + state[1] + " refused since the last such line)" : "");
                state[0] = now;
                state[1] = 0;
            }
        }
    }

    private String authenticate(String queue, String mechanism, List<byte[]> credentials, String address) {
        if ("PLAIN".equals(mechanism) && credentials.size() == 2 && secret.matches(credentials.get(0), credentials.get(1))) {
            LOG.debug("accepted the admin credentials from {} on the {}", address, queue);
            return secret.user();
        }
        refused(queue, address, "PLAIN".equals(mechanism) ? "wrong user name or password" : "a " + mechanism + " client");
        return null;
    }
}
