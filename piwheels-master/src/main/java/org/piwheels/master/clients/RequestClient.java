package org.piwheels.master.clients;

import java.time.Duration;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * A REQ socket to an internal service: one request, one reply, strictly in turn.
 * A reply that does not come within the timeout leaves the socket unusable, so the
 * client replaces it and reports the failure.
 */
class RequestClient<S extends Message, R extends Message> implements AutoCloseable {
    private final Transport transport;
    private final Protocol<S, R> protocol;
    private final String address;
    private final Duration timeout;
    private MessageSocket<S, R> socket;

    RequestClient(Transport transport, Protocol<S, R> protocol, String address, Duration timeout) {
        this.transport = transport;
        this.protocol = protocol;
        this.address = address;
        this.timeout = timeout;
        this.socket = open();
    }

    private MessageSocket<S, R> open() {
        MessageSocket<S, R> s = transport.socket(SocketType.REQ, protocol);
        s.hwm(10).linger(Duration.ZERO);
        s.connect(address);
        return s;
    }

    R request(S message) {
        try {
            socket.send(message);
            R reply = socket.recv(timeout);
            if (reply == null) {
                socket.close();
                socket = open();
                throw new RpcException(protocol.name() + ": no reply within " + timeout.toSeconds() + " s to "
                        + protocol.actionOf(message));
            }
            return reply;
        } catch (ProtocolException e) {
            throw new RpcException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
