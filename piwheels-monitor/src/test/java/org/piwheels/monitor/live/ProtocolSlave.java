package org.piwheels.monitor.live;

import java.time.Duration;
import java.time.Instant;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Ack;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.records.SlaveHello;
import org.piwheels.protocol.records.SlaveStats;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * A build slave at the protocol level only: a REQ socket on the master's slave queue
 * that says what the test tells it to and hands back the master's typed replies.
 * It builds nothing.
 */
final class ProtocolSlave implements AutoCloseable {
    private static final Duration REPLY_WAIT = Duration.ofSeconds(10);

    private final Transport transport = new Transport();
    private final MessageSocket<SlaveRequest, MasterReply> socket;
    private final SlaveHello hello;

    /** @param slaveQueue the master's slave queue address */
    ProtocolSlave(String slaveQueue, String label, String abi) {
        hello = new SlaveHello(Duration.ofHours(3), Duration.ofMinutes(5), abi.substring(2, 4), abi,
                "linux_armv7l", label, "Raspbian GNU/Linux", "11 (bullseye)", "c03111", "100000001234abcd");
        socket = transport.socket(SocketType.REQ, SlaveDriverProtocol.SLAVE);
        socket.linger(Duration.ZERO).connect(slaveQueue);
    }

    /** Says HELLO; the master must accept. */
    Ack hello() throws ProtocolException {
        MasterReply reply = ask(new SlaveDriverProtocol.Hello(hello));
        if (!(reply instanceof Ack ack)) {
            throw new AssertionError("the master answered HELLO with " + reply);
        }
        return ack;
    }

    /** Says IDLE with fresh, healthy statistics. */
    MasterReply idle() throws ProtocolException {
        long gb = 1L << 30;
        return ask(new SlaveDriverProtocol.Idle(new SlaveStats(Instant.now(), 100 * gb, 60 * gb, 4 * gb, 3 * gb,
                gb, gb, 0.25, 45.0)));
    }

    private MasterReply ask(SlaveRequest request) throws ProtocolException {
        socket.send(request);
        MasterReply reply = socket.recv(REPLY_WAIT);
        if (reply == null) {
            throw new AssertionError("no reply to " + request + " within " + REPLY_WAIT.toSeconds() + " s");
        }
        return reply;
    }

    @Override
    public void close() {
        transport.close();
    }
}
