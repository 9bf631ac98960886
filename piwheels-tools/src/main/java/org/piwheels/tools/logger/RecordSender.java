package org.piwheels.tools.logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AccessLogProtocol;
import org.piwheels.protocol.messages.AccessLogProtocol.LogRecord;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.slf4j.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Pushes records to the master's log queue (protocol §6.4). With {@code drop}, a
 * record that cannot be queued within 10 ms is dropped with a warning, so Apache's
 * piped logger never stalls; otherwise sends wait as long as it takes. At close,
 * records still queued get about a second to leave (0.23 can wait for ever here). That
 * second only starts once the connection to the master has completed its handshake (or
 * {@link #HANDSHAKE_WAIT} has passed): JeroMQ sometimes stalls a first connection until
 * its handshake is retried five seconds later, and a short run would otherwise lose
 * every record it read.
 */
final class RecordSender implements AutoCloseable {
    /** How long {@code --drop} waits for room in the queue. */
    static final Duration DROP_WAIT = Duration.ofMillis(10);
    /** How long records still queued at exit may take to leave. */
    static final Duration EXIT_WAIT = Duration.ofSeconds(1);
    /** How long a send without {@code --drop} waits for room before the run gives up (0.23 waits for ever). */
    static final Duration STALL_WAIT = Duration.ofSeconds(60);
    /** Records buffered before sends wait (or drop); larger than 0.23's 10, for a busy mirror. */
    static final int HWM = 1000;
    /** How long a run that sent records waits at exit for the first handshake with the master. */
    static final Duration HANDSHAKE_WAIT = Duration.ofMillis(2L * Transport.HANDSHAKE_MS + 1000);
    private static final AtomicInteger MONITORS = new AtomicInteger();

    private final Transport transport = new Transport();
    private final MessageSocket<LogRecord, NoMessage> socket;
    private final boolean drop;
    private final Logger log;
    /** The log socket's handshake events (a PAIR on the socket's monitor). */
    private final ZMQ.Socket handshakes;
    private boolean handshook;
    private boolean lost;
    private boolean stalled;
    long sent;
    long dropped;

    /** @param admin the admin credentials, or {@code null} for a master with {@code --admin-auth off} */
    RecordSender(String address, boolean drop, Logger log, org.piwheels.protocol.transport.AdminSecret admin) {
        this.drop = drop;
        this.log = log;
        socket = transport.socket(SocketType.PUSH, AccessLogProtocol.LOGGER);
        socket.hwm(HWM);
        socket.linger(EXIT_WAIT);
        if (admin != null) {
            admin.secureClient(socket);
        }
        // the monitor is in place before connecting, so the handshake event cannot be missed
        String monitor = "inproc://piw-logger-handshakes-" + MONITORS.incrementAndGet();
        socket.zmq().monitor(monitor, ZMQ.EVENT_HANDSHAKE_PROTOCOL);
        handshakes = transport.context().createSocket(SocketType.PAIR);
        handshakes.connect(monitor);
        socket.connect(address);
    }

    /**
     * Queues a record: with {@code --drop} it waits at most {@link #DROP_WAIT}, otherwise up to
     * {@link #STALL_WAIT} for room in the queue.
     *
     * @return false if the queue stayed full for {@link #STALL_WAIT}: the master takes nothing
     *         (a refused connection can leave the socket without any peer to queue for)
     */
    boolean send(LogRecord record) throws ProtocolException {
        if (offer(record, drop ? DROP_WAIT : STALL_WAIT, drop ? 200_000L : 1_000_000L)) {
            sent++;
            return true;
        }
        if (drop) {
            log.warn("dropping log entry");
            dropped++;
            return true;
        }
        stalled = true;
        return false;
    }

    /** @return whether the record found room in the queue within {@code wait}, trying again every {@code parkNanos} */
    private boolean offer(LogRecord record, Duration wait, long parkNanos) throws ProtocolException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!socket.trySend(record)) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            LockSupport.parkNanos(parkNanos);
        }
        return true;
    }

    /** Closes, waiting at most {@link #EXIT_WAIT} for queued records; {@link #lost()} tells if some were left behind. */
    @Override
    public void close() {
        if (sent > 0) {
            awaitHandshake();
        }
        long start = System.nanoTime();
        socket.close();
        handshakes.close();
        transport.close();
        // the context's close lasts the whole linger only when records were still queued
        lost = stalled || sent > 0 && (!handshook || System.nanoTime() - start >= EXIT_WAIT.toNanos() - 50_000_000L);
    }

    /** @return after {@link #close()}: whether records were left behind, never taken by the master */
    boolean lost() {
        return lost;
    }

    /**
     * @return after {@link #close()} with {@link #lost()}: the summary's account of the sent records,
     *         plain about which never reached the master
     */
    String lostAccount() {
        // a handshake completed means a master answered the greeting, not that it accepted the
        // credentials (JeroMQ reports no refusal to a client), so some records may have arrived
        if (stalled) {
            return sent + " record(s) sent, the master took none for " + STALL_WAIT.toSeconds() + " s; stopped";
        }
        return sent + " record(s) sent, " + (handshook ? "some or all " : "") + "never taken by the master";
    }

    /** Waits at most {@link #HANDSHAKE_WAIT} for the master to have completed a handshake. */
    private void awaitHandshake() {
        long deadline = System.nanoTime() + HANDSHAKE_WAIT.toNanos();
        while (!handshook && System.nanoTime() < deadline) {
            ZMQ.Event event = ZMQ.Event.recv(handshakes, ZMQ.DONTWAIT);
            if (event == null) {
                LockSupport.parkNanos(20_000_000L);
            } else if (event.getEvent() == ZMQ.EVENT_HANDSHAKE_PROTOCOL) {
                handshook = true;
            }
        }
        if (!handshook) {
            log.warn("No connection to the master at the log queue within {} s", HANDSHAKE_WAIT.toSeconds());
        }
    }
}
