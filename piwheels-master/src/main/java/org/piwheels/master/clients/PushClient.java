package org.piwheels.master.clients;

import java.time.Duration;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * A PUSH socket for one-way reports (statistics, status, build queues). Sends block
 * at the high-water mark, as in 0.23, so a stalled receiver slows its senders
 * instead of losing reports.
 */
public final class PushClient<M extends Message> implements AutoCloseable {
    private final MessageSocket<M, NoMessage> socket;

    /** @param protocol the sending side @param address where to connect */
    public PushClient(Transport transport, Protocol<M, NoMessage> protocol, String address) {
        socket = transport.socket(SocketType.PUSH, protocol);
        socket.hwm(10).linger(Duration.ofSeconds(1));
        socket.connect(address);
    }

    /** Sends a report. */
    public void send(M message) {
        try {
            socket.send(message);
        } catch (ProtocolException e) {
            throw new RpcException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
