package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.RunningMaster.Slave;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Ack;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Built;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Cont;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Die;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sent;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sleep;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.RawSocket;
import org.piwheels.web.BuildLogPaths;

/**
 * Every path of the slave driver's reply table (protocol spec §7.1.3), driven as a
 * build slave would drive it: over the running master's slave and file queues, with
 * the build queue coming from the real planner (on a one-second timer here) and the
 * results landing in the database and the web root.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class MasterSlaveQueueTest {
    static final Duration LONG = Duration.ofHours(3);
    static final Duration BUSY = Duration.ofMinutes(5);
    static final Duration WAIT = Duration.ofSeconds(15);
    /** The vanishing slave's busy timeout: more than twice a stalled connection handshake (5 s). */
    static final Duration DOOMED_SILENCE = Duration.ofSeconds(12);

    static RunningMaster m;

    @BeforeAll
    static void start(TestDatabase db, @TempDir Path output) throws Exception {
        m = RunningMaster.start(db, output, Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() throws Exception {
        m.close();
    }

    @AfterEach
    void retire() throws Exception {
        m.retireAll();
    }

    @Test
    void helloIsAcknowledgedWithTheIdAndIndexAndAnEmptyQueueMeansSleep() throws Exception {
        m.drain();
        try (Slave slave = m.connect()) {
            var hello = RunningMaster.hello("s", LONG, BUSY);
            var ack = (Ack) slave.ask(new SlaveDriverProtocol.Hello(hello));
            assertThat(ack.indexUrl()).isEqualTo(RunningMaster.INDEX);
            assertThat(slave.ask(new SlaveDriverProtocol.Hello(hello))).as("a repeated HELLO keeps the id")
                    .isEqualTo(new Ack(ack.slaveId(), RunningMaster.INDEX));
            assertThat(slave.ask(RunningMaster.idle())).isEqualTo(new Sleep(false));
            assertThat(slave.ask(RunningMaster.idle())).as("asking again after the pause").isEqualTo(new Sleep(false));
            try (Slave other = m.slave("t", LONG, BUSY)) {
                assertThat(other.id()).isGreaterThan(ack.slaveId());
            }
        }
    }

    @Test
    void workThatArrivesWhileASlaveSleepsIsHandedOutAtItsNextIdleByThePlannersTimer() throws Exception {
        m.drain();
        try (Slave slave = m.slave("sleeper", LONG, BUSY)) {
            assertThat(slave.ask(RunningMaster.idle())).isEqualTo(new Sleep(false));
            // straight into the database: nothing tells the planner, only its timer finds it
            m.addVersion("sleepy", "1.0");
            long asked = System.nanoTime();
            assertThat(slave.idleUntilWork(WAIT)).isEqualTo(new Build("sleepy", "1.0"));
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(12));
            assertThat(slave.ask(RunningMaster.failed())).isEqualTo(new Done());
        }
    }

    @Test
    void aSuccessfulBuildIsFetchedVerifiedRecordedAndPublished() throws Exception {
        m.drain();
        m.addVersion("good", "1.0");
        byte[] any = RunningMaster.content(70_000, 1);
        byte[] arm = RunningMaster.content(150_000, 2);
        String anyName = "good-1.0-py3-none-any.whl";
        String v7 = "good-1.0-cp311-cp311-linux_armv7l.whl";
        String v6 = "good-1.0-cp311-cp311-linux_armv6l.whl";
        try (Slave slave = m.slave("builder", LONG, BUSY)) {
            assertThat(slave.idleUntilWork(WAIT)).isEqualTo(new Build("good", "1.0"));
            assertThat(slave.ask(RunningMaster.busy())).isEqualTo(new Cont());
            assertThat(slave.ask(RunningMaster.busy())).isEqualTo(new Cont());
            assertThat(slave.ask(RunningMaster.built(RunningMaster.wheel(anyName, any), RunningMaster.wheel(v7, arm)))).as("first file by name")
                    .isEqualTo(new Send(v7));
            assertThat(m.upload(slave.id(), arm)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(slave.ask(new Sent())).as("verified, one more to go").isEqualTo(new Send(anyName));
            assertThat(m.upload(slave.id(), any)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
            assertThat(slave.ask(RunningMaster.idle())).isEqualTo(new Sleep(false));
        }
        Path dir = m.output().resolve("simple/good");
        assertThat(Files.readAllBytes(dir.resolve(anyName))).isEqualTo(any);
        assertThat(Files.readAllBytes(dir.resolve(v7))).isEqualTo(arm);
        assertThat(Files.readSymbolicLink(dir.resolve(v6))).as("the armv6l twin").isEqualTo(Path.of(v7));
        List<String> build = m.rows("SELECT build_id, status, abi_tag, extract(epoch FROM duration)::int FROM builds"
                + " WHERE package = 'good'");
        assertThat(build).singleElement().asString().endsWith("|true|cp311|42");
        long id = Long.parseLong(build.get(0).split("\\|")[0]);
        assertThat(m.rows("SELECT filename FROM files WHERE build_id = " + id + " ORDER BY filename"))
                .containsExactly(v6, v7, anyName);
        m.awaitFile(m.output().resolve(BuildLogPaths.relativePath(id)));
    }

    @Test
    void aWheelWithTheWrongHashIsAskedForAgain() throws Exception {
        m.drain();
        m.addVersion("shaky", "0.1");
        byte[] good = RunningMaster.content(100_000, 3);
        byte[] bad = good.clone();
        bad[99_999] ^= 1;
        String name = "shaky-0.1-py3-none-any.whl";
        try (Slave slave = m.slave("flaky-net", LONG, BUSY)) {
            assertThat(slave.idleUntilWork(WAIT)).isEqualTo(new Build("shaky", "0.1"));
            assertThat(slave.ask(RunningMaster.built(RunningMaster.wheel(name, good)))).isEqualTo(new Send(name));
            assertThat(m.upload(slave.id(), bad)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(slave.ask(new Sent())).as("retry").isEqualTo(new Send(name));
            assertThat(m.output().resolve("simple/shaky/" + name)).doesNotExist();
            assertThat(m.upload(slave.id(), good)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
        }
        assertThat(Files.readAllBytes(m.output().resolve("simple/shaky/" + name))).isEqualTo(good);
        assertThat(m.leftovers()).isEmpty();
    }

    @Test
    void aFailedBuildIsRecordedWithItsLogAndDone() throws Exception {
        m.drain();
        m.addVersion("broken", "2.0");
        try (Slave slave = m.slave("builder", LONG, BUSY)) {
            assertThat(slave.idleUntilWork(WAIT)).isEqualTo(new Build("broken", "2.0"));
            assertThat(slave.ask(RunningMaster.busy())).isEqualTo(new Cont());
            assertThat(slave.ask(RunningMaster.failed())).isEqualTo(new Done());
            assertThat(slave.ask(RunningMaster.idle())).isEqualTo(new Sleep(false));
        }
        List<String> build = m.rows("SELECT build_id, status FROM builds WHERE package = 'broken'");
        assertThat(build).singleElement().asString().endsWith("|false");
        Path log = m.output().resolve(BuildLogPaths.relativePath(Long.parseLong(build.get(0).split("\\|")[0])));
        m.awaitFile(log);
    }

    @Test
    void aSlaveThatVanishesMidTransferIsDroppedWithItsUploadAndItsBuildGoesToAnother() throws Exception {
        m.drain();
        m.addVersion("lost", "1.0");
        byte[] wheel = RunningMaster.content(300_000, 4);
        String name = "lost-1.0-py3-none-any.whl";
        try (RunningMaster.Monitor monitor = m.monitor()) {
            // it may take 2 s to build and goes silent for more than 12 s at its peril. Its silence
            // starts at BUILT, and the upload's HELLO comes on a fresh file-queue connection, whose
            // JeroMQ handshake now and then stalls for 5 s before it is retried (Transport.HANDSHAKE_MS);
            // an expired slave's HELLO is rightly ignored, so with 3 s a stall (or a loaded machine)
            // could expire it before its HELLO: no FETCH at all, as seen once on CI
            Slave doomed = m.slave("doomed", Duration.ofSeconds(2), DOOMED_SILENCE);
            assertThat(doomed.idleUntilWork(WAIT)).isEqualTo(new Build("lost", "1.0"));
            assertThat(doomed.ask(RunningMaster.built(RunningMaster.wheel(name, wheel)))).isEqualTo(new Send(name));
            try (var upload = m.uploader()) {
                upload.send(new FileTransferProtocol.Hello(doomed.id()));
                var fetch = (FileTransferProtocol.Fetch) upload.recv(WAIT);
                upload.send(new FileTransferProtocol.Chunk(fetch.offset(), java.util.Arrays.copyOfRange(wheel,
                        (int) fetch.offset(), (int) (fetch.offset() + fetch.length()))));
            }
            doomed.close();
            assertThat(m.leftovers()).as("the upload in progress").hasSize(1);
            // the expiry sweep (every 10 s) drops it, tells the monitors, and its upload goes
            var dropped = monitor.awaitSlave(doomed.id(), "DIE", DOOMED_SILENCE.plus(Duration.ofSeconds(30)));
            assertThat(dropped).isNotNull();
            assertThat(dropped.data()).as("DIE of an expired slave carries null").isNull();
            m.awaitNoLeftovers();
            // its build stays reserved for its build timeout, then goes to another slave
            try (Slave heir = m.slave("heir", LONG, BUSY)) {
                assertThat(heir.idleUntilWork(WAIT)).isEqualTo(new Build("lost", "1.0"));
                assertThat(heir.ask(RunningMaster.built(RunningMaster.wheel(name, wheel)))).isEqualTo(new Send(name));
                assertThat(m.upload(heir.id(), wheel)).isEqualTo(new FileTransferProtocol.Done());
                assertThat(heir.ask(new Sent())).isEqualTo(new Done());
            }
        }
        assertThat(m.rows("SELECT built_by, status FROM builds WHERE package = 'lost'")).singleElement()
                .asString().endsWith("|true");
    }

    @Test
    void aSlaveThatSaysByeDuringATransferTakesItsUploadWithIt() throws Exception {
        m.drain();
        m.addVersion("quitter", "1.0");
        byte[] wheel = RunningMaster.content(1000, 5);
        String name = "quitter-1.0-py3-none-any.whl";
        try (Slave slave = m.slave("quitter", LONG, BUSY)) {
            assertThat(slave.idleUntilWork(WAIT)).isEqualTo(new Build("quitter", "1.0"));
            assertThat(slave.ask(RunningMaster.built(RunningMaster.wheel(name, wheel)))).isEqualTo(new Send(name));
            assertThat(m.leftovers()).hasSize(1);
            slave.tell(new SlaveDriverProtocol.Bye());
            m.awaitNoLeftovers();
        }
    }

    @Test
    void messagesOutOfSequenceAreAnsweredDie() throws Exception {
        m.drain();
        m.addVersion("order", "1.0");
        try (Slave early = m.slave("early", LONG, BUSY)) {
            assertThat(early.ask(new Sent())).as("SENT before any SEND").isEqualTo(new Die());
        }
        try (Slave hasty = m.slave("hasty", LONG, BUSY)) {
            assertThat(hasty.ask(RunningMaster.failed())).as("BUILT before any BUILD").isEqualTo(new Die());
        }
        try (Slave twice = m.slave("twice", LONG, BUSY)) {
            assertThat(twice.idleUntilWork(WAIT)).isEqualTo(new Build("order", "1.0"));
            assertThat(twice.ask(RunningMaster.idle())).as("IDLE during a build").isEqualTo(new Die());
        }
    }

    @Test
    void byeGetsNoReplyAndTheSlaveIsForgotten() throws Exception {
        m.drain();
        try (RunningMaster.Monitor monitor = m.monitor(); Slave slave = m.slave("leaving", LONG, BUSY)) {
            assertThat(slave.ask(RunningMaster.idle())).isEqualTo(new Sleep(false));
            assertThat(slave.ask(new SlaveDriverProtocol.Bye(), Duration.ofMillis(500))).isNull();
            assertThat(monitor.awaitSlave(slave.id(), "DIE")).isNotNull();
            // the master forgot it: the same connection is a stranger now and is told to start over
            try (RawSocket raw = m.rawSlave()) {
                raw.send(SlaveDriverProtocol.SLAVE.encode(new SlaveDriverProtocol.Bye()));
                assertThat(raw.recv(Duration.ofMillis(300))).as("BYE from a stranger").isNull();
            }
        }
    }

    @Test
    void aStrangerIsToldToStartOverAtOnce() throws Exception {
        try (Slave stranger = m.connect()) {
            long asked = System.nanoTime();
            assertThat(stranger.ask(RunningMaster.idle())).isEqualTo(new Die());
            assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(12));
        }
        try (Slave stranger = m.connect()) {
            assertThat(stranger.ask(RunningMaster.busy())).isEqualTo(new Die());
        }
    }

    @Test
    void invalidMessagesGetNoReplyAndTheMasterCarriesOn() throws Exception {
        m.drain();
        long before = rejected();
        List<byte[]> garbage = List.of(
                new byte[] {(byte) 0xff},                                   // not CBOR
                hex("6449444c45"),                                          // "IDLE" without its data
                hex("8264494c4c45f5"),                                      // unknown action
                hex("826449444c4501"),                                      // IDLE with an int
                hex("83644944 4c45f6f6".replace(" ", "")));                  // three items
        int expectedRejections = 0;
        for (int i = 0; i < garbage.size(); i++) {
            try (RawSocket raw = m.rawSlave()) {
                raw.send(garbage.get(i));
                assertThat(raw.recv(Duration.ofMillis(300))).as("reply to garbage #%d", i).isNull();
            }
            expectedRejections++;
        }
        // and from a registered slave's connection too
        try (RawSocket raw = m.rawSlave()) {
            raw.send(SlaveDriverProtocol.SLAVE.encode(new SlaveDriverProtocol.Hello(
                    RunningMaster.hello("raw", LONG, BUSY))));
            assertThat(raw.recv(Duration.ofSeconds(10))).isNotNull();
            raw.send(new byte[] {(byte) 0x82, 0x64});
            assertThat(raw.recv(Duration.ofMillis(300))).isNull();
            expectedRejections++;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (rejected() < before + expectedRejections && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(rejected()).isEqualTo(before + expectedRejections);
        try (Slave slave = m.slave("after", LONG, BUSY)) {
            assertThat(slave.ask(RunningMaster.idle())).isEqualTo(new Sleep(false));
        }
        assertThat(m.running()).isTrue();
    }

    private static long rejected() {
        return m.master().context().rejections().getOrDefault("slave_driver", 0L);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

}
