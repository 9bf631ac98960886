package org.piwheels.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AccessLogProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol.Chunk;
import org.piwheels.protocol.messages.FileTransferProtocol.Fetch;
import org.piwheels.protocol.messages.FileTransferProtocol.Hello;
import org.piwheels.protocol.messages.FileTransferProtocol.SenderMessage;
import org.piwheels.protocol.messages.MonitorStatusProtocol;
import org.piwheels.protocol.messages.SkipProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.records.MasterHello;
import org.piwheels.protocol.records.PageHit;
import org.piwheels.protocol.records.SlaveStats;
import org.zeromq.SocketType;

/** Every socket pairing piwheels uses, over inproc://, ipc:// and tcp://127.0.0.1. */
class TransportTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Transport transport;

    @BeforeEach
    void start() {
        transport = new Transport();
    }

    @AfterEach
    void stop() {
        transport.close();
    }

    /** Binds the server socket to a fresh address of the kind and returns the address to connect to. */
    private static String bind(QueueSocket server, String kind) {
        switch (kind) {
            case "inproc": {
                String a = "inproc://transport-test-" + COUNTER.incrementAndGet();
                server.bind(a);
                return a;
            }
            case "ipc": {
                String a = "ipc:///tmp/piw-test-" + UUID.randomUUID();
                server.bind(a);
                return a;
            }
            default:
                return "tcp://127.0.0.1:" + server.bindToRandomPort("tcp://127.0.0.1");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"inproc", "ipc", "tcp"})
    void requestReply(String kind) throws Exception {
        try (var server = transport.socket(SocketType.REP, SkipProtocol.SLAVE_DRIVER);
             var client = transport.socket(SocketType.REQ, SkipProtocol.CLIENT)) {
            client.connect(bind(server, kind));
            client.send(new SkipProtocol.DelVer("foo", "1.0"));
            assertThat(server.recv(WAIT)).isEqualTo(new SkipProtocol.DelVer("foo", "1.0"));
            server.send(new SkipProtocol.Ok());
            assertThat(client.recv(WAIT)).isEqualTo(new SkipProtocol.Ok());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"inproc", "ipc", "tcp"})
    void pushPull(String kind) throws Exception {
        try (var server = transport.socket(SocketType.PULL, AccessLogProtocol.MASTER);
             var client = transport.socket(SocketType.PUSH, AccessLogProtocol.LOGGER)) {
            client.connect(bind(server, kind));
            var hit = new AccessLogProtocol.LogPage(new PageHit("home", "::1", Instant.parse("2024-05-17T12:00:00Z"), "curl"));
            client.send(hit);
            assertThat(server.recv(WAIT)).isEqualTo(hit);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"inproc", "ipc", "tcp"})
    void publishSubscribe(String kind) throws Exception {
        try (var server = transport.socket(SocketType.PUB, MonitorStatusProtocol.MASTER);
             var client = transport.socket(SocketType.SUB, MonitorStatusProtocol.MONITOR)) {
            client.connect(bind(server, kind));
            var hello = new MonitorStatusProtocol.Hello(new MasterHello(
                    Instant.parse("2024-05-17T12:00:00Z"), "master", "Debian", "12", "unknown", "unknown"));
            // a subscription takes a moment to reach the publisher: publish until one arrives
            MonitorStatusProtocol.StatusMessage got = null;
            for (int i = 0; i < 50 && got == null; i++) {
                server.send(hello);
                got = client.recv(Duration.ofMillis(100));
            }
            assertThat(got).isEqualTo(hello);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"inproc", "ipc", "tcp"})
    void routerServesRequestClients(String kind) throws Exception {
        try (var master = transport.router(SlaveDriverProtocol.MASTER);
             var slave1 = transport.socket(SocketType.REQ, SlaveDriverProtocol.SLAVE);
             var slave2 = transport.socket(SocketType.REQ, SlaveDriverProtocol.SLAVE)) {
            String address = bind(master, kind);
            slave1.connect(address);
            slave2.connect(address);
            var stats = new SlaveStats(Instant.parse("2024-05-17T12:00:00Z"), 1, 1, 1, 1, 0, 0, 0.5, 40.0);
            slave1.send(new SlaveDriverProtocol.Idle(stats));
            slave2.send(new SlaveDriverProtocol.Sent());
            Map<Class<?>, byte[]> identities = new java.util.HashMap<>();
            for (int i = 0; i < 2; i++) {
                Addressed<SlaveDriverProtocol.SlaveRequest> req = master.recv(WAIT);
                assertThat(req).isNotNull();
                identities.put(req.message().getClass(), req.identity());
            }
            assertThat(identities.get(SlaveDriverProtocol.Idle.class)).isNotEqualTo(identities.get(SlaveDriverProtocol.Sent.class));
            assertThat(master.send(identities.get(SlaveDriverProtocol.Idle.class), new SlaveDriverProtocol.Sleep(false))).isTrue();
            assertThat(master.send(identities.get(SlaveDriverProtocol.Sent.class), new SlaveDriverProtocol.Die())).isTrue();
            assertThat(slave1.recv(WAIT)).isEqualTo(new SlaveDriverProtocol.Sleep(false));
            assertThat(slave2.recv(WAIT)).isEqualTo(new SlaveDriverProtocol.Die());
        }
    }

    @Test
    void routerSurvivesMalformedRequests() throws Exception {
        try (var master = transport.router(SlaveDriverProtocol.MASTER);
             var raw = transport.raw(SocketType.DEALER);
             var slave = transport.socket(SocketType.REQ, SlaveDriverProtocol.SLAVE)) {
            String address = bind(master, "tcp");
            raw.connect(address);
            slave.connect(address);
            // a DEALER can send what a REQ never would: two frames, and garbage CBOR
            raw.send(new byte[] {1, 2});
            assertThatThrownBy(() -> master.recv(WAIT)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("invalid message structure");
            raw.send(new byte[0], "FOO".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> master.recv(WAIT)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("unable to deserialize");
            byte[] garbageSender = master.lastIdentity();
            assertThat(garbageSender).isNotEmpty();
            slave.send(new SlaveDriverProtocol.Bye());
            assertThat(master.recv(WAIT).message()).isEqualTo(new SlaveDriverProtocol.Bye());
        }
    }

    @Test
    void replyToVanishedPeerReportsFalse() throws Exception {
        try (var master = transport.router(SlaveDriverProtocol.MASTER)) {
            bind(master, "inproc");
            assertThat(master.send(new byte[] {0, 1, 2, 3, 4}, new SlaveDriverProtocol.Done())).isFalse();
        }
    }

    @Test
    void sendRefusesInvalidDataBeforeWriting() {
        try (var client = transport.socket(SocketType.PUSH, AccessLogProtocol.LOGGER)) {
            client.connect("inproc://nowhere");
            assertThatThrownBy(() -> client.send(new AccessLogProtocol.LogPage(new PageHit(null, "::1", Instant.EPOCH, "x"))))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessage("lumberjack: LOGPAGE: invalid data: name: expected text, got null");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"inproc", "ipc", "tcp"})
    void fileTransferExchange(String kind) throws Exception {
        byte[] file = new byte[200_000];
        new java.util.Random(42).nextBytes(file);
        try (var router = transport.fileRouter(); var dealer = transport.fileDealer()) {
            dealer.connect(bind(router, kind));
            dealer.send(new Hello(7));
            Addressed<SenderMessage> hello = router.recv(WAIT);
            assertThat(hello.message()).isEqualTo(new Hello(7));

            // the master asks for every chunk; the sender answers each FETCH from the file
            byte[] received = new byte[file.length];
            for (long offset = 0; offset < file.length; offset += FileTransferProtocol.CHUNK_SIZE) {
                long length = Math.min(FileTransferProtocol.CHUNK_SIZE, file.length - offset);
                assertThat(router.send(hello.identity(), new Fetch(offset, length))).isTrue();
                Fetch fetch = (Fetch) dealer.recv(WAIT);
                byte[] data = java.util.Arrays.copyOfRange(file, (int) fetch.offset(), (int) (fetch.offset() + fetch.length()));
                dealer.send(new Chunk(fetch.offset(), data));
                Chunk chunk = (Chunk) router.recv(WAIT).message();
                System.arraycopy(chunk.data(), 0, received, (int) chunk.offset(), chunk.data().length);
            }
            router.send(hello.identity(), new FileTransferProtocol.Done());
            assertThat(dealer.recv(WAIT)).isEqualTo(new FileTransferProtocol.Done());
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            assertThat(sha.digest(received)).isEqualTo(MessageDigest.getInstance("SHA-256").digest(file));
        }
    }

    @Test
    void fileRouterRejectsMalformedFrames() throws Exception {
        try (var router = transport.fileRouter(); var raw = transport.raw(SocketType.DEALER)) {
            raw.connect(bind(router, "tcp"));
            raw.send("HELLO".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> router.recv(WAIT)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("HELLO: invalid frames: expected 2 frames, got 1");
            raw.send("CHUNK".getBytes(StandardCharsets.US_ASCII), "zero".getBytes(StandardCharsets.US_ASCII), new byte[] {1});
            assertThatThrownBy(() -> router.recv(WAIT)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("offset is not a decimal number");
            raw.send("HELLO".getBytes(StandardCharsets.US_ASCII), "1".getBytes(StandardCharsets.US_ASCII));
            assertThat(router.recv(WAIT).message()).isEqualTo(new Hello(1));
        }
    }

    @Test
    void pollerReportsReadySockets() throws Exception {
        try (var a = transport.socket(SocketType.PULL, AccessLogProtocol.MASTER);
             var b = transport.socket(SocketType.PULL, AccessLogProtocol.MASTER);
             var push = transport.socket(SocketType.PUSH, AccessLogProtocol.LOGGER);
             var poller = transport.poller()) {
            bind(a, "inproc");
            push.connect(bind(b, "inproc"));
            poller.register(a).register(b);
            assertThat(poller.poll(Duration.ofMillis(50))).isEmpty();
            push.send(new AccessLogProtocol.LogJson(new PageHit("foo", "::1", Instant.EPOCH, "pip")));
            assertThat(poller.poll(WAIT)).containsExactly(b);
            assertThat(b.recv()).isInstanceOf(AccessLogProtocol.LogJson.class);
            poller.unregister(b);
            assertThat(poller.poll(Duration.ofMillis(20))).isEmpty();
        }
    }

    @Test
    void anInprocNameClosedByOneSocketCanBeBoundAgainAtOnce() {
        // a task restarted in the same process binds its control name again straight after
        // closing it; JeroMQ alone gives the name back only when its reaper gets to the socket
        // (without the unbind in close this failed at the third bind, still taken after 30 s)
        String address = "inproc://transport-test-rebind-" + COUNTER.incrementAndGet();
        for (int i = 0; i < 200; i++) {
            var server = transport.socket(SocketType.PULL, AccessLogProtocol.MASTER);
            server.bind(address);
            server.close();
        }
    }

    @Test
    void anInprocNameStillInUseIsRefused() {
        String address = "inproc://transport-test-taken-" + COUNTER.incrementAndGet();
        try (var first = transport.socket(SocketType.PULL, AccessLogProtocol.MASTER);
             var second = transport.socket(SocketType.PULL, AccessLogProtocol.MASTER)) {
            first.bind(address);
            assertThatThrownBy(() -> second.bind(address)).isInstanceOf(org.zeromq.ZMQException.class);
        }
    }
}
