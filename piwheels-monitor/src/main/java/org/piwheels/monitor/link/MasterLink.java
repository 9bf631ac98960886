package org.piwheels.monitor.link;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * The monitor's two sockets (protocol spec §7.5): a SUB on the status queue and a
 * PUSH to the control queue. Attaching follows the spec's sequence without blocking
 * the UI: subscribe, and send {@code HELLO} once the settle delay (1 s) has passed so
 * the subscription is in place to receive the master's answer. Used from the UI
 * thread only, as ZeroMQ sockets must be.
 */
public final class MasterLink implements ControlSink, AutoCloseable {
    /** The attach sequence's wait between subscribing and saying HELLO. */
    public static final Duration SETTLE = Duration.ofSeconds(1);
    /** How many control messages may queue for an absent master before sends fail. */
    private static final int CONTROL_HWM = 10;

    private final Transport transport;
    private final String statusQueue;
    private final String controlQueue;
    private final Duration settle;
    private final Clock clock;
    private final org.piwheels.protocol.transport.AdminSecret admin;
    private MessageSocket<NoMessage, StatusMessage> status;
    private MessageSocket<ControlRequest, NoMessage> control;
    private Instant helloDue;
    private long badFrames;

    /**
     * @param transport    the ZeroMQ context to make sockets on
     * @param statusQueue  the master's status PUB address
     * @param controlQueue the master's control PULL address
     * @param settle       wait between subscribing and saying HELLO ({@link #SETTLE})
     * @param clock        the clock the settle delay is measured on
     */
    public MasterLink(Transport transport, String statusQueue, String controlQueue, Duration settle, Clock clock) {
        this(transport, statusQueue, controlQueue, settle, clock, null);
    }

    /**
     * As {@link #MasterLink(Transport, String, String, Duration, Clock)}, giving the
     * master's admin queues credentials.
     *
     * @param admin the admin credentials, or {@code null} for a master with {@code --admin-auth off}
     */
    public MasterLink(Transport transport, String statusQueue, String controlQueue, Duration settle, Clock clock,
                      org.piwheels.protocol.transport.AdminSecret admin) {
        this.admin = admin;
        this.transport = transport;
        this.statusQueue = statusQueue;
        this.controlQueue = controlQueue;
        this.settle = settle;
        this.clock = clock;
    }

    /**
     * (Re)attaches: fresh sockets, so a restarted master gets a new subscription and
     * nothing queued for the old one; HELLO follows after the settle delay.
     */
    public void attach() {
        detach(Duration.ZERO);
        status = transport.socket(SocketType.SUB, MonitorStatusProtocol.MONITOR);
        control = transport.socket(SocketType.PUSH, MasterControlProtocol.MONITOR);
        control.hwm(CONTROL_HWM);
        if (admin != null) {
            admin.secureClient(status);
            admin.secureClient(control);
        }
        status.connect(statusQueue);
        control.connect(controlQueue);
        helloDue = clock.instant().plus(settle);
    }

    /**
     * Waits at most {@code timeout} for status messages (shorter if HELLO falls due),
     * sends HELLO when due, and returns what arrived. Frames that are not valid status
     * messages are counted and skipped.
     */
    public List<StatusMessage> poll(Duration timeout) {
        List<StatusMessage> received = new ArrayList<>();
        if (status == null) {
            return received;
        }
        sendHelloIfDue();
        Duration wait = timeout;
        if (helloDue != null) {
            Duration untilHello = Duration.between(clock.instant(), helloDue);
            wait = untilHello.compareTo(wait) < 0 ? untilHello : wait;
        }
        if (status.poll(wait.isNegative() ? Duration.ZERO : wait)) {
            do {
                try {
                    received.add(status.recv());
                } catch (ProtocolException e) {
                    badFrames++;
                }
            } while (status.poll(Duration.ZERO) && received.size() < 1000);
        }
        sendHelloIfDue();
        return received;
    }

    private void sendHelloIfDue() {
        if (helloDue != null && !clock.instant().isBefore(helloDue)) {
            helloDue = null;
            send(new MasterControlProtocol.Hello());
        }
    }

    @Override
    public boolean send(ControlRequest request) {
        if (control == null) {
            return false;
        }
        try {
            return control.trySend(request);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("invalid control message " + request, e);
        }
    }

    /** @return how many status frames were not valid messages */
    public long badFrames() {
        return badFrames;
    }

    /** @return whether HELLO is still waiting for the settle delay */
    public boolean helloPending() {
        return helloDue != null;
    }

    private void detach(Duration linger) {
        if (status != null) {
            status.close();
            status = null;
        }
        if (control != null) {
            control.linger(linger);
            control.close();
            control = null;
        }
    }

    /** Closes the sockets, giving queued control messages a moment to leave. */
    @Override
    public void close() {
        detach(Duration.ofMillis(Transport.DEFAULT_LINGER_MS));
    }
}
