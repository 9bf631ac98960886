package org.piwheels.monitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.messages.MasterControlProtocol.ControlRequest;
import org.piwheels.protocol.messages.MonitorStatusProtocol;
import org.piwheels.protocol.messages.MonitorStatusProtocol.StatusMessage;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * The master's two monitor queues on loopback: a PUB that publishes a scripted
 * picture whenever a monitor says HELLO (as protocol spec §7.5 replays), and a PULL
 * that records every other control message.
 */
public final class FakeMaster implements AutoCloseable {
    private final Transport transport = new Transport();
    private final MessageSocket<StatusMessage, NoMessage> status;
    private final MessageSocket<NoMessage, ControlRequest> control;
    private final String statusAddress;
    private final String controlAddress;
    private final List<ControlRequest> received = new ArrayList<>();
    private volatile List<StatusMessage> replay = List.of();
    private int hellos;

    public FakeMaster() {
        status = transport.socket(SocketType.PUB, MonitorStatusProtocol.MASTER);
        statusAddress = "tcp://127.0.0.1:" + status.bindToRandomPort("tcp://127.0.0.1");
        control = transport.socket(SocketType.PULL, MasterControlProtocol.MASTER);
        controlAddress = "tcp://127.0.0.1:" + control.bindToRandomPort("tcp://127.0.0.1");
    }

    /** A master on given addresses, e.g. another's after it stopped (a restart). */
    public FakeMaster(String statusAddress, String controlAddress) {
        status = transport.socket(SocketType.PUB, MonitorStatusProtocol.MASTER);
        status.bind(statusAddress);
        control = transport.socket(SocketType.PULL, MasterControlProtocol.MASTER);
        control.bind(controlAddress);
        this.statusAddress = statusAddress;
        this.controlAddress = controlAddress;
    }

    /** Sets what a HELLO is answered with. */
    public void replay(List<StatusMessage> messages) {
        replay = List.copyOf(messages);
    }

    /** Publishes one status message now. */
    public void publish(StatusMessage m) {
        try {
            status.send(m);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Publishes the picture again, as the master does when any monitor says HELLO. */
    public void republish() {
        replay.forEach(this::publish);
    }

    /** Handles what has arrived on the control queue, waiting at most {@code wait} for the first. */
    public void serve(Duration wait) {
        Duration timeout = wait;
        try {
            ControlRequest r;
            while ((r = control.recv(timeout)) != null) {
                timeout = Duration.ZERO;
                if (r instanceof MasterControlProtocol.Hello) {
                    hellos++;
                    replay.forEach(this::publish);
                } else {
                    received.add(r);
                }
            }
        } catch (ProtocolException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return control messages other than HELLO, in arrival order; clears the record */
    public List<ControlRequest> takeReceived() {
        List<ControlRequest> copy = List.copyOf(received);
        received.clear();
        return copy;
    }

    /** @return how many HELLOs arrived */
    public int hellos() {
        return hellos;
    }

    public String statusAddress() {
        return statusAddress;
    }

    public String controlAddress() {
        return controlAddress;
    }

    @Override
    public void close() {
        transport.close();
    }
}
