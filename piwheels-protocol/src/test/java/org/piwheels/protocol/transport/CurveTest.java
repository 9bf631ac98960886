package org.piwheels.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/** CURVE certificates, the allow-list and the ZAP handler, over real loopback TCP sockets. */
class CurveTest {
    /** Far more than a handshake needs on a loaded machine. */
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger MONITORS = new AtomicInteger();

    @TempDir Path dir;
    private Transport server;
    private Transport client;
    private CurveCertificate masterKeys;
    private Path allowed;

    @BeforeEach
    void start() throws Exception {
        server = new Transport();
        client = new Transport();
        masterKeys = CurveCertificate.generate();
        allowed = Files.createDirectory(dir.resolve("allowed"));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void certificatesRoundTripInZplWithSafePermissions() throws Exception {
        CurveCertificate c = CurveCertificate.generate();
        c.writePublic(dir.resolve("slave"));
        c.writeSecret(dir.resolve("slave_secret"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("slave_secret"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("slave"))).contains("curve").contains("public-key = \"" + c.publicKeyZ85() + "\"")
                .doesNotContain("secret-key");
        assertThat(CurveCertificate.read(dir.resolve("slave"))).isEqualTo(c.publicOnly());
        assertThat(CurveCertificate.readSecret(dir.resolve("slave_secret"))).isEqualTo(c);
        assertThatThrownBy(() -> c.writeSecret(dir.resolve("slave_secret"))).isInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> CurveCertificate.readSecret(dir.resolve("slave")))
                .hasMessageContaining("holds no secret key");
    }

    @Test
    void malformedCertificatesAreRefusedWithTheFileNamed() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad"), "curve\n    public-key = \"tooshort\"\n");
        assertThatThrownBy(() -> CurveCertificate.read(bad)).hasMessageContaining(bad.toString()).hasMessageContaining("40");
        Path none = Files.writeString(dir.resolve("none"), "metadata\n    name = \"x\"\n");
        assertThatThrownBy(() -> CurveCertificate.read(none)).hasMessageContaining("no curve/public-key");
        assertThatThrownBy(() -> CurveCertificate.read(dir.resolve("missing"))).hasMessageContaining("missing");
        assertThatThrownBy(() -> new CurveAllowList(dir.resolve("missing"))).hasMessageContaining("not a readable directory");
    }

    @Test
    void anAllowedClientIsServedEncrypted() throws Exception {
        CurveCertificate slave = CurveCertificate.generate();
        slave.writePublic(allowed.resolve("slave1"));
        try (RawSocket rep = serve(); RawSocket req = connect(rep, new CurveClient(masterKeys.publicKey(), slave))) {
            req.send("ping".getBytes(StandardCharsets.UTF_8));
            List<byte[]> got = rep.recv(WAIT);
            assertThat(got).isNotNull();
            assertThat(new String(got.get(0), StandardCharsets.UTF_8)).isEqualTo("ping");
            rep.send("pong".getBytes(StandardCharsets.UTF_8));
            assertThat(req.recv(WAIT)).isNotNull();
            assertThat(server.zapHandler().accepted()).isEqualTo(1);
        }
    }

    @Test
    void aKeyAddedToTheAllowListWorksWithoutARestart() throws Exception {
        CurveCertificate late = CurveCertificate.generate();
        try (RawSocket rep = serve(); Watch watch = new Watch(rep)) {
            try (RawSocket req = connect(rep, new CurveClient(masterKeys.publicKey(), late))) {
                req.send(new byte[] {1});
                watch.awaitRefusal();
                assertThat(rep.recv(Duration.ofMillis(200))).isNull();
            }
            late.writePublic(allowed.resolve("late"));
            try (RawSocket req = connect(rep, new CurveClient(masterKeys.publicKey(), late))) {
                req.send(new byte[] {2});
                assertThat(rep.recv(WAIT)).isNotNull();
            }
        }
    }

    @Test
    void anUnknownKeyIsRefused() throws Exception {
        CurveCertificate.generate().writePublic(allowed.resolve("someone-else"));
        CurveCertificate stranger = CurveCertificate.generate();
        stranger.writeSecret(allowed.resolve("stranger_secret")); // a secret file in the list allows nothing
        // not refused(): its first failed handshake may be one JeroMQ let stall (dropped after
        // Transport.HANDSHAKE_MS, before any ZAP request); the client retries until ZAP refuses it
        try (RawSocket rep = serve(); RawSocket req = connect(rep, new CurveClient(masterKeys.publicKey(), stranger))) {
            req.send("QUIT".getBytes(StandardCharsets.UTF_8));
            long end = System.nanoTime() + WAIT.toNanos();
            while (server.zapHandler().refused() == 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(server.zapHandler().refused()).isPositive();
            assertThat(rep.recv(Duration.ofMillis(500))).isNull();
        }
        assertThat(server.zapHandler().accepted()).isZero();
    }

    @Test
    void aClientPinningAnotherMasterKeyIsRefused() throws Exception {
        CurveCertificate slave = CurveCertificate.generate();
        slave.writePublic(allowed.resolve("slave1"));
        refused(new CurveClient(CurveCertificate.generate().publicKey(), slave));
        assertThat(server.zapHandler().accepted()).isZero();
    }

    @Test
    void aPlaintextClientIsRefused() throws Exception {
        refused(null);
        assertThat(server.zapHandler().accepted()).isZero();
    }

    /** The client's handshake fails on the server and its request never arrives. */
    private void refused(CurveClient curve) throws Exception {
        try (RawSocket rep = serve(); Watch watch = new Watch(rep); RawSocket req = connect(rep, curve)) {
            req.send("QUIT".getBytes(StandardCharsets.UTF_8));
            watch.awaitRefusal();
            assertThat(rep.recv(Duration.ofMillis(500))).isNull();
            assertThat(req.recv(Duration.ofMillis(100))).isNull();
        }
    }

    private RawSocket serve() throws Exception {
        RawSocket rep = new CurveServer(masterKeys, new CurveAllowList(allowed)).secure(server, server.raw(SocketType.REP));
        rep.bindToRandomPort("tcp://127.0.0.1");
        return rep;
    }

    private RawSocket connect(RawSocket rep, CurveClient curve) {
        RawSocket req = client.raw(SocketType.REQ);
        req.linger(Duration.ZERO);
        if (curve != null) {
            curve.secure(req);
        }
        req.connect(rep.zmq().getLastEndpoint());
        return req;
    }

    /** The server socket's handshake events. */
    private final class Watch implements AutoCloseable {
        private final ZMQ.Socket events;

        Watch(RawSocket socket) {
            String address = "inproc://curve-monitor-" + MONITORS.incrementAndGet();
            assertThat(socket.zmq().monitor(address, ZMQ.EVENT_ALL)).isTrue();
            events = server.context().createSocket(SocketType.PAIR);
            events.connect(address);
            events.setReceiveTimeOut(250);
        }

        void awaitRefusal() {
            long end = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < end) {
                ZMQ.Event e = ZMQ.Event.recv(events);
                if (e == null) {
                    continue;
                }
                int code = e.getEvent();
                assertThat(code).as("handshake succeeded").isNotEqualTo(zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
                if (code == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH || code == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
                        || code == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL || code == zmq.ZMQ.ZMQ_EVENT_DISCONNECTED) {
                    return;
                }
            }
            throw new AssertionError("no refused handshake within " + WAIT);
        }

        @Override
        public void close() {
            server.context().destroySocket(events);
        }
    }
}
