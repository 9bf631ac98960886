package org.piwheels.master.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.clients.SkipClient;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Ack;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Built;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Busy;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Cont;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Die;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Hello;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Idle;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sent;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sleep;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.messages.TaskControlProtocols;
import org.piwheels.protocol.messages.WebProtocol;
import org.piwheels.protocol.records.BuildRequest;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.RawSocket;
import org.zeromq.SocketType;

/** Paths of the reply table beyond the recorded session, driven through the running task. */
@ExtendWith(PiwheelsDatabaseExtension.class)
class SlaveDriverTaskTest {
    private static final String V7 = "foo-0.1-cp311-cp311-linux_armv7l.whl";

    private SlaveSessionRig s;

    @BeforeEach
    void start(TestDatabase db, @TempDir Path output) throws Exception {
        s = new SlaveSessionRig(db, output);
    }

    @AfterEach
    void stop() throws Exception {
        s.close();
    }

    /** A typed slave connection. */
    private final class Slave implements AutoCloseable {
        final MessageSocket<SlaveRequest, MasterReply> socket =
                s.rig.transport.socket(SocketType.REQ, SlaveDriverProtocol.SLAVE);

        Slave() {
            socket.connect(s.rig.context.config().slaveQueue());
        }

        MasterReply ask(SlaveRequest r) throws Exception {
            socket.send(r);
            return socket.recv(Duration.ofSeconds(10));
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static Idle idle() {
        return new Idle(SlaveStateTest.stats(BuildRig.START));
    }

    private static Busy busy() {
        return new Busy(SlaveStateTest.stats(BuildRig.START));
    }

    private Slave hello(long expectedId) throws Exception {
        Slave slave = new Slave();
        assertThat(slave.ask(new Hello(SlaveStateTest.HELLO))).isEqualTo(new Ack(expectedId, "https://pypi.org/simple"));
        return slave;
    }

    private void queue(BuildRequest... builds) throws Exception {
        s.queue(Map.of("cp311", List.of(builds)));
        assertThat(s.rig.nextStats()).isNotNull();
    }

    private static BuildRequest b(String pkg, String ver) {
        return new BuildRequest(pkg, ver);
    }

    @Test
    void idleDuringABuildIsAProtocolErrorAndGetsDie() throws Exception {
        queue(b("foo", "0.1"));
        try (Slave slave = hello(1)) {
            assertThat(slave.ask(idle())).isEqualTo(new Build("foo", "0.1"));
            assertThat(slave.ask(idle())).isEqualTo(new Die());
        }
    }

    @Test
    void anUnknownConnectionIsToldToStartOverUnlessItIsSayingGoodbye() throws Exception {
        try (RawSocket stranger = s.connect()) {
            assertThat(SlaveSessionRig.exchange(stranger, SlaveSessionRig.encode(busy()), Duration.ofSeconds(10)))
                    .isEqualTo("63444945");
        }
        try (RawSocket leaving = s.connect()) {
            assertThat(SlaveSessionRig.exchange(leaving, SlaveSessionRig.encode(new SlaveDriverProtocol.Bye()),
                    Duration.ofMillis(300))).isNull();
        }
        assertThat(s.statusPending()).isFalse();
        try (Slave slave = hello(1)) {
            assertThat(slave.ask(idle())).isEqualTo(new Sleep(false));
        }
    }

    @Test
    void malformedFramesAreCountedAndGetNoReply() throws Exception {
        try (RawSocket stranger = s.connect()) {
            assertThat(SlaveSessionRig.exchange(stranger, new byte[] {(byte) 0xff}, Duration.ofMillis(500))).isNull();
        }
        try (Slave slave = hello(1); RawSocket known = s.connect()) {
            // the same kind of garbage from a registered slave's connection is rejected too
            assertThat(slave.ask(idle())).isEqualTo(new Sleep(false));
            assertThat(SlaveSessionRig.exchange(known, SlaveSessionRig.encode(new Hello(SlaveStateTest.HELLO)),
                    Duration.ofSeconds(10))).isNotNull();
            assertThat(SlaveSessionRig.exchange(known, new byte[] {(byte) 0x82, 0x64}, Duration.ofMillis(500))).isNull();
        }
        assertThat(s.rig.context.rejections()).containsEntry("slave_driver", 2L);
        try (Slave later = hello(3)) {
            assertThat(later.ask(idle())).isEqualTo(new Sleep(false));
        }
    }

    @Test
    void everyInvalidSlaveMessageOfTheVectorsIsCountedAndUnanswered() throws Exception {
        List<RawSocket> sockets = new ArrayList<>();
        for (JsonNode v : TestVectors.load("slave_driver.json").get("vectors")) {
            if (v.get("kind").asText().equals("invalid") && v.get("direction").asText().equals("slave->master")) {
                RawSocket raw = s.connect();
                raw.send(TestVectors.hex(v.get("cbor_hex").asText()));
                sockets.add(raw);
            }
        }
        assertThat(sockets).hasSize(36);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (s.rig.context.rejections().getOrDefault("slave_driver", 0L) < 36 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(s.rig.context.rejections()).containsEntry("slave_driver", 36L);
        for (RawSocket raw : sockets) {
            assertThat(raw.recv(Duration.ZERO)).isNull();
            raw.close();
        }
        try (Slave slave = hello(1)) {
            assertThat(slave.ask(idle())).isEqualTo(new Sleep(false));
        }
        assertThat(s.driver.isAlive()).isTrue();
    }

    @Test
    void aWheelThatFailsVerificationIsAskedForAgain() throws Exception {
        queue(b("foo", "0.1"));
        byte[] content = TestVectors.content(100000, 21);
        FileState wheel = TestVectors.wheel(V7, content);
        try (Slave slave = hello(1)) {
            assertThat(slave.ask(idle())).isEqualTo(new Build("foo", "0.1"));
            assertThat(slave.ask(busy())).isEqualTo(new Cont());
            assertThat(slave.ask(new Built(new BuildResult(true, Duration.ofSeconds(60), "ok", List.of(wheel)))))
                    .isEqualTo(new Send(V7));
            byte[] corrupt = content.clone();
            corrupt[0] ^= 1;
            assertThat(s.upload(1, corrupt)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(slave.ask(new Sent())).isEqualTo(new Send(V7));
            assertThat(Files.exists(s.rig.context.config().outputPath().resolve("simple/foo").resolve(V7))).isFalse();
            assertThat(s.upload(1, content)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
        }
        assertThat(s.rows("SELECT count(*) FROM files")).containsExactly("2");
        assertThat(s.web.next()).isInstanceOf(WebProtocol.Log.class);
        assertThat(s.web.next()).isEqualTo(new WebProtocol.Both("foo"));
    }

    @Test
    void aBuiltWheelsCoreMetadataHashIsRecordedWithItsBuild() throws Exception {
        queue(b("foo", "0.1"));
        byte[] metadata = "Metadata-Version: 2.1\nName: foo\nVersion: 0.1\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("foo/__init__.py"));
            out.putNextEntry(new java.util.zip.ZipEntry("foo-0.1.dist-info/METADATA"));
            out.write(metadata);
        }
        byte[] content = zip.toByteArray();
        try (Slave slave = hello(1)) {
            assertThat(slave.ask(idle())).isEqualTo(new Build("foo", "0.1"));
            assertThat(slave.ask(new Built(new BuildResult(true, Duration.ofSeconds(60), "ok",
                    List.of(TestVectors.wheel(V7, content)))))).isEqualTo(new Send(V7));
            assertThat(s.upload(1, content)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
        }
        String hash = TestVectors.sha256(metadata);
        // the wheel and its armv6l twin, recorded with the hash of the .metadata file the receiver wrote
        assertThat(s.rows("SELECT filename, core_metadata_hash FROM files ORDER BY filename")).containsExactly(
                "foo-0.1-cp311-cp311-linux_armv6l.whl|" + hash, V7 + "|" + hash);
        assertThat(TestVectors.sha256(Files.readAllBytes(
                s.rig.context.config().outputPath().resolve("simple/foo").resolve(V7 + ".metadata")))).isEqualTo(hash);
    }

    @Test
    void aDeletedPackageIsSkippedByItsBuilderAndLeavesTheQueue() throws Exception {
        queue(b("foo", "0.1"), b("foo", "0.2"));
        try (Slave slave = hello(1); SkipClient skip = new SkipClient(s.rig.transport)) {
            assertThat(slave.ask(idle())).isEqualTo(new Build("foo", "0.1"));
            assertThat(slave.ask(busy())).isEqualTo(new Cont());
            skip.deletePackage("foo");
            assertThat(slave.ask(busy())).isEqualTo(new Done());
            assertThat(slave.ask(idle())).isEqualTo(new Sleep(false));
            // and the next refresh still leaves it out
            queue(b("foo", "0.2"));
            assertThat(slave.ask(idle())).isEqualTo(new Sleep(false));
        }
    }

    @Test
    void aPausedMasterPutsSlavesToSleepAndResumingHandsOutTheBuild() throws Exception {
        queue(b("foo", "0.1"));
        try (Slave slave = hello(1)) {
            s.control(new TaskControlProtocols.Pause());
            assertThat(slave.ask(idle())).isEqualTo(new Sleep(true));
            s.control(new TaskControlProtocols.Resume());
            assertThat(slave.ask(idle())).isEqualTo(new Build("foo", "0.1"));
        }
    }

    @Test
    void monitorFlagsAffectOnlyTheirSlave() throws Exception {
        try (Slave one = hello(1); Slave two = hello(2)) {
            s.control(new TaskControlProtocols.Kill(2L));
            assertThat(one.ask(idle())).isEqualTo(new Sleep(false));
            s.control(new TaskControlProtocols.Kill(99L));
            s.control(new TaskControlProtocols.Sleep(1L));
            assertThat(one.ask(idle())).as("beyond 0.23: a paused slave sleeps").isEqualTo(new Sleep(true));
            s.control(new TaskControlProtocols.Wake(null));
            assertThat(one.ask(idle())).isEqualTo(new Sleep(false));
            assertThat(two.ask(idle())).as("the wake cancelled the kill").isEqualTo(new Sleep(false));
            s.control(new TaskControlProtocols.Kill(null));
            assertThat(one.ask(idle())).isEqualTo(new Die());
            assertThat(two.ask(idle())).isEqualTo(new Die());
        }
        assertThat(s.driver.isAlive()).isTrue();
    }

    @Test
    void anInconsistentBuildIsRecordedAsAFailure() throws Exception {
        queue(b("foo", "0.1"));
        FileState other = TestVectors.wheel("bar-2.0-py3-none-any.whl", new byte[10]);
        try (Slave slave = hello(1)) {
            assertThat(slave.ask(idle())).isEqualTo(new Build("foo", "0.1"));
            assertThat(slave.ask(new Built(new BuildResult(true, Duration.ofSeconds(5), "log", List.of(other)))))
                    .isEqualTo(new Done());
        }
        assertThat(s.rows("SELECT status FROM builds WHERE package = 'foo'")).containsExactly("false");
        assertThat(s.rows("SELECT count(*) FROM files")).containsExactly("0");
        WebProtocol.PageRequest log = s.web.next();
        assertThat(((WebProtocol.Log) log).log()).startsWith("log").contains("not of package foo");
        assertThat(s.web.next()).isEqualTo(new WebProtocol.Project("foo"));
    }

    @Test
    void aSlaveThatVanishesMidTransferExpiresAndItsBuildGoesToAnotherSlaveAtOnce() throws Exception {
        queue(b("foo", "0.1"));
        FileState wheel = TestVectors.wheel(V7, new byte[1000]);
        try (Slave slave = hello(1)) {
            assertThat(slave.ask(idle())).isEqualTo(new Build("foo", "0.1"));
            assertThat(slave.ask(new Built(new BuildResult(true, Duration.ofSeconds(5), "log", List.of(wheel)))))
                    .isEqualTo(new Send(V7));
        }
        assertThat(s.status(5)).hasSize(5); // HELLO, ACK, STATS, BUILD, SEND of slave 1
        s.rig.clock.advance(Duration.ofMinutes(6));
        List<String> dropped = s.status(1);
        assertThat(dropped).singleElement().asString().endsWith("63444945f6"); // DIE, null
        // beyond 0.23: the build is not left reserved for the vanished slave's build timeout
        try (Slave other = hello(2)) {
            assertThat(other.ask(idle())).isEqualTo(new Build("foo", "0.1"));
        }
        assertThat(s.rows("SELECT count(*) FROM builds")).containsExactly("0");
    }
}
