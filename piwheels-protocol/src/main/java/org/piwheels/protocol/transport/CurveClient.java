package org.piwheels.protocol.transport;

import java.io.IOException;
import java.nio.file.Path;
import org.zeromq.ZMQ;

/**
 * The client side of CURVE: the server's public key, pinned, and the client's own
 * key pair. A socket secured with {@link #secure} completes its handshake only with a
 * server holding the matching secret key, and only if that server accepts the
 * client's key; everything after the handshake is encrypted.
 */
public final class CurveClient {
    private final byte[] serverKey;
    private final CurveCertificate keys;

    /**
     * @param serverKey the server's public key
     * @param keys      this client's key pair (with its secret key)
     */
    public CurveClient(byte[] serverKey, CurveCertificate keys) {
        if (serverKey == null || serverKey.length != ZMQ.Curve.KEY_SIZE) {
            throw new IllegalArgumentException("the server's CURVE key has " + ZMQ.Curve.KEY_SIZE + " bytes");
        }
        if (!keys.hasSecret()) {
            throw new IllegalArgumentException("a CURVE client needs its secret key");
        }
        this.serverKey = serverKey.clone();
        this.keys = keys;
    }

    /**
     * Reads the server's certificate (public or secret; only its public key is used) and
     * this client's secret certificate.
     *
     * @throws IOException with a message naming the file at fault
     */
    public static CurveClient load(Path serverCertificate, Path secretCertificate) throws IOException {
        return new CurveClient(CurveCertificate.read(serverCertificate).publicKey(),
                CurveCertificate.readSecret(secretCertificate));
    }

    /** @return this client's certificate */
    public CurveCertificate keys() {
        return keys;
    }

    /** Makes a socket a CURVE client; call before connecting it. */
    public <T extends QueueSocket> T secure(T socket) {
        ZMQ.Socket s = socket.zmq();
        s.setCurveServerKey(serverKey);
        s.setCurvePublicKey(keys.publicKey());
        if (!s.setCurveSecretKey(keys.secretKey())) {
            throw new IllegalStateException("JeroMQ refused the CURVE keys");
        }
        return socket;
    }
}
