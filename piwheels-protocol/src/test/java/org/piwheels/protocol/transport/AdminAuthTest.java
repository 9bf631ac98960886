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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;

/** The admin credentials file and PLAIN on the admin queues, over real loopback TCP sockets. */
class AdminAuthTest {
    /** Far more than a handshake needs on a loaded machine. */
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir Path dir;
    private Transport server;
    private Transport client;
    private AdminSecret secret;
    private final List<String> refusals = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = new Transport();
        client = new Transport();
        secret = AdminSecret.generate();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void theFileRoundTripsWithGroupReadOnlyAndIsNeverOverwritten() throws Exception {
        Path file = dir.resolve("admin.secret");
        secret.write(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(AdminSecret.read(file)).isEqualTo(secret);
        assertThat(Files.readString(file)).contains(secret.user() + ":" + secret.password());
        assertThatThrownBy(() -> AdminSecret.generate().write(file)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(AdminSecret.read(file)).isEqualTo(secret);
        assertThat(AdminSecret.generate().password()).isNotEqualTo(secret.password()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(secret.toString()).doesNotContain(secret.password());
    }

    @Test
    void badFilesAreNamedWithWhatIsWrong() throws Exception {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> AdminSecret.read(missing)).hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        Path empty = Files.writeString(dir.resolve("empty"), "# nothing\n\n");
        assertThatThrownBy(() -> AdminSecret.read(empty)).hasMessageContaining(empty.toString())
                .hasMessageContaining("no line USER:PASSWORD");
        Path noColon = Files.writeString(dir.resolve("nocolon"), "justapassword\n");
        assertThatThrownBy(() -> AdminSecret.read(noColon)).hasMessageContaining("USER:PASSWORD");
        Path two = Files.writeString(dir.resolve("two"), "a:b\nc:d\n");
        assertThatThrownBy(() -> AdminSecret.read(two)).hasMessageContaining("one line");
        Path space = Files.writeString(dir.resolve("space"), "a:b c\n");
        assertThatThrownBy(() -> AdminSecret.read(space)).hasMessageContaining("white space");
        assertThat(AdminSecret.read(Files.writeString(dir.resolve("ok"), "# comment\n  admin:pa:ss  \n")))
                .isEqualTo(new AdminSecret("admin", "pa:ss"));
    }

    @Test
    void aClientWithTheCredentialsIsServed() {
        try (RawSocket pull = serve(SocketType.PULL); RawSocket push = connect(SocketType.PUSH, pull, secret)) {
            push.send("QUIT".getBytes(StandardCharsets.UTF_8));
            List<byte[]> got = pull.recv(WAIT);
            assertThat(got).isNotNull();
            assertThat(new String(got.get(0), StandardCharsets.UTF_8)).isEqualTo("QUIT");
            assertThat(server.zapHandler().accepted()).isEqualTo(1);
            assertThat(refusals).isEmpty();
        }
    }

    @Test
    void aClientWithoutCredentialsIsRefusedAndItsMessageNeverArrives() throws Exception {
        refused(null, "test queue: no credentials");
        assertThat(server.zapHandler().accepted()).isZero();
    }

    @Test
    void aWrongPasswordOrUserIsRefused() throws Exception {
        refused(new AdminSecret(secret.user(), secret.password() + "x"), "test queue: wrong user name or password");
        refused(new AdminSecret("someone", secret.password()), "test queue: wrong user name or password");
        assertThat(server.zapHandler().refused()).isGreaterThanOrEqualTo(2);
        assertThat(server.zapHandler().accepted()).isZero();
    }

    @Test
    void aSubscriberWithoutCredentialsReceivesNothing() throws Exception {
        try (RawSocket pub = serve(SocketType.PUB);
             RawSocket good = connect(SocketType.SUB, pub, secret);
             RawSocket bad = connect(SocketType.SUB, pub, null)) {
            good.zmq().subscribe(new byte[0]);
            bad.zmq().subscribe(new byte[0]);
            awaitRefusals(1);
            // publish until the authenticated subscriber hears; the other must hear none of it
            long end = System.nanoTime() + WAIT.toNanos();
            List<byte[]> heard = null;
            while (heard == null && System.nanoTime() < end) {
                pub.send("STATUS".getBytes(StandardCharsets.UTF_8));
                heard = good.recv(Duration.ofMillis(100));
            }
            assertThat(heard).as("the authenticated subscriber hears the publisher").isNotNull();
            for (int i = 0; i < 20; i++) {
                pub.send("STATUS".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(bad.recv(Duration.ofMillis(500))).isNull();
        }
    }

    /** The client's handshake fails on the server and what it sends never arrives. */
    private void refused(AdminSecret credentials, String reason) throws Exception {
        refusals.clear();
        try (RawSocket pull = serve(SocketType.PULL); RawSocket push = connect(SocketType.PUSH, pull, credentials)) {
            push.send("QUIT".getBytes(StandardCharsets.UTF_8));
            awaitRefusal(reason);
            assertThat(pull.recv(Duration.ofMillis(500))).isNull();
        }
    }

    /** Waits for a refusal for this reason (a stalled handshake, which JeroMQ sometimes has, may come first). */
    private void awaitRefusal(String reason) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (refusals.stream().noneMatch(r -> r.contains(reason))) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no refusal for '" + reason + "' within " + WAIT + ": " + refusals);
            }
            Thread.sleep(20);
        }
    }

    private void awaitRefusals(int n) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (refusals.size() < n) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no refused handshake within " + WAIT);
            }
            Thread.sleep(20);
        }
    }

    private RawSocket serve(SocketType type) {
        RawSocket socket = new PlainServer(secret, (queue, why) -> refusals.add(queue + ": " + why))
                .secure(server, server.raw(type), "test queue");
        socket.bindToRandomPort("tcp://127.0.0.1");
        return socket;
    }

    private RawSocket connect(SocketType type, RawSocket server, AdminSecret credentials) {
        RawSocket socket = client.raw(type);
        socket.linger(Duration.ZERO);
        if (credentials != null) {
            credentials.secureClient(socket);
        }
        socket.connect(server.zmq().getLastEndpoint());
        return socket;
    }
}
