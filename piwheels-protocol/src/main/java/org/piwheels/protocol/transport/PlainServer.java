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
    private final BiConsumer<String, String> refused;

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
        transport.watchHandshakes(socket, queue, why -> refused.accept(queue, why));
        return socket;
    }

    private String authenticate(String queue, String mechanism, List<byte[]> credentials, String address) {
        if ("PLAIN".equals(mechanism) && credentials.size() == 2 && secret.matches(credentials.get(0), credentials.get(1))) {
            LOG.debug("accepted the admin credentials from {} on the {}", address, queue);
            return secret.user();
        }
        String why = "PLAIN".equals(mechanism) ? "wrong user name or password" : "a " + mechanism + " client";
        LOG.warn("refused a connection to the {} from {}: {}", queue, address, why);
        refused.accept(queue, why);
        return null;
    }
}
