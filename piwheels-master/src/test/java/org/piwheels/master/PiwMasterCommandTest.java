package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.Database;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.RunningMaster.Monitor;
import org.piwheels.master.RunningMaster.Slave;
import org.piwheels.master.RunningMaster.Tool;
import org.piwheels.master.pypi.ChangelogRow;
import org.piwheels.master.pypi.StubPypi;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Cont;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Die;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sent;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sleep;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.RawSocket;

/**
 * piw-master as operators start it: {@link PiwMaster} through {@code CommandRunner},
 * the body of {@code PiwMaster.main} (the test supplies only the root check), with its
 * options from three stand-ins for the default configuration files, a {@code -c} file
 * and the command line, following a stub PyPI. Every path of the slave-driver, file
 * and import tables is then walked once over its sockets (the detailed variants are in
 * {@code Master*Test}), and a monitor's QUIT ends it with status 0, its tasks stopped
 * in reverse order.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PiwMasterCommandTest {
    static final Duration LONG = Duration.ofHours(3);
    static final Duration BUSY = Duration.ofMinutes(5);
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Sleep NOTHING = new Sleep(false);
    static final Sleep PAUSED = new Sleep(true);

    static RunningMaster m;
    static StubPypi pypi;
    static Path root;
    static Path logFile;

    private static String tcp() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "tcp://127.0.0.1:" + s.getLocalPort();
        }
    }

    @BeforeAll
    static void start(TestDatabase db, @TempDir Path dir) throws Exception {
        root = dir;
        try (Connection admin = db.adminConnection()) {
            Fixtures.clear(admin);
            Fixtures.exec(admin, "INSERT INTO build_abis (abi_tag) VALUES ('" + RunningMaster.ABI + "')");
        }
        try (Database d = Database.open(db.config())) {
            d.setPypiSerial(700_000); // follow from here, not PyPI's whole history
        }
        pypi = new StubPypi();
        Path output = Files.createDirectories(dir.resolve("www"));
        logFile = dir.resolve("master.log");
        String p = "inproc://cmd" + System.nanoTime() + "-";
        String status = tcp(), control = tcp(), imports = tcp(), log = tcp(), slave = tcp(), file = tcp();
        // the default files, lowest precedence first (/etc, /usr/local/etc, ~/.config), then -c
        Path etc = Files.writeString(dir.resolve("etc.conf"), "[master]\nslave-queue = " + tcp()
                + "\npypi-simple = http://etc.invalid/simple\noutput-path = " + dir.resolve("etc-www") + "\n");
        Path local = Files.writeString(dir.resolve("local.conf"), "[master]\nslave-queue = " + slave + "\n");
        Path home = Files.writeString(dir.resolve("home.conf"), "[master]\npypi-simple = http://home.invalid/simple\n"
                + "file-queue = " + file + "\n");
        Path explicit = Files.writeString(dir.resolve("explicit.conf"), "[master]\npypi-simple = " + RunningMaster.INDEX
                + "\noutput-path = " + dir.resolve("c-www") + "\nqueue-interval = 1h\n");
        List<String> args = List.of("-c", explicit.toString(), "-o", output.toString(),
                "--dsn", "postgres://" + db.appRole() + "@127.0.0.1:" + db.server().port() + "/" + db.name(),
                "-l", logFile.toString(), "--debug", "master.slave_driver", "--debug", "FileReceiver",
                "--pypi-xmlrpc", pypi.xmlrpcUri().toString(), "--pypi-json", pypi.jsonUri().toString(),
                "--status-queue", status, "--control-queue", control, "--import-queue", imports,
                "--log-queue", log, "--web-queue", p + "web", "--builds-queue", p + "builds",
                "--db-queue", p + "db", "--fs-queue", p + "fs", "--stats-queue", p + "stats",
                "--admin-auth", "off");
        MasterConfig expected = new MasterConfig("unused", output, false, List.of(), pypi.xmlrpcUri().toString(),
                RunningMaster.INDEX, pypi.jsonUri().toString(), status, control, imports, log, slave, file,
                p + "web", p + "builds", p + "db", p + "fs", p + "stats", Duration.ofHours(1));
        m = RunningMaster.command(db, expected, List.of(etc, local, home), args);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (m != null) {
                m.close();
            }
        } finally {
            if (pypi != null) {
                pypi.close();
            }
        }
    }

    @Test
    @Order(1)
    void theFilesAndTheCommandLineMeetInTheRunningMaster() throws Exception {
        // slave-queue: /usr/local/etc beat /etc; pypi-simple: -c beat ~/.config and /etc (checked in ACK)
        try (Slave slave = m.slave("configured", LONG, BUSY)) {
            assertThat(slave.id()).isPositive();
            slave.tell(new SlaveDriverProtocol.Bye());
        }
        // output-path: the command line beat -c and /etc (the home page is written at start)
        m.awaitFile(m.output().resolve("index.html"));
        assertThat(root.resolve("etc-www")).doesNotExist();
        assertThat(root.resolve("c-www")).doesNotExist();
    }

    @Test
    @Order(2)
    void debugNamesEitherSpellingOfATaskAndOnlyThose() {
        assertThat(org.slf4j.LoggerFactory.getLogger("master.slave_driver").isDebugEnabled()).isTrue();
        assertThat(org.slf4j.LoggerFactory.getLogger("master.file_juggler").isDebugEnabled()).isTrue();
        assertThat(org.slf4j.LoggerFactory.getLogger("master.mr_chase").isDebugEnabled()).isFalse();
        assertThat(org.slf4j.LoggerFactory.getLogger("master.seraph").isDebugEnabled()).isFalse();
    }

    private static void queue(String pkg, String version) throws Exception {
        assertThat(m.admin(new AdminProtocol.AddPkg(pkg, "", "", false, List.of())))
                .isIn(new AdminProtocol.Done("NEWPKG"), new AdminProtocol.Done("UPDPKG"));
        assertThat(m.admin(new AdminProtocol.AddVer(pkg, version, "", false, Instant.now(), false, false, List.of())))
                .isEqualTo(new AdminProtocol.Done("NEWVER"));
    }

    private static MasterReply askUntil(Slave slave, SlaveRequest request, MasterReply expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        MasterReply reply;
        do {
            reply = slave.ask(request);
        } while (!expected.equals(reply) && System.nanoTime() < deadline);
        return reply;
    }

    @Test
    @Order(3)
    void everyPathOfTheSlaveAndFileTables() throws Exception {
        m.drain();
        byte[] wheel = RunningMaster.content(150_000, 7);
        byte[] bad = wheel.clone();
        bad[149_999] ^= 1;
        String v7 = "walked-1.0-cp311-cp311-linux_armv7l.whl";
        try (Slave slave = m.connect()) {
            // HELLO → ACK, IDLE → SLEEP false
            slave.hello(RunningMaster.hello("walker", LONG, BUSY));
            assertThat(slave.ask(RunningMaster.idle())).isEqualTo(NOTHING);
            // IDLE → BUILD, BUSY → CONT, BUILT → SEND, file HELLO/FETCH/CHUNK/DONE, SENT → SEND (bad hash) / DONE
            queue("walked", "1.0");
            assertThat(slave.idleUntilWork(WAIT)).isEqualTo(new Build("walked", "1.0"));
            assertThat(slave.ask(RunningMaster.busy())).isEqualTo(new Cont());
            assertThat(slave.ask(RunningMaster.built(RunningMaster.wheel(v7, wheel)))).isEqualTo(new Send(v7));
            assertThat(m.upload(slave.id(), bad)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(slave.ask(new Sent())).as("the hash did not match: again").isEqualTo(new Send(v7));
            assertThat(m.upload(slave.id(), wheel)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(slave.ask(new Sent())).isEqualTo(new Done());
            Path dir = m.output().resolve("simple/walked");
            assertThat(Files.readAllBytes(dir.resolve(v7))).isEqualTo(wheel);
            assertThat(Files.readSymbolicLink(dir.resolve("walked-1.0-cp311-cp311-linux_armv6l.whl")))
                    .isEqualTo(Path.of(v7));
            // BUILT (failed) → DONE
            queue("walked", "2.0");
            assertThat(slave.idleUntilWork(WAIT)).isEqualTo(new Build("walked", "2.0"));
            assertThat(slave.ask(RunningMaster.failed())).isEqualTo(new Done());
            assertThat(m.rows("SELECT version, status FROM builds WHERE package = 'walked' ORDER BY version"))
                    .containsExactly("1.0|true", "2.0|false");
            // out of sequence → DIE
            assertThat(slave.ask(new Sent())).as("SENT without SEND").isEqualTo(new Die());
        }
        try (Slave slave = m.slave("confused", LONG, BUSY)) {
            assertThat(slave.ask(RunningMaster.failed())).as("BUILT without BUILD").isEqualTo(new Die());
        }
        queue("walked", "3.0");
        try (Slave slave = m.slave("eager", LONG, BUSY)) {
            assertThat(slave.idleUntilWork(WAIT)).isEqualTo(new Build("walked", "3.0"));
            assertThat(slave.ask(RunningMaster.idle())).as("IDLE during a build").isEqualTo(new Die());
        }
        // a stranger → DIE at once; BYE → no reply; invalid frames → no reply
        try (Slave stranger = m.connect()) {
            assertThat(stranger.ask(RunningMaster.idle())).isEqualTo(new Die());
        }
        try (Slave slave = m.slave("leaving", LONG, BUSY)) {
            assertThat(slave.ask(new SlaveDriverProtocol.Bye(), Duration.ofMillis(500))).isNull();
        }
        try (RawSocket raw = m.rawSlave()) {
            raw.send(HexFormat.of().parseHex("ff"));
            assertThat(raw.recv(Duration.ofMillis(500))).isNull();
        }
        m.drain(); // the build of 3.0 went back to the queue when its builder was told to die
    }

    @Test
    @Order(4)
    void monitorCommandsPerSlaveAndForAll() throws Exception {
        m.drain();
        try (Monitor monitor = m.monitor(); Slave one = m.slave("one", LONG, BUSY); Slave two = m.slave("two", LONG, BUSY)) {
            monitor.command(new MasterControlProtocol.Sleep(one.id()));
            assertThat(askUntil(one, RunningMaster.idle(), PAUSED)).isEqualTo(PAUSED);
            assertThat(two.ask(RunningMaster.idle())).isEqualTo(NOTHING);
            monitor.command(new MasterControlProtocol.Wake(one.id()));
            assertThat(askUntil(one, RunningMaster.idle(), NOTHING)).isEqualTo(NOTHING);
            monitor.command(new MasterControlProtocol.Sleep(null));
            assertThat(askUntil(two, RunningMaster.idle(), PAUSED)).isEqualTo(PAUSED);
            monitor.command(new MasterControlProtocol.Wake(null));
            assertThat(askUntil(two, RunningMaster.idle(), NOTHING)).isEqualTo(NOTHING);

            queue("skipped", "1.0");
            assertThat(one.idleUntilWork(WAIT)).isEqualTo(new Build("skipped", "1.0"));
            monitor.command(new MasterControlProtocol.Skip(one.id()));
            assertThat(askUntil(one, RunningMaster.busy(), new Done())).isEqualTo(new Done());
            monitor.command(new MasterControlProtocol.Kill(one.id()));
            assertThat(askUntil(one, RunningMaster.idle(), new Die())).isEqualTo(new Die());
            assertThat(monitor.awaitSlave(one.id(), "DIE")).isNotNull();
            assertThat(two.ask(RunningMaster.idle())).as("only slave one").isNotEqualTo(new Die());
        }
        m.drain();
    }

    @Test
    @Order(5)
    void everyRequestOfTheImportTable() throws Exception {
        byte[] wheel = RunningMaster.content(5_000, 8);
        byte[] bad = wheel.clone();
        bad[0] ^= 1;
        String name = "carried-1.0-py3-none-any.whl";
        FileState file = RunningMaster.wheel(name, wheel);
        queue("carried", "1.0");
        try (Tool tool = m.tool()) {
            assertThat(tool.ask(new AdminProtocol.Import(new BuildState(7, "carried", "1.0", RunningMaster.ABI, false,
                    Duration.ofSeconds(9), "by hand\n", List.of(file)))))
                    .isEqualTo(new AdminProtocol.Error("importing a failed build is not supported"));
            assertThat(tool.ask(new AdminProtocol.Sent())).isEqualTo(new AdminProtocol.Error("protocol violation"));
            assertThat(tool.ask(new AdminProtocol.Import(new BuildState(7, "carried", "1.0", RunningMaster.ABI, true,
                    Duration.ofSeconds(9), "by hand\n", List.of(file))))).isEqualTo(new AdminProtocol.Send(name));
            assertThat(m.upload(0, bad)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(tool.ask(new AdminProtocol.Sent())).isEqualTo(new AdminProtocol.Send(name));
            assertThat(m.upload(0, wheel)).isEqualTo(new FileTransferProtocol.Done());
            assertThat(tool.ask(new AdminProtocol.Sent())).isEqualTo(new AdminProtocol.Done("IMPORT"));
        }
        assertThat(Files.readAllBytes(m.output().resolve("simple/carried/" + name))).isEqualTo(wheel);
        assertThat(m.admin(new AdminProtocol.AddPkg("carried", "described", "", false, List.of())))
                .isEqualTo(new AdminProtocol.Done("UPDPKG"));
        assertThat(m.admin(new AdminProtocol.AddPkg("carried", "", "unwanted", false, List.of())))
                .isEqualTo(new AdminProtocol.Error("SKIPPKG"));
        assertThat(m.admin(new AdminProtocol.AddVer("nowhere", "1.0", "", false, Instant.now(), false, false, List.of())))
                .isEqualTo(new AdminProtocol.Error("NOPKG"));
        assertThat(m.admin(new AdminProtocol.RemVer("carried", "1.0", false, "", false)))
                .isEqualTo(new AdminProtocol.Done("DELVER"));
        assertThat(m.output().resolve("simple/carried/" + name)).as("its files went with it").doesNotExist();
        assertThat(m.admin(new AdminProtocol.RemPkg("carried", false, ""))).isEqualTo(new AdminProtocol.Done("DELPKG"));
        assertThat(m.rows("SELECT count(*) FROM packages WHERE package = 'carried'")).containsExactly("0");
        assertThat(m.admin(new AdminProtocol.Rebuild("HOME", null))).isEqualTo(new AdminProtocol.Done("REBUILD"));
        try (RawSocket raw = m.rawTool()) {
            raw.send(HexFormat.of().parseHex("ff"));
            List<byte[]> reply = raw.recv(Duration.ofSeconds(20));
            assertThat(reply).isNotNull();
            assertThat(AdminProtocol.TOOL.decode(reply.get(reply.size() - 1))).isInstanceOf(AdminProtocol.Error.class);
        }
    }

    @Test
    @Order(6)
    void aVersionPypiJustPublishedReachesAnIdleSlaveWithinSeconds() throws Exception {
        m.drain();
        try (Slave slave = m.slave("waiting", LONG, BUSY)) {
            assertThat(slave.ask(RunningMaster.idle())).isEqualTo(NOTHING);
            // the follower releases a changelog row once it has seen one ReorderBuffer.SETTLE_SECONDS newer
            // (PyPI's timestamps are not in serial order): the third row settles the first two
            long t = Instant.now().getEpochSecond() - 1_000;
            pypi.summary("Published", "\"just out\"", 700_003L);
            pypi.add(new ChangelogRow("Published", null, t, "create", 700_001),
                    new ChangelogRow("Published", "0.1", t + 1, "add source file Published-0.1.tar.gz", 700_002),
                    new ChangelogRow("Later", null, t + 1 + 301, "create", 700_003));
            long published = System.nanoTime();
            // the planner's timer is an hour: only the follower's request for a new queue explains a BUILD
            // within a minute (the follower asks PyPI every 10 s when it has caught up)
            Duration minute = Duration.ofSeconds(60);
            assertThat(slave.idleUntilWork(minute)).isEqualTo(new Build("published", "0.1"));
            assertThat(Duration.ofNanos(System.nanoTime() - published)).isLessThan(minute);
            assertThat(slave.ask(RunningMaster.failed())).isEqualTo(new Done());
        }
    }

    @Test
    @Order(100)
    void quitFromAMonitorStopsTheTasksInReverseOrderWithStatusZero() throws Exception {
        m.quit();
        assertThat(m.exitStatus()).isEqualTo(0);
        List<String> stopped = new ArrayList<>();
        for (String line : Files.readAllLines(logFile)) {
            String[] f = line.split(" ", 5); // date time logger LEVEL: message
            if (f.length == 5 && f[4].equals("stopped") && f[2].startsWith("master.")) {
                stopped.add(f[2]);
            }
        }
        List<String> reverse = new ArrayList<>(TaskNames.ALL.keySet());
        java.util.Collections.reverse(reverse);
        assertThat(stopped).isEqualTo(reverse);
    }
}
