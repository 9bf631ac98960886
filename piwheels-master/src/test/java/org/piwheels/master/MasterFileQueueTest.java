package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piwheels.master.MasterSlaveQueueTest.BUSY;
import static org.piwheels.master.MasterSlaveQueueTest.LONG;
import static org.piwheels.master.MasterSlaveQueueTest.WAIT;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.RunningMaster.Slave;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sent;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.RawSocket;

/**
 * The file queue of the running master (protocol spec §6.2, §7.2): the FETCH/CHUNK
 * exchange with its credit rule frame by frame, re-HELLO, stray and malformed
 * frames, and the armv6l twin of an armv7l wheel.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class MasterFileQueueTest {
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

    /** A slave that has built these files and been asked for the first. */
    private Slave builtAndAskedFor(String pkg, FileState... files) throws Exception {
        m.drain();
        m.addVersion(pkg, "1.0");
        Slave slave = m.slave(pkg + "-builder", LONG, BUSY);
        assertThat(slave.idleUntilWork(WAIT)).isEqualTo(new Build(pkg, "1.0"));
        assertThat(slave.ask(RunningMaster.built(files))).isEqualTo(new Send(files[0].filename()));
        return slave;
    }

    private static byte[] a(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> text(List<byte[]> frames) {
        return frames.stream().map(f -> new String(f, StandardCharsets.US_ASCII)).toList();
    }

    private static List<String> next(RawSocket dealer) {
        List<byte[]> frames = dealer.recv(WAIT);
        assertThat(frames).as("a message from the master").isNotNull();
        return text(frames);
    }

    private static void chunk(RawSocket dealer, byte[] content, long offset, long length) {
        int end = (int) Math.min(content.length, offset + length);
        dealer.send(a("CHUNK"), a(Long.toString(offset)), Arrays.copyOfRange(content, (int) offset, end));
    }

    @Test
    void theRecordedTransferOfA199498ByteWheelFrameByFrame() throws Exception {
        byte[] content = RunningMaster.content(199_498, 6);
        String name = "recorded-1.0-py3-none-any.whl";
        try (Slave slave = builtAndAskedFor("recorded", RunningMaster.wheel(name, content));
             RawSocket dealer = m.rawUploader()) {
            dealer.send(a("HELLO"), a(Long.toString(slave.id())));
            // credit max(1, min(10, 199498 div 65536)) = 3
            assertThat(next(dealer)).containsExactly("FETCH", "0", "65536");
            assertThat(next(dealer)).containsExactly("FETCH", "65536", "65536");
            assertThat(next(dealer)).containsExactly("FETCH", "131072", "65536");
            assertThat(dealer.recv(Duration.ofMillis(300))).as("no more credit").isNull();
            chunk(dealer, content, 0, 65536);
            assertThat(next(dealer)).containsExactly("FETCH", "196608", "2890");
            chunk(dealer, content, 65536, 65536);
            assertThat(next(dealer)).as("wrapped around to what is missing").containsExactly("FETCH", "131072", "65536");
            // the uploader heard nothing for 5 s and says HELLO again: the credit starts afresh
            dealer.send(a("HELLO"), a(Long.toString(slave.id())));
            assertThat(next(dealer)).containsExactly("FETCH", "196608", "2890");
            assertThat(next(dealer)).containsExactly("FETCH", "131072", "65536");
            assertThat(next(dealer)).containsExactly("FETCH", "196608", "2890");
            assertThat(dealer.recv(Duration.ofMillis(300))).isNull();
            chunk(dealer, content, 131072, 65536);
            assertThat(next(dealer)).containsExactly("FETCH", "196608", "2890");
            chunk(dealer, content, 196608, 2890);
            assertThat(next(dealer)).containsExactly("DONE");
            // a late duplicate after DONE is ignored
            chunk(dealer, content, 196608, 2890);
            assertThat(dealer.recv(Duration.ofMillis(300))).isNull();
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
        }
        assertThat(Files.readAllBytes(m.output().resolve("simple/recorded/" + name))).isEqualTo(content);
    }

    @Test
    void aBigWheelUnderAMebibyteIsFetchedTenChunksAtATime() throws Exception {
        byte[] content = RunningMaster.content(15 * 65536 + 5, 7);
        String name = "big-1.0-py3-none-any.whl";
        try (Slave slave = builtAndAskedFor("big", RunningMaster.wheel(name, content));
             RawSocket dealer = m.rawUploader()) {
            dealer.send(a("HELLO"), a(Long.toString(slave.id())));
            for (int i = 0; i < 10; i++) {
                assertThat(next(dealer)).containsExactly("FETCH", Integer.toString(i * 65536), "65536");
            }
            assertThat(dealer.recv(Duration.ofMillis(300))).as("the pipeline holds ten").isNull();
            int fetched = 10;
            for (int i = 0; i < 16; i++) {
                chunk(dealer, content, (long) i * 65536, 65536);
                List<String> reply = next(dealer);
                if (i < 15) {
                    if (fetched <= 15) {
                        assertThat(reply).containsExactly("FETCH", Integer.toString(fetched * 65536),
                                fetched == 15 ? "5" : "65536");
                        fetched++;
                    } else {
                        assertThat(reply.get(0)).isEqualTo("FETCH"); // re-requests of ranges in flight
                    }
                } else {
                    assertThat(reply).containsExactly("DONE");
                }
            }
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
        }
        assertThat(Files.size(m.output().resolve("simple/big/" + name))).isEqualTo(content.length);
    }

    @Test
    void aWheelOfAMebibyteOrMoreIsFetchedInMebibytesFourAtATime() throws Exception {
        int mib = 1 << 20;
        byte[] content = RunningMaster.content(5 * mib + 3, 8);
        String name = "huge-1.0-py3-none-any.whl";
        try (Slave slave = builtAndAskedFor("huge", RunningMaster.wheel(name, content));
             RawSocket dealer = m.rawUploader()) {
            dealer.send(a("HELLO"), a(Long.toString(slave.id())));
            for (int i = 0; i < 4; i++) {
                assertThat(next(dealer)).containsExactly("FETCH", Integer.toString(i * mib), Integer.toString(mib));
            }
            assertThat(dealer.recv(Duration.ofMillis(300))).as("the pipeline holds four").isNull();
            chunk(dealer, content, 0, mib);
            assertThat(next(dealer)).containsExactly("FETCH", Integer.toString(4 * mib), Integer.toString(mib));
            for (int i = 1; i < 5; i++) {
                chunk(dealer, content, (long) i * mib, mib);
                List<String> reply = next(dealer);
                assertThat(reply.get(0)).isEqualTo("FETCH");
                if (i == 1) {
                    assertThat(reply).containsExactly("FETCH", Integer.toString(5 * mib), "3");
                }
            }
            chunk(dealer, content, 5L * mib, 3);
            assertThat(next(dealer)).containsExactly("DONE");
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
        }
        assertThat(m.output().resolve("simple/huge/" + name)).hasBinaryContent(content);
    }

    @Test
    void strayAndMalformedFramesGetNoReplyAndBreakNothing() throws Exception {
        byte[] content = RunningMaster.content(1000, 8);
        String name = "stray-1.0-py3-none-any.whl";
        long before = m.master().context().rejections().getOrDefault("file_juggler_files", 0L);
        try (Slave slave = builtAndAskedFor("stray", RunningMaster.wheel(name, content));
             RawSocket dealer = m.rawUploader()) {
            dealer.send(a("CHUNK"), a("0"), new byte[10]);          // no transfer: a leftover, ignored
            dealer.send(a("HELLO"), a("999999"));                  // nobody expects that slave
            dealer.send(a("HELLO"), a("one"));                     // not a number
            dealer.send(a("HELLO"));                               // no id
            dealer.send(a("FETCH"), a("0"), a("1"));               // the master's verb
            assertThat(dealer.recv(Duration.ofMillis(500))).isNull();
            dealer.send(a("HELLO"), a(Long.toString(slave.id())));
            assertThat(next(dealer)).containsExactly("FETCH", "0", "1000");
            dealer.send(a("CHUNK"), a("zero"), a("xx"));            // malformed in a transfer: FETCH again
            assertThat(next(dealer)).containsExactly("FETCH", "0", "1000");
            chunk(dealer, content, 0, 1000);
            assertThat(next(dealer)).containsExactly("DONE");
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
        }
        assertThat(m.master().context().rejections().getOrDefault("file_juggler_files", 0L) - before)
                .as("four malformed frames and one HELLO nobody expected").isEqualTo(5L);
        assertThat(m.running()).isTrue();
    }

    @Test
    void anArmv7lWheelGetsAnArmv6lTwinButARealArmv6lWheelIsKept() throws Exception {
        byte[] v7 = RunningMaster.content(5000, 9);
        byte[] v6 = RunningMaster.content(4000, 10);
        String v7Name = "twin-1.0-cp311-cp311-linux_armv7l.whl";
        String v6Name = "twin-1.0-cp311-cp311-linux_armv6l.whl";
        try (Slave slave = builtAndAskedFor("twin", RunningMaster.wheel(v7Name, v7))) {
            assertThat(m.upload(slave.id(), v7)).isNotNull();
            assertThat(slave.ask(new Sent())).as("the twin is never asked for").isEqualTo(new Done());
        }
        Path dir = m.output().resolve("simple/twin");
        assertThat(Files.readSymbolicLink(dir.resolve(v6Name))).isEqualTo(Path.of(v7Name));
        assertThat(m.rows("SELECT filename, platform_tag, filehash FROM files WHERE filename LIKE 'twin-%'"
                + " ORDER BY filename")).containsExactly(
                v6Name + "|linux_armv6l|" + RunningMaster.sha256(v7), v7Name + "|linux_armv7l|" + RunningMaster.sha256(v7));

        String realV6 = "real-1.0-cp311-cp311-linux_armv6l.whl";
        String realV7 = "real-1.0-cp311-cp311-linux_armv7l.whl";
        try (Slave slave = builtAndAskedFor("real", RunningMaster.wheel(realV6, v6), RunningMaster.wheel(realV7, v7))) {
            assertThat(m.upload(slave.id(), v6)).isNotNull();
            assertThat(slave.ask(new Sent())).isEqualTo(new Send(realV7));
            assertThat(m.upload(slave.id(), v7)).isNotNull();
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
        }
        Path real = m.output().resolve("simple/real");
        assertThat(Files.isSymbolicLink(real.resolve(realV6))).isFalse();
        assertThat(Files.readAllBytes(real.resolve(realV6))).isEqualTo(v6);
        assertThat(Files.readAllBytes(real.resolve(realV7))).isEqualTo(v7);
    }
}
