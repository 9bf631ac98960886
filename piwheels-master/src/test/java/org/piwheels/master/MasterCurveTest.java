package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piwheels.master.MasterSlaveQueueTest.BUSY;
import static org.piwheels.master.MasterSlaveQueueTest.LONG;
import static org.piwheels.master.MasterSlaveQueueTest.WAIT;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.RunningMaster.Slave;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.AdminProtocol.AddPkg;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sent;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.CurveCertificate;
import org.piwheels.protocol.transport.CurveClient;
import org.piwheels.protocol.transport.CurveServer;
import org.piwheels.protocol.transport.QueueSocket;
import org.piwheels.protocol.transport.Transport;
import org.piwheels.protocol.transport.ZapHandler;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * A master with CURVE on (piw-master --curve-key/--curve-allow): a slave whose key is
 * allowed builds and uploads over the encrypted slave and file queues, a tool reaches
 * the TCP import queue; a slave with an unknown key, one pinning another master's key
 * and a plaintext one are refused on each of the three queues before any message
 * reaches the master.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class MasterCurveTest {
    private static final AtomicInteger MONITORS = new AtomicInteger();
    static RunningMaster m;
    static CurveCertificate masterKeys;
    static CurveCertificate slaveKeys;

    @BeforeAll
    static void start(TestDatabase db, @TempDir Path dir) throws Exception {
        masterKeys = CurveCertificate.generate();
        masterKeys.writeSecret(dir.resolve("master_secret"));
        Path allowed = Files.createDirectory(dir.resolve("allowed"));
        slaveKeys = CurveCertificate.generate();
        slaveKeys.writePublic(allowed.resolve("builder"));
        Path output = Files.createDirectory(dir.resolve("www"));
        MasterConfig config = RunningMaster.config(output, Duration.ofSeconds(1))
                .withCurve(CurveServer.load(dir.resolve("master_secret"), allowed));
        m = RunningMaster.start(db, config);
    }

    @AfterAll
    static void stop() throws Exception {
        m.close();
    }

    @AfterEach
    void retire() throws Exception {
        m.clientKeys(null);
        m.retireAll();
    }

    private static ZapHandler zap() {
        return m.master().context().transport().zapHandler();
    }

    @Test
    void anAllowedSlaveBuildsAndUploadsOverCurve() throws Exception {
        m.clientKeys(new CurveClient(masterKeys.publicKey(), slaveKeys));
        m.addVersion("secret-pkg", "1.0");
        byte[] content = RunningMaster.content(150_000, 3);
        FileState wheel = RunningMaster.wheel("secret_pkg-1.0-py3-none-any.whl", content);
        try (Slave slave = m.slave("curve-builder", LONG, BUSY)) {
            assertThat(slave.idleUntilWork(WAIT)).isEqualTo(new Build("secret-pkg", "1.0"));
            assertThat(slave.ask(RunningMaster.built(wheel))).isEqualTo(new Send(wheel.filename()));
            assertThat(m.upload(slave.id(), content)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
        }
        assertThat(Files.readAllBytes(m.output().resolve("simple/secret-pkg/" + wheel.filename()))).isEqualTo(content);
        assertThat(m.admin(new AddPkg("curve-tool-pkg", "", "", false, List.of())))
                .as("a tool with an allowed key on the TCP import queue").isEqualTo(new AdminProtocol.Done("NEWPKG"));
        assertThat(zap().accepted()).isPositive();
    }

    @Test
    void anUnknownKeyIsRefusedOnEveryQueue() throws Exception {
        long refusedBefore = zap().refused();
        CurveClient stranger = new CurveClient(masterKeys.publicKey(), CurveCertificate.generate());
        refusedEverywhere(stranger::secure);
        assertThat(zap().refused()).as("refusals the ZAP handler counted").isGreaterThanOrEqualTo(refusedBefore + 3);
    }

    @Test
    void aSlavePinningAnotherMastersKeyIsRefused() throws Exception {
        CurveClient misled = new CurveClient(CurveCertificate.generate().publicKey(), slaveKeys);
        refusedEverywhere(misled::secure);
    }

    @Test
    void aPlaintextSlaveIsRefused() throws Exception {
        refusedEverywhere(socket -> { });
    }

    /** Each queue: the handshake fails, and the request never gets an answer. */
    private void refusedEverywhere(Consumer<QueueSocket> keys) throws Exception {
        try (Transport t = new Transport()) {
            var slave = t.socket(SocketType.REQ, SlaveDriverProtocol.SLAVE);
            refused(t, slave, keys, m.config().slaveQueue(),
                    () -> {
                        slave.send(new SlaveDriverProtocol.Hello(RunningMaster.hello("intruder", LONG, BUSY)));
                        return null;
                    },
                    () -> slave.recv(Duration.ofSeconds(1)));
            var upload = t.fileDealer();
            refused(t, upload, keys, m.config().fileQueue(),
                    () -> upload.send(new FileTransferProtocol.Hello(1)),
                    () -> upload.recv(Duration.ofSeconds(1)));
            var tool = t.socket(SocketType.REQ, AdminProtocol.TOOL);
            refused(t, tool, keys, m.config().importQueue(),
                    () -> {
                        tool.send(new AddPkg("intruder-pkg", "", "", false, List.of()));
                        return null;
                    },
                    () -> tool.recv(Duration.ofSeconds(1)));
        }
        assertThat(m.rows("SELECT count(*) FROM packages WHERE package = 'intruder-pkg'")).containsExactly("0");
    }

    interface Step {
        Object run() throws Exception;
    }

    private static void refused(Transport t, QueueSocket socket, Consumer<QueueSocket> keys, String address,
                                Step send, Step reply) throws Exception {
        String monitor = "inproc://curve-client-monitor-" + MONITORS.incrementAndGet();
        assertThat(socket.zmq().monitor(monitor, ZMQ.EVENT_ALL)).isTrue();
        ZMQ.Socket events = t.context().createSocket(SocketType.PAIR);
        try {
            events.connect(monitor);
            events.setReceiveTimeOut(250);
            keys.accept(socket);
            socket.linger(Duration.ZERO).connect(address);
            send.run();
            awaitFailedHandshake(events, address);
            assertThat(reply.run()).as("a reply through a refused handshake on " + address).isNull();
        } finally {
            socket.close();
            t.context().destroySocket(events);
        }
    }

    private static void awaitFailedHandshake(ZMQ.Socket events, String address) {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            ZMQ.Event e = ZMQ.Event.recv(events);
            if (e == null) {
                continue;
            }
            int code = e.getEvent();
            assertThat(code).as("handshake with " + address).isNotEqualTo(zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
            if (code == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH || code == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
                    || code == zmq.ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL || code == zmq.ZMQ.ZMQ_EVENT_DISCONNECTED) {
                return;
            }
        }
        throw new AssertionError("no failed handshake with " + address + " within 30 s");
    }
}
