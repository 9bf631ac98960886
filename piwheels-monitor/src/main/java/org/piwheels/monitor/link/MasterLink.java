package org.piwheels.monitor.link;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.messages.MasterControlProtocol.ControlRequest;
import org.piwheels.protocol.messages.MonitorStatusProtocol;
import org.piwheels.protocol.messages.MonitorStatusProtocol.StatusMessage;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The monitor's two sockets (protocol spec §7.5): a SUB on the status queue and a
 * PUSH to the control queue. Attaching follows the spec's sequence without blocking
 * the UI: subscribe, and send {@code HELLO} once the settle delay (1 s) has passed so
 * the subscription is in place to receive the master's answer. Used from the UI
 * thread only, as ZeroMQ sockets must be.
 *
 * <p>A ZeroMQ socket monitor on the SUB tells when the master's connection drops
 * (the master stopped or restarted) and when it is made again: a restarted master
 * knows nothing of this monitor, so the link reports the loss and, once the new
 * connection's handshake is under way, says HELLO again after the settle delay.
 * ZeroMQ reconnects by itself, so this is seen within a second or so of a restart,
 * long before a silence would be (beyond 0.23, which never asks again). Likewise a
 * first connection made only after HELLO was sent (the master was not up yet, so
 * its answer could beat the subscription) gets another HELLO: the master's
 * statistics alone would keep the monitor waiting for ever.
 */
public final class MasterLink implements ControlSink, AutoCloseable {
    /** The attach sequence's wait between subscribing and saying HELLO. */
    public static final Duration SETTLE = Duration.ofSeconds(1);
    /** How many control messages may queue for an absent master before sends fail. */
    private static final int CONTROL_HWM = 10;
    private static final int EVENTS = ZMQ.EVENT_HANDSHAKE_PROTOCOL | ZMQ.EVENT_DISCONNECTED;
    private static final AtomicInteger MONITORS = new AtomicInteger();

    private final Transport transport;
    private final String statusQueue;
    private final String controlQueue;
    private final Duration settle;
    private final Clock clock;
    private final org.piwheels.protocol.transport.AdminSecret admin;
    private MessageSocket<NoMessage, StatusMessage> status;
    private MessageSocket<ControlRequest, NoMessage> control;
    /** The status socket's connection events (a PAIR on its socket monitor). */
    private ZMQ.Socket events;
    private Instant helloDue;
    private boolean handshook;
    private boolean lost;
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
        // the monitor is in place before connecting, so no event is missed
        String endpoint = "inproc://piw-monitor-status-events-" + MONITORS.incrementAndGet();
        status.zmq().monitor(endpoint, EVENTS);
        events = transport.context().createSocket(SocketType.PAIR);
        events.setLinger(0);
        events.connect(endpoint);
        handshook = false;
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
        readEvents();
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
        readEvents();
        sendHelloIfDue();
        return received;
    }

    /**
     * The status connection's events: a drop means the master went away; a handshake
     * when no HELLO is waiting (after a drop, or one that came only after HELLO was
     * sent) is a master that may not have heard us, or whose answer found no
     * subscription, so it is asked (again) after the settle delay. A handshake while
     * HELLO waits needs nothing more.
     */
    private void readEvents() {
        ZMQ.Event event;
        while ((event = ZMQ.Event.recv(events, ZMQ.DONTWAIT)) != null) {
            if (event.getEvent() == ZMQ.EVENT_DISCONNECTED) {
                lost = true;
                handshook = false;
                helloDue = null;
            } else if (event.getEvent() == ZMQ.EVENT_HANDSHAKE_PROTOCOL) {
                handshook = true;
                if (helloDue == null) {
                    helloDue = clock.instant().plus(settle);
                }
            }
        }
    }

    /** @return whether the status connection's handshake began since the last attach or drop */
    public boolean handshook() {
        return handshook;
    }

    /**
     * @return whether the master's connection dropped since the last call (it stopped
     *         or restarted); ZeroMQ is already reconnecting
     */
    public boolean takeLost() {
        boolean was = lost;
        lost = false;
        return was;
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
        lost = false;
        if (status != null) {
            status.zmq().monitor(null, 0); // stop the events before either end of their pair goes
            status.close();
            status = null;
        }
        if (events != null) {
            transport.context().destroySocket(events);
            events = null;
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
