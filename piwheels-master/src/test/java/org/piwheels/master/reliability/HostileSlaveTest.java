package org.piwheels.master.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Ack;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Die;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sent;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.RawSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * Issue #12, "a hostile slave": a protocol-level slave on real loopback sockets lies
 * to a real master (slave driver, file receiver, database, site writer). Nothing may
 * be written outside the web root, nothing wrong published, the liar is refused or
 * told to die, and a well-behaved slave is served afterwards.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class HostileSlaveTest {
    private LiveMaster master;
    private Transport transport;
    private LogCapture logs;

    @BeforeEach
    void start(TestDatabase db, @TempDir Path root) throws Exception {
        logs = new LogCapture();
        master = new LiveMaster(db, root, 12);
        transport = new Transport();
    }

    @AfterEach
    void stop() throws Exception {
        transport.close();
        master.close();
        logs.close();
    }

    /** How the master's log names a protocol-level slave: {@code slave <id> (hostile)}. */
    private static String named(long id) {
        return "slave " + id + " \\(hostile\\)";
    }

    private static String quote(String s) {
        return Pattern.quote(s);
    }

    /** A good slave builds the next queued package, uploads its wheel, and the master publishes it. */
    private String wellBehavedBuild() throws Exception {
        try (ProtocolSlave slave = new ProtocolSlave(transport, master)) {
            long id = slave.hello();
            Build build = slave.awaitBuild();
            byte[] content = ProtocolSlave.content(150_000, build.packageName().hashCode());
            FileState wheel = ProtocolSlave.wheel(build.packageName(), content);
            assertThat(slave.ask(ProtocolSlave.built(wheel))).isEqualTo(new Send(wheel.filename()));
            assertThat(slave.upload(id, content)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
            Path published = master.output.resolve("simple").resolve(build.packageName()).resolve(wheel.filename());
            assertThat(Files.readAllBytes(published)).isEqualTo(content);
            return build.packageName();
        }
    }

    /** @return what under {@code simple/} is or might pass for a wheel (temporary uploads included) */
    private List<String> publishedWheels() throws Exception {
        return master.simpleFiles().stream().filter(n -> n.contains(".whl") || n.contains("outside")
                || n.contains(".upload-")).toList();
    }

    @Test
    void unsafeOrForeignWheelNamesAreRefusedAndNothingLeavesTheWebRoot() throws Exception {
        Path absolute = master.root.resolve("absolute-1.0-py3-none-any.whl");
        List<String> reasons = new ArrayList<>();
        List<String> expectedLines = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            try (ProtocolSlave slave = new ProtocolSlave(transport, master)) {
                long id = slave.hello();
                String pkg = slave.awaitBuild().packageName();
                byte[] content = ProtocolSlave.content(1000, i);
                String hash = ProtocolSlave.sha256(content);
                String good = pkg + "-1.0-py3-none-any.whl";
                FileState hostile = switch (i) {
                    case 0 -> ProtocolSlave.file("../" + good, pkg, 1000, hash);
                    case 1 -> ProtocolSlave.file("../../outside.whl", pkg, 1000, hash);
                    case 2 -> ProtocolSlave.file(pkg + "/../../" + good, pkg, 1000, hash);
                    case 3 -> ProtocolSlave.file(pkg + "-1.0-py3-none-any\0.whl", pkg, 1000, hash);
                    case 4 -> ProtocolSlave.file(absolute.toString(), pkg, 1000, hash);
                    case 5 -> ProtocolSlave.wheel("other", content); // a wheel of a package it was not given
                    case 6 -> ProtocolSlave.file(".upload-x.part", pkg, 1000, hash);
                    default -> ProtocolSlave.file(good, "other", 1000, hash); // name and tags disagree
                };
                MasterReply reply = slave.ask(ProtocolSlave.built(hostile));
                assertThat(reply).as("case %d: %s", i, hostile.filename()).isEqualTo(new Done());
                reasons.add(pkg);
                expectedLines.add("ERROR .*: " + named(id) + ": inconsistent build of " + quote(pkg) + " 1\\.0: \\S");
            }
        }
        assertThat(master.rows("SELECT count(*) FROM builds WHERE NOT status")).containsExactly("8");
        assertThat(master.rows("SELECT count(*) FROM builds WHERE status")).containsExactly("0");
        assertThat(master.rows("SELECT count(*) FROM files")).containsExactly("0");
        assertThat(rejectedLogs(8)).as("build logs saying why").isEqualTo(8);
        assertThat(master.master.context().rejections()).as("counted in the statistics")
                .containsEntry("slave_rejected_builds", 8L);
        for (String line : expectedLines) {
            logs.awaitLine(line); // the event logged: the slave, the build, and why it was refused
        }
        assertThat(publishedWheels()).isEmpty();
        assertThat(Files.exists(absolute)).isFalse();
        assertThat(master.outsideWebRoot()).isEmpty();

        String good = wellBehavedBuild();
        assertThat(reasons).doesNotContain(good);
        assertThat(publishedWheels()).containsExactly(good + "/" + good + "-1.0-py3-none-any.whl");
        assertThat(master.outsideWebRoot()).isEmpty();
        assertThat(master.alive()).isTrue();
    }

    @Test
    void aBuiltForNothingGivenIsAProtocolErrorAndTheSlaveIsToldToDie() throws Exception {
        FileState wheel = ProtocolSlave.wheel("pkg1", ProtocolSlave.content(10, 1));
        long id;
        try (ProtocolSlave slave = new ProtocolSlave(transport, master)) {
            id = slave.hello();
            assertThat(slave.ask(ProtocolSlave.built(wheel))).isEqualTo(new Die());
            // and it stays dead: whatever it says next is answered DIE
            assertThat(slave.ask(ProtocolSlave.built(wheel))).isEqualTo(new Die());
            assertThat(slave.ask(ProtocolSlave.idle())).isEqualTo(new Die());
        }
        try (ProtocolSlave stranger = new ProtocolSlave(transport, master)) {
            // never said HELLO at all
            assertThat(stranger.ask(ProtocolSlave.built(wheel))).isEqualTo(new Die());
        }
        assertThat(master.rows("SELECT count(*) FROM builds")).containsExactly("0");
        logs.awaitLine("ERROR .*: " + named(id) + ": protocol error \\(BUILT after ACK\\)");
        logs.awaitLine("ERROR .*: " + named(id) + ": protocol error \\(BUILT after DIE\\)");
        logs.awaitLine("ERROR .*: " + named(id) + ": protocol error \\(IDLE after DIE\\)");
        logs.awaitLine("ERROR .*: invalid first message from slave connection [0-9a-f]+: BUILT; telling it to start over");
        // two BUILTs and an IDLE out of turn, and a first message that is not HELLO
        assertThat(master.master.context().rejections()).as("counted in the statistics")
                .containsEntry("slave_protocol_errors", 4L);
        wellBehavedBuild();
        assertThat(master.outsideWebRoot()).isEmpty();
    }

    @Test
    void aWheelThatNeverMatchesItsHashIsNeverPublishedAndTheSlaveIsToldToDie() throws Exception {
        try (ProtocolSlave slave = new ProtocolSlave(transport, master)) {
            long id = slave.hello();
            Build build = slave.awaitBuild();
            byte[] content = ProtocolSlave.content(80_000, 3);
            FileState claimed = ProtocolSlave.file(build.packageName() + "-1.0-py3-none-any.whl",
                    build.packageName(), content.length, ProtocolSlave.sha256(ProtocolSlave.content(80_000, 4)));
            assertThat(slave.ask(ProtocolSlave.built(claimed))).isEqualTo(new Send(claimed.filename()));
            MasterReply reply = null;
            int attempts = 0;
            while (attempts < 10) {
                attempts++;
                assertThat(slave.upload(id, content)).isEqualTo(new FileTransferProtocol.Done());
                reply = slave.ask(new Sent());
                if (!(reply instanceof Send)) {
                    break;
                }
                assertThat(publishedWheels()).noneMatch(n -> n.endsWith(".whl"));
            }
            assertThat(reply).as("after %d uploads", attempts).isEqualTo(new Die());
            String file = quote(claimed.filename());
            logs.awaitLine("ERROR .*: " + named(id) + ": " + file + " failed verification 3 times; telling the slave to die");
            assertThat(logs.matching("WARN .*: " + named(id) + ": verification failed for " + file + ", asking again"))
                    .hasSize(2);
            logs.awaitLine("WARN .*: verification failed: " + file + ": ");
        }
        assertThat(publishedWheels()).isEmpty();
        assertThat(master.simpleFiles()).noneMatch(n -> n.startsWith(".upload-"));
        assertThat(master.rows("SELECT count(*) FROM files")).containsExactly("0");
        assertThat(master.master.context().rejections()).as("counted in the statistics")
                .containsEntry("slave_bad_hashes", 3L);
        wellBehavedBuild();
        assertThat(master.outsideWebRoot()).isEmpty();
    }

    @Test
    void strayAndMisshapenChunksNeitherCorruptNorLeakAndTheTransferStillCompletes() throws Exception {
        try (ProtocolSlave slave = new ProtocolSlave(transport, master)) {
            long id = slave.hello();
            Build build = slave.awaitBuild();
            byte[] content = ProtocolSlave.content(200_000, 5);
            FileState wheel = ProtocolSlave.wheel(build.packageName(), content);
            assertThat(slave.ask(ProtocolSlave.built(wheel))).isEqualTo(new Send(wheel.filename()));
            try (RawSocket stranger = transport.raw(SocketType.DEALER); RawSocket uploader = transport.raw(SocketType.DEALER)) {
                // someone else: chunks for files never announced, HELLOs for transfers nobody expects
                stranger.connect(master.config.fileQueue());
                stranger.send(ascii("CHUNK"), ascii("0"), new byte[65536]);
                stranger.send(ascii("HELLO"), ascii(Long.toString(id + 1000)));
                stranger.send(ascii("CHUNK"), ascii("0"), new byte[65536]);
                stranger.send(ascii("HELLO"), ascii("-1"));
                assertThat(stranger.recv(Duration.ofMillis(500))).isNull();

                uploader.connect(master.config.fileQueue());
                uploader.send(ascii("HELLO"), ascii(Long.toString(id)));
                assertThat(frame0(uploader.recv(Duration.ofSeconds(20)))).isEqualTo("FETCH");
                // chunks past the end, overflowing offsets, negative offsets, empty ones, smaller than asked
                uploader.send(ascii("CHUNK"), ascii(Long.toString(content.length - 10)), new byte[100]);
                uploader.send(ascii("CHUNK"), ascii(Long.toString(Long.MAX_VALUE - 5)), new byte[100]);
                uploader.send(ascii("CHUNK"), ascii("-100"), new byte[50]);
                uploader.send(ascii("CHUNK"), ascii("0"), new byte[0]);
                uploader.send(ascii("CHUNK"), ascii("0"), java.util.Arrays.copyOfRange(content, 0, 10));
                // then behave: answer every FETCH correctly until DONE
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (true) {
                    List<byte[]> m = uploader.recv(Duration.ofSeconds(20));
                    assertThat(m).isNotNull();
                    String kind = frame0(m);
                    if (kind.equals("DONE")) {
                        break;
                    }
                    assertThat(kind).isEqualTo("FETCH");
                    long off = Long.parseLong(new String(m.get(1), StandardCharsets.US_ASCII));
                    long len = Long.parseLong(new String(m.get(2), StandardCharsets.US_ASCII));
                    assertThat(off).isBetween(0L, (long) content.length);
                    assertThat(off + len).isLessThanOrEqualTo(content.length);
                    uploader.send(ascii("CHUNK"), ascii(Long.toString(off)),
                            java.util.Arrays.copyOfRange(content, (int) off, (int) (off + len)));
                    assertThat(System.nanoTime()).isLessThan(deadline);
                }
            }
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
            Path published = master.output.resolve("simple").resolve(build.packageName()).resolve(wheel.filename());
            assertThat(Files.readAllBytes(published)).isEqualTo(content);

            // the event logged: the stranger by its connection, the uploader by its slave id, each with what it did
            logs.awaitLine("WARN .*: file queue connection [0-9a-f]+: CHUNK for a file never announced");
            logs.awaitLine("ERROR .*: unexpected transfer from slave " + (id + 1000) + " \\(file queue connection [0-9a-f]+\\)");
            String file = quote(wheel.filename());
            logs.awaitLine("ERROR .*: transfer error from slave " + id + ": " + file + ": chunk \\[" + (content.length - 10)
                    + ", " + (content.length + 90) + "\\) beyond the file size");
            // offsets that do not parse (overflow, negative) are refused with the frames, naming the upload
            assertThat(logs.matching("ERROR .*: transfer error from slave " + id + " \\(upload of " + file
                    + "\\): .*CHUNK: invalid frames: offset")).hasSize(2);
            logs.awaitLine("ERROR .*: transfer error from file queue connection [0-9a-f]+: .*HELLO: invalid frames: "
                    + "slave id is not a decimal number: '-1'");
            logs.awaitLine("WARN .*: slave " + id + ": CHUNK \\[0, 0\\) of " + file + " answers no FETCH");
            logs.awaitLine("WARN .*: slave " + id + ": CHUNK \\[0, 10\\) of " + file + " answers no FETCH");
        }
        assertThat(master.master.context().rejections().getOrDefault("file_juggler_files", 0L)).isGreaterThanOrEqualTo(2L);
        assertThat(master.simpleFiles()).noneMatch(n -> n.startsWith(".upload-"));
        assertThat(master.outsideWebRoot()).isEmpty();
        wellBehavedBuild();
    }

    @Test
    void thousandsOfHellosNeitherMultiplySlavesNorStopTheService() throws Exception {
        // one connection repeating HELLO keeps its one id
        try (RawSocket dealer = transport.raw(SocketType.DEALER)) {
            dealer.connect(master.config.slaveQueue());
            byte[] hello = SlaveDriverProtocol.SLAVE.encode(new SlaveDriverProtocol.Hello(ProtocolSlave.HELLO));
            Set<Long> ids = new HashSet<>();
            int replies = 0;
            long first = -1;
            for (int batch = 0; batch < 30; batch++) {
                for (int i = 0; i < 100; i++) {
                    dealer.send(new byte[0], hello);
                }
                for (int i = 0; i < 100; i++) {
                    List<byte[]> m = dealer.recv(Duration.ofSeconds(20));
                    assertThat(m).isNotNull();
                    long id = ((Ack) SlaveDriverProtocol.SLAVE.decode(m.get(m.size() - 1))).slaveId();
                    ids.add(id);
                    first = first < 0 ? id : first;
                    replies++;
                }
            }
            assertThat(replies).isEqualTo(3000);
            assertThat(ids).hasSize(1);
            // the event logged, without 3,000 lines: the hello once, then the repeats at 2, 10, 100 and 1000
            assertThat(logs.matching(named(first) + ": hello \\(")).hasSize(1);
            for (int n : new int[] {2, 10, 100, 1000}) {
                logs.awaitLine("WARN .*: " + named(first) + ": HELLO again on the same connection \\(" + n + " so far\\)");
            }
            assertThat(logs.matching(named(first) + ": HELLO again")).hasSize(4);
        }
        // many connections each saying HELLO get distinct ids, and go away again
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            try (ProtocolSlave s = new ProtocolSlave(transport, master)) {
                ids.add(s.hello());
            }
        }
        assertThat(ids).hasSize(200);
        // each of the 200 logged by the id it was given
        Set<Long> logged = new HashSet<>();
        Pattern hello = Pattern.compile("slave (\\d+) \\(hostile\\): hello \\(");
        for (String line : logs.lines()) {
            Matcher m = hello.matcher(line);
            if (m.find()) {
                logged.add(Long.parseLong(m.group(1)));
            }
        }
        assertThat(logged).containsAll(ids);
        wellBehavedBuild();
        assertThat(master.alive()).isTrue();
    }

    /** @return how many build logs in the web root say the build was rejected, waiting up to 30 s for {@code want} */
    private int rejectedLogs(int want) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int found = 0;
        while (System.nanoTime() < deadline) {
            found = 0;
            Path logs = master.output.resolve("logs");
            if (Files.isDirectory(logs)) {
                try (var files = Files.walk(logs)) {
                    for (Path p : files.filter(f -> f.toString().endsWith(".txt.gz")).toList()) {
                        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(p))) {
                            if (new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("build rejected")) {
                                found++;
                            }
                        }
                    }
                }
            }
            if (found >= want) {
                break;
            }
            Thread.sleep(200);
        }
        return found;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String frame0(List<byte[]> frames) {
        assertThat(frames).isNotNull();
        return new String(frames.get(0), StandardCharsets.US_ASCII);
    }
}
