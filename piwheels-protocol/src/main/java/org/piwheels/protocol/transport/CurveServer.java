package org.piwheels.protocol.transport;

import java.io.IOException;
import java.nio.file.Path;
import org.zeromq.ZMQ;

/**
 * The server side of CURVE: the master's key pair and the allow-list of client keys.
 * {@link #secure} makes a socket a CURVE server whose peers are checked against the
 * allow-list by the transport's {@link ZapHandler}; a plaintext peer, a peer that does
 * not know the server's public key and a peer whose key is not in the list all fail
 * the handshake and never reach the socket.
 */
public final class CurveServer {
    /** The ZAP domain of sockets secured with this class. */
    public static final String DOMAIN = "piwheels-curve";

    private final CurveCertificate keys;
    private final CurveAllowList allowed;

    /**
     * @param keys    the server's key pair (with its secret key)
     * @param allowed the clients accepted
     */
    public CurveServer(CurveCertificate keys, CurveAllowList allowed) {
        if (!keys.hasSecret()) {
            throw new IllegalArgumentException("a CURVE server needs its secret key");
        }
        this.keys = keys;
        this.allowed = allowed;
    }

    /**
     * Reads the server's secret certificate and checks the allow-list directory.
     *
     * @throws IOException with a message naming the file or directory at fault
     */
    public static CurveServer load(Path secretCertificate, Path allowDirectory) throws IOException {
        return new CurveServer(CurveCertificate.readSecret(secretCertificate), new CurveAllowList(allowDirectory));
    }

    /** @return the server's certificate */
    public CurveCertificate keys() {
        return keys;
    }

    /** @return the allow-list */
    public CurveAllowList allowed() {
        return allowed;
    }

    /**
     * Makes a socket of this transport a CURVE server; call before binding it.
     *
     * @param transport the socket's transport, whose ZAP handler checks the peers
     * @param socket    the socket
     */
    public <T extends QueueSocket> T secure(Transport transport, T socket) {
        transport.zapHandler().policy(DOMAIN, allowed);
        ZMQ.Socket s = socket.zmq();
        s.setZapDomain(DOMAIN);
        s.setCurveSecretKey(keys.secretKey());
        s.setCurvePublicKey(keys.publicKey());
        if (!s.setCurveServer(true)) {
            throw new IllegalStateException("JeroMQ refused to make the socket a CURVE server");
        }
        return socket;
    }
}
