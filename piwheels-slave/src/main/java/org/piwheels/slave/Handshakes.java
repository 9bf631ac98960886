package org.piwheels.slave;

import java.time.Duration;
import org.piwheels.protocol.transport.QueueSocket;

/**
 * Socket options that keep the slave from hanging on a bad connection. JeroMQ 0.6.0
 * occasionally stalls a ZMTP handshake on a freshly accepted TCP connection (about
 * one connection in 150 on loopback here: the TCP link is up, the greeting sits unread,
 * nothing is delivered). A handshake interval makes the stalled connection drop and
 * reconnect after it instead of after JeroMQ's default 30 s; a send timeout keeps a
 * send on a socket without a live peer (a re-HELLO, BYE) from blocking for ever.
 */
final class Handshakes {
    static final Duration HANDSHAKE = Duration.ofSeconds(5);
    static final Duration SEND = Duration.ofSeconds(1);

    private Handshakes() {
    }

    static void harden(QueueSocket socket) {
        socket.zmq().setHandshakeIvl((int) HANDSHAKE.toMillis());
        socket.zmq().setSendTimeOut((int) SEND.toMillis());
    }
}
