package org.piwheels.tools.loadgen;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AccessLogProtocol;
import org.piwheels.protocol.messages.AccessLogProtocol.LogRecord;
import org.piwheels.protocol.records.PageHit;
import org.piwheels.protocol.records.PipRequest;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * piw-logger's traffic at a chosen rate: pushes access records to the master's log
 * queue, downloads of wheels the simulated slaves have had accepted (a page hit of
 * the home page until there is one). Records the queue cannot take at once are
 * counted as dropped, as {@code piw-logger --drop} would.
 */
final class AccessLogFeeder implements Runnable {
    private static final int RECENT = 1024;

    private final Transport transport;
    private final String address;
    private final double perSecond;
    private final LoadStats stats;
    private final RunControl control;
    private final AtomicReferenceArray<String> recent = new AtomicReferenceArray<>(RECENT);
    private volatile int published;

    private final org.piwheels.protocol.transport.AdminSecret admin;

    AccessLogFeeder(Transport transport, String address, double perSecond, LoadStats stats, RunControl control,
                    org.piwheels.protocol.transport.AdminSecret admin) {
        this.admin = admin;
        this.transport = transport;
        this.address = address;
        this.perSecond = perSecond;
        this.stats = stats;
        this.control = control;
    }

    /** Remembers a wheel the master has published, to be "downloaded". */
    void published(String filename) {
        int i = published++; // a lost update only repeats a name
        recent.set(i & (RECENT - 1), filename);
    }

    @Override
    public void run() {
        try (MessageSocket<LogRecord, NoMessage> socket = transport.socket(SocketType.PUSH, AccessLogProtocol.LOGGER)) {
            socket.hwm(1000);
            socket.linger(Duration.ofSeconds(1));
            if (admin != null) {
                admin.secureClient(socket);
            }
            socket.connect(address);
            long interval = (long) (1e9 / perSecond);
            long next = System.nanoTime();
            while (!control.stopping()) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                next += interval;
                if (socket.trySend(record())) {
                    stats.accessRecords.increment();
                } else {
                    stats.error("access record dropped (log queue full)");
                }
            }
        } catch (ProtocolException | RuntimeException e) {
            control.fail("access-log feeder: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private LogRecord record() {
        int n = Math.min(published, RECENT);
        String host = "10.0." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(256);
        if (n == 0) {
            return new AccessLogProtocol.LogPage(new PageHit("home", host, Instant.now(), "mozilla"));
        }
        String file = recent.get(ThreadLocalRandom.current().nextInt(n));
        return new AccessLogProtocol.LogDownload(new PipRequest(file, host, Instant.now(), "armv7l", "Raspbian GNU/Linux",
                "11", "Linux", "6.1", "CPython", "3.11.2", "pip", "23.0.1", "66.1.1"));
    }
}
