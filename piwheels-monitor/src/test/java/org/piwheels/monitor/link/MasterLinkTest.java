package org.piwheels.monitor.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.piwheels.monitor.MutableClock;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.messages.MasterControlProtocol.ControlRequest;
import org.piwheels.protocol.messages.MonitorStatusProtocol;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

class MasterLinkTest {
    private final Transport transport = new Transport();
    private final MutableClock clock = new MutableClock(Instant.parse("2024-05-17T12:00:00Z"));

    @AfterEach
    void close() {
        transport.close();
    }

    @Test
    void saysHelloOnlyOnceTheSettleDelayHasPassed() throws Exception {
        MessageSocket<NoMessage, ControlRequest> control =
                transport.socket(SocketType.PULL, MasterControlProtocol.MASTER);
        int port = control.bindToRandomPort("tcp://127.0.0.1");
        try (MasterLink link = new MasterLink(transport, "tcp://127.0.0.1:" + freePort(),
                "tcp://127.0.0.1:" + port, Duration.ofSeconds(1), clock)) {
            link.attach();
            link.poll(Duration.ofMillis(50));
            assertThat(control.recv(Duration.ofMillis(300))).isNull();
            assertThat(link.helloPending()).isTrue();
            clock.advance(Duration.ofSeconds(1));
            link.poll(Duration.ZERO);
            assertThat(control.recv(Duration.ofSeconds(5))).isEqualTo(new MasterControlProtocol.Hello());
            assertThat(link.helloPending()).isFalse();
        }
    }

    @Test
    void aMasterThatComesUpOnlyAfterHelloIsAskedAgain() throws Exception {
        String statusAddress = "tcp://127.0.0.1:" + freePort();
        String controlAddress = "tcp://127.0.0.1:" + freePort();
        try (MasterLink link = new MasterLink(transport, statusAddress, controlAddress, Duration.ofSeconds(1), clock)) {
            link.attach();
            clock.advance(Duration.ofSeconds(1));
            link.poll(Duration.ZERO); // HELLO goes out with no master there: it waits in the control socket
            assertThat(link.helloPending()).isFalse();

            // the master comes up: the waiting HELLO may beat the subscription, so it is asked again
            MessageSocket<NoMessage, ControlRequest> control =
                    transport.socket(SocketType.PULL, MasterControlProtocol.MASTER);
            control.bind(controlAddress);
            transport.socket(SocketType.PUB, MonitorStatusProtocol.MASTER).bind(statusAddress);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!link.helloPending() && System.nanoTime() < deadline) {
                link.poll(Duration.ofMillis(50));
            }
            assertThat(link.helloPending()).as("a HELLO due after the handshake").isTrue();
            clock.advance(Duration.ofSeconds(1));
            link.poll(Duration.ZERO);
            assertThat(control.recv(Duration.ofSeconds(10))).isEqualTo(new MasterControlProtocol.Hello());
            assertThat(control.recv(Duration.ofSeconds(10))).isEqualTo(new MasterControlProtocol.Hello());
        }
    }

    @Test
    void sendsFailInsteadOfBlockingWhenNoMasterTakesThem() throws Exception {
        try (MasterLink link = new MasterLink(transport, "tcp://127.0.0.1:" + freePort(),
                "tcp://127.0.0.1:" + freePort(), Duration.ZERO, clock)) {
            link.attach();
            int queued = 0;
            while (queued < 1000 && link.send(new MasterControlProtocol.Wake(null))) {
                queued++;
            }
            assertThat(queued).isBetween(1, 999);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
