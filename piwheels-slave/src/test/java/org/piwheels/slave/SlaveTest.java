package org.piwheels.slave;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.HostInfo;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Ack;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Built;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Busy;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Bye;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Cont;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Die;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Hello;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Idle;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sent;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sleep;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.records.SlaveHello;
import org.piwheels.protocol.records.SlaveStats;
import org.piwheels.protocol.transport.Addressed;
import org.piwheels.protocol.transport.CurveAllowList;
import org.piwheels.protocol.transport.CurveCertificate;
import org.piwheels.protocol.transport.CurveClient;
import org.piwheels.protocol.transport.CurveServer;
import org.piwheels.protocol.transport.FileTransferRouter;
import org.piwheels.protocol.transport.RawSocket;
import org.piwheels.protocol.transport.RouterSocket;
import org.piwheels.protocol.transport.Transport;
import org.piwheels.testing.FakePypi;
import org.piwheels.testing.PipRunner;
import org.piwheels.testing.SdistBuilder;
import org.zeromq.SocketType;

/** The whole slave against a scripted master (ROUTER and file ROUTER on 127.0.0.1) and a fake PyPI. */
class SlaveTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * The master timeout of the tests where the master falls silent. It also bounds every normal
     * reply of the scripted master, so it must outlast a stall of the test thread on a loaded
     * machine (4 s did not, once, on CI).
     */
    private static final Duration SILENCE = Duration.ofSeconds(12);
    private static FakePypi pypi;
    private static PythonTags tags;

    @TempDir
    Path work;
    private Transport transport;
    private RouterSocket<MasterReply, SlaveRequest> master;
    private FileTransferRouter files;
    private int slavePort;
    private int filePort;
    private LogCapture logs;
    private CurveClient curve;

    @BeforeAll
    static void startPypi() throws Exception {
        pypi = FakePypi.start().publishBuildTools();
        pypi.publish(SdistBuilder.sdist("tiny", "1.0").requires("colorzero").build(), null);
        pypi.publish(SdistBuilder.sdist("slowpoke", "1.0").setupPrelude("import time\ntime.sleep(600)").build(), null);
        tags = PythonTags.query(PipRunner.PYTHON);
    }

    @AfterAll
    static void stopPypi() {
        pypi.close();
    }

    @BeforeEach
    void bind() {
        transport = new Transport();
        master = transport.router(SlaveDriverProtocol.MASTER);
        files = transport.fileRouter();
        master.zmq().setHandshakeIvl(2000); // see Handshakes: a stalled JeroMQ handshake is retried
        files.zmq().setHandshakeIvl(2000);
        slavePort = master.bindToRandomPort("tcp://127.0.0.1");
        filePort = files.bindToRandomPort("tcp://127.0.0.1");
        logs = new LogCapture();
    }

    @AfterEach
    void close() throws InterruptedException {
        // a test that failed half-way leaves its slave running; it must not talk to the next test
        if (started != null) {
            started.requestStop();
            started.awaitFinished(Duration.ofSeconds(30));
        }
        logs.close();
        transport.close();
    }

    private Path buildRoot() {
        return work.resolve("builds");
    }

    private Slave slave(Duration masterTimeout) throws Exception {
        return slave(masterTimeout, Duration.ofSeconds(30), new HostInfo(), PipRunner.pipCommand());
    }

    private Slave slave(Duration masterTimeout, Duration terminateWait, HostInfo host, List<String> pip) throws Exception {
        // real builds run sandboxed when bwrap works; a stand-in "pip" that reports to the build root does not
        Sandbox sandbox = pip.equals(PipRunner.pipCommand()) ? Sandbox.choose(Sandbox.Mode.AUTO, List.of()) : Sandbox.NONE;
        BuildSettings build = new BuildSettings(pip, buildRoot(), Duration.ofMinutes(3), null,
                PipRunner.cleanEnvironment(work.resolve("home")), Duration.ofSeconds(5), Duration.ofMillis(200),
                Ldd.DEFAULT_TIMEOUT, DpkgOwners.SYSTEM_INFO, sandbox);
        Files.createDirectories(buildRoot());
        SlaveSettings s = new SlaveSettings("127.0.0.1", slavePort, filePort, "test-slave", masterTimeout,
                Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(400),
                terminateWait, Duration.ofMillis(500), build).withCurve(curve);
        return new Slave(s, host, tags);
    }

    /** Runs the slave on its own thread; the future holds what run() threw, or null. */
    private CompletableFuture<Throwable> start(Slave slave) {
        CompletableFuture<Throwable> f = new CompletableFuture<>();
        started = slave;
        slaveThread = new Thread(() -> {
            try {
                slave.run();
                f.complete(null);
            } catch (Throwable t) {
                f.complete(t);
            }
        }, "slave-under-test");
        slaveThread.start();
        return f;
    }

    private Thread slaveThread;
    private Slave started;

    private Addressed<SlaveRequest> next() throws Exception {
        Addressed<SlaveRequest> r = master.recv(WAIT);
        if (r == null && slaveThread != null) {
            for (StackTraceElement e : slaveThread.getStackTrace()) {
                System.err.println("  slave at " + e);
            }
        }
        assertThat(r).as("the slave said nothing").isNotNull();
        return r;
    }

    private Addressed<SlaveRequest> expect(Class<? extends SlaveRequest> type) throws Exception {
        Addressed<SlaveRequest> r = next();
        assertThat(r.message()).isInstanceOf(type);
        return r;
    }

    private long buildDirectories() throws Exception {
        try (Stream<Path> s = Files.list(buildRoot())) {
            return s.count();
        }
    }

    /**
     * Whether the build root is empty, or becomes so within 10 s. The slave removes the build
     * before its new HELLO, but CI once saw a directory there at that moment (cause unknown: the
     * sandbox's teardown is a suspect), so what is left is printed before waiting.
     */
    private boolean buildDirectoriesGone() throws Exception {
        if (buildDirectories() == 0) {
            return true;
        }
        try (Stream<Path> s = Files.walk(buildRoot())) {
            s.forEach(p -> System.err.println("left in the build root at the new HELLO: " + p));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (buildDirectories() == 0) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void aWholeSessionFromHelloToBye() throws Exception {
        Slave slave = slave(Duration.ofMinutes(5));
        CompletableFuture<Throwable> running = start(slave);

        Addressed<SlaveRequest> hello = expect(Hello.class);
        SlaveHello h = ((Hello) hello.message()).hello();
        assertThat(h.buildTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(h.busyTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(List.of(h.nativePyVersion(), h.nativeAbi(), h.nativePlatform(), h.label()))
                .containsExactly(tags.pyVersion(), tags.abi(), tags.platform(), "test-slave");
        byte[] id = hello.identity();
        master.send(id, new Ack(7, pypi.simpleUrl()));

        SlaveStats stats = ((Idle) expect(Idle.class).message()).stats();
        assertThat(stats.diskSize()).isPositive();
        assertThat(stats.diskFree()).isPositive().isLessThanOrEqualTo(stats.diskSize());
        assertThat(stats.memSize()).isPositive();
        assertThat(stats.loadAverage()).isNotNegative();
        master.send(id, new Sleep(false));
        expect(Idle.class);
        master.send(id, new Build("tiny", "1.0"));
        expect(Busy.class);
        assertThat(buildDirectories()).isEqualTo(1);

        Addressed<SlaveRequest> r;
        do {
            master.send(id, new Cont());
            r = next();
        } while (r.message() instanceof Busy);
        Built built = (Built) r.message();
        assertThat(built.result().status()).as(built.result().output()).isTrue();
        FileState wheel = built.result().files().get(0);
        assertThat(wheel.filename()).isEqualTo("tiny-1.0-py3-none-any.whl");
        assertThat(wheel.dependencies().get("pip")).containsExactly("colorzero");

        master.send(id, new Send(wheel.filename()));
        byte[] received = receive(wheel.filesize(), 7);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(received))).isEqualTo(wheel.filehash());
        expect(Sent.class);
        // a repeated SEND of the same file (it failed to verify) is served again
        master.send(id, new Send(wheel.filename()));
        assertThat(receive(wheel.filesize(), 7)).isEqualTo(received);
        expect(Sent.class);

        master.send(id, new Done());
        expect(Idle.class);
        assertThat(buildDirectories()).isZero();
        master.send(id, new Die());
        expect(Bye.class);
        assertThat(running.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(logs.lines()).contains("slave-7: Connected to master", "slave-7: Sleeping: no available jobs",
                "slave-7: Building package tiny version 1.0", "slave-7: Build succeeded",
                "slave-7: Sending tiny-1.0-py3-none-any.whl to master on 127.0.0.1",
                "slave-7: Removing temporary build directories", "slave-7: Master requested termination",
                "slave-7: Shutting down on SIGTERM");
    }

    @Test
    void withCurveTheSlaveBuildsAndUploadsThroughEncryptedQueues() throws Exception {
        CurveCertificate masterKeys = CurveCertificate.generate();
        CurveCertificate slaveKeys = CurveCertificate.generate();
        Path allowed = Files.createDirectories(work.resolve("allowed"));
        slaveKeys.writePublic(allowed.resolve("test-slave"));
        CurveServer server = new CurveServer(masterKeys, new CurveAllowList(allowed));
        master.close();
        files.close();
        master = server.secure(transport, transport.router(SlaveDriverProtocol.MASTER));
        files = server.secure(transport, transport.fileRouter());
        slavePort = master.bindToRandomPort("tcp://127.0.0.1");
        filePort = files.bindToRandomPort("tcp://127.0.0.1");
        curve = new CurveClient(masterKeys.publicKey(), slaveKeys);
        CompletableFuture<Throwable> running = start(slave(Duration.ofMinutes(5)));

        byte[] id = expect(Hello.class).identity();
        master.send(id, new Ack(3, pypi.simpleUrl()));
        expect(Idle.class);
        master.send(id, new Build("tiny", "1.0"));
        expect(Busy.class);
        Addressed<SlaveRequest> r;
        do {
            master.send(id, new Cont());
            r = next();
        } while (r.message() instanceof Busy);
        Built built = (Built) r.message();
        assertThat(built.result().status()).as(built.result().output()).isTrue();
        FileState wheel = built.result().files().get(0);
        master.send(id, new Send(wheel.filename()));
        byte[] received = receive(wheel.filesize(), 3);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(received))).isEqualTo(wheel.filehash());
        expect(Sent.class);
        master.send(id, new Done());
        expect(Idle.class);
        master.send(id, new Die());
        expect(Bye.class);
        assertThat(running.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(transport.zapHandler().accepted()).as("slave and file connections authenticated").isGreaterThanOrEqualTo(2);
        assertThat(transport.zapHandler().refused()).isZero();
    }

    /** Plays the master's file queue: FETCH every chunk, then DONE. */
    private byte[] receive(long size, long slaveId) throws Exception {
        Addressed<FileTransferProtocol.SenderMessage> hello = files.recv(WAIT);
        if (hello == null) {
            for (StackTraceElement e : slaveThread.getStackTrace()) {
                System.err.println("  slave at " + e);
            }
        }
        assertThat(hello).as("no HELLO on the file queue").isNotNull();
        assertThat(hello.message()).isEqualTo(new FileTransferProtocol.Hello(slaveId));
        byte[] data = new byte[(int) size];
        for (long off = 0; off < size; off += FileTransferProtocol.CHUNK_SIZE) {
            files.send(hello.identity(), new FileTransferProtocol.Fetch(off, Math.min(FileTransferProtocol.CHUNK_SIZE, size - off)));
            Addressed<FileTransferProtocol.SenderMessage> m;
            do {
                m = files.recv(WAIT);
            } while (m.message() instanceof FileTransferProtocol.Hello);
            FileTransferProtocol.Chunk c = (FileTransferProtocol.Chunk) m.message();
            System.arraycopy(c.data(), 0, data, (int) c.offset(), c.data().length);
        }
        files.send(hello.identity(), new FileTransferProtocol.Done());
        return data;
    }

    @Test
    void aSilentMasterMeansANewConnectionAndANewHello() throws Exception {
        CompletableFuture<Throwable> running = start(slave(SILENCE));
        Addressed<SlaveRequest> first = expect(Hello.class);
        master.send(first.identity(), new Ack(1, pypi.simpleUrl()));
        expect(Idle.class);
        master.send(first.identity(), new Build("slowpoke", "1.0"));
        expect(Busy.class);
        assertThat(buildDirectories()).isEqualTo(1);
        // no answer to BUSY: after the master timeout the slave starts over
        Addressed<SlaveRequest> second = expect(Hello.class);
        assertThat(second.identity()).isNotEqualTo(first.identity());
        assertThat(buildDirectoriesGone()).as("the running build is cleaned up").isTrue();
        master.send(second.identity(), new Ack(2, pypi.simpleUrl()));
        expect(Idle.class);
        master.send(second.identity(), new Die());
        expect(Bye.class);
        assertThat(running.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(logs.lines()).contains("slave-1: Timed out waiting for master", "slave-1: Resetting connection",
                "slave-1: Terminating current build", "slave-1: Removing temporary build directories");
    }

    @Test
    void aMasterThatForgetsTheUploadMeansANewConnectionAndANewHello() throws Exception {
        // a master restarted mid-transfer never answers the file HELLOs: the slave gives the upload
        // up after its master timeout and starts over, instead of re-sending HELLO for ever
        CompletableFuture<Throwable> running = start(slave(SILENCE));
        Addressed<SlaveRequest> first = expect(Hello.class);
        master.send(first.identity(), new Ack(3, pypi.simpleUrl()));
        expect(Idle.class);
        master.send(first.identity(), new Build("tiny", "1.0"));
        expect(Busy.class);
        Addressed<SlaveRequest> r;
        do {
            master.send(first.identity(), new Cont());
            r = next();
        } while (r.message() instanceof Busy);
        Built built = (Built) r.message();
        assertThat(built.result().status()).as(built.result().output()).isTrue();
        master.send(first.identity(), new Send(built.result().files().get(0).filename()));
        assertThat(files.recv(WAIT)).as("the upload's HELLO, left unanswered").isNotNull();
        Addressed<SlaveRequest> second = expect(Hello.class);
        assertThat(second.identity()).isNotEqualTo(first.identity());
        assertThat(buildDirectoriesGone()).as("the finished build is cleaned up").isTrue();
        master.send(second.identity(), new Ack(4, pypi.simpleUrl()));
        expect(Idle.class);
        master.send(second.identity(), new Die());
        expect(Bye.class);
        assertThat(running.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(logs.lines()).contains("slave-3: Timed out waiting for master during the upload",
                "slave-3: Resetting connection");
    }

    @Test
    void doneWhileBuildingStopsTheBuildThenDieAtOnce() throws Exception {
        CompletableFuture<Throwable> running = start(slave(Duration.ofMinutes(5)));
        byte[] id = expect(Hello.class).identity();
        master.send(id, new Ack(3, pypi.simpleUrl()));
        expect(Idle.class);
        master.send(id, new Build("slowpoke", "1.0"));
        expect(Busy.class);
        master.send(id, new Cont());
        expect(Busy.class);
        master.send(id, new Done());
        expect(Idle.class);
        assertThat(buildDirectories()).isZero();
        master.send(id, new Build("slowpoke", "1.0"));
        expect(Busy.class);
        master.send(id, new Die());
        expect(Bye.class);
        assertThat(running.get(60, TimeUnit.SECONDS)).isNull();
        assertThat(buildDirectories()).isZero();
        assertThat(logs.lines()).contains("slave-3: Terminating current build");
    }

    @Test
    void dieAsTheFirstReply() throws Exception {
        CompletableFuture<Throwable> running = start(slave(Duration.ofMinutes(5)));
        byte[] id = expect(Hello.class).identity();
        master.send(id, new Die());
        expect(Bye.class);
        assertThat(running.get(30, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aDuplicateAckIsFatal() throws Exception {
        CompletableFuture<Throwable> running = start(slave(Duration.ofMinutes(5)));
        byte[] id = expect(Hello.class).identity();
        master.send(id, new Ack(4, pypi.simpleUrl()));
        expect(Idle.class);
        master.send(id, new Ack(4, pypi.simpleUrl()));
        expect(Bye.class);
        assertThat(running.get(30, TimeUnit.SECONDS)).isInstanceOf(SlaveFailure.class).hasMessage("Duplicate ACK");
    }

    @Test
    void aSendBeforeAnyBuildIsFatal() throws Exception {
        CompletableFuture<Throwable> running = start(slave(Duration.ofMinutes(5)));
        byte[] id = expect(Hello.class).identity();
        master.send(id, new Ack(5, pypi.simpleUrl()));
        expect(Idle.class);
        master.send(id, new Send("nothing.whl"));
        expect(Bye.class);
        assertThat(running.get(30, TimeUnit.SECONDS)).isInstanceOf(SlaveFailure.class);
    }

    @Test
    void anUndecodableReplyMeansByeAndFailure() throws Exception {
        master.close();
        try (RawSocket raw = transport.raw(SocketType.ROUTER)) {
            slavePort = raw.bindToRandomPort("tcp://127.0.0.1");
            CompletableFuture<Throwable> running = start(slave(Duration.ofMinutes(5)));
            List<byte[]> hello = raw.recv(WAIT);
            assertThat(SlaveDriverProtocol.MASTER.decode(hello.get(2))).isInstanceOf(Hello.class);
            raw.send(hello.get(0), new byte[0], "not cbor at all".getBytes());
            List<byte[]> bye = raw.recv(WAIT);
            assertThat(bye).isNotNull();
            assertThat(SlaveDriverProtocol.MASTER.decode(bye.get(2))).isInstanceOf(Bye.class);
            assertThat(running.get(30, TimeUnit.SECONDS)).isInstanceOf(SlaveFailure.class);
        }
    }

    @Test
    void aStopRequestWhileWaitingForTheMasterStillSaysBye() throws Exception {
        Slave slave = slave(Duration.ofMinutes(5));
        CompletableFuture<Throwable> running = start(slave);
        byte[] id = expect(Hello.class).identity();
        master.send(id, new Ack(6, pypi.simpleUrl()));
        expect(Idle.class);
        slave.requestStop(); // what SIGTERM does; the master has not answered IDLE
        Addressed<SlaveRequest> bye = expect(Bye.class);
        assertThat(Arrays.equals(bye.identity(), id)).isTrue();
        assertThat(running.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(slave.awaitFinished(Duration.ZERO)).isTrue();
        assertThat(slave.failed()).isFalse();
    }

    /** A machine of our own making: a Raspberry Pi's device tree, os-release and /proc files. */
    private Path fakePi() throws Exception {
        Path root = work.resolve("pi-root");
        Files.createDirectories(root.resolve("proc/device-tree/system"));
        Files.write(root.resolve("proc/device-tree/system/linux,revision"), new byte[] {0, (byte) 0xa0, 0x20, (byte) 0xd3});
        Files.write(root.resolve("proc/device-tree/system/linux,serial"),
                new byte[] {0, 0, 0, 0, 0x12, 0x34, (byte) 0xab, (byte) 0xcd});
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "NAME=\"Raspbian GNU/Linux\"\nVERSION=\"11 (bullseye)\"\nID=raspbian\n");
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal:        3884328 kB\nMemFree:          100000 kB\n"
                + "MemAvailable:    2000000 kB\nCached:           500000 kB\nSwapTotal:        102396 kB\nSwapFree:          51200 kB\n");
        Files.writeString(root.resolve("proc/loadavg"), "1.25 0.80 0.50 2/345 6789\n");
        Files.createDirectories(root.resolve("sys/class/thermal/thermal_zone0"));
        Files.writeString(root.resolve("sys/class/thermal/thermal_zone0/temp"), "48312\n");
        return root;
    }

    @Test
    void helloCarriesTheHostFactsAndIdleAndBusyTheMachinesState() throws Exception {
        CompletableFuture<Throwable> running = start(slave(Duration.ofMinutes(5), Duration.ofSeconds(30),
                new HostInfo(fakePi()), PipRunner.pipCommand()));
        Addressed<SlaveRequest> hello = expect(Hello.class);
        SlaveHello h = ((Hello) hello.message()).hello();
        assertThat(List.of(h.osName(), h.osVersion(), h.boardRevision(), h.boardSerial()))
                .containsExactly("Raspbian GNU/Linux", "11 (bullseye)", "a020d3", "1234abcd");
        byte[] id = hello.identity();
        master.send(id, new Ack(8, pypi.simpleUrl()));
        java.time.Instant before = java.time.Instant.now();
        SlaveStats idle = ((Idle) expect(Idle.class).message()).stats();
        long[] disk = HostInfo.disk(buildRoot());
        assertThat(idle.timestamp()).isBetween(before.minusSeconds(5), java.time.Instant.now());
        assertThat(idle.diskSize()).isEqualTo(disk[0]);
        assertThat(idle.diskFree()).isCloseTo(disk[1], org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(List.of(idle.memSize(), idle.memFree(), idle.swapSize(), idle.swapFree()))
                .containsExactly(3884328L * 1024, 2000000L * 1024, 102396L * 1024, 51200L * 1024);
        assertThat(idle.loadAverage()).isEqualTo(1.25);
        assertThat(idle.cpuTemp()).isEqualTo(48.312);
        master.send(id, new Build("slowpoke", "1.0"));
        SlaveStats busy = ((Busy) expect(Busy.class).message()).stats();
        assertThat(busy.memSize()).isEqualTo(idle.memSize());
        assertThat(busy.cpuTemp()).isEqualTo(48.312);
        assertThat(busy.timestamp()).isAfterOrEqualTo(idle.timestamp());
        master.send(id, new Die());
        expect(Bye.class);
        assertThat(running.get(60, TimeUnit.SECONDS)).isNull();
        assertThat(buildDirectories()).isZero();
    }

    @Test
    void aBuildThatWillNotEndIsFatalButByeStillGoesOut() throws Exception {
        // a "pip" that ignores SIGTERM (pip itself exits on it, and then the rest of its group is
        // killed); the builder's SIGKILL comes after 5 s, the slave waits only 1 s
        Path started = buildRoot().resolve("started");
        List<String> stubbornPip = List.of("sh", "-c", "trap '' TERM; echo $$ > " + started + "; sleep 600", "pip");
        CompletableFuture<Throwable> running = start(slave(Duration.ofMinutes(5), Duration.ofSeconds(1), new HostInfo(),
                stubbornPip));
        byte[] id = expect(Hello.class).identity();
        master.send(id, new Ack(9, pypi.simpleUrl()));
        expect(Idle.class);
        master.send(id, new Build("stubborn", "1.0"));
        expect(Busy.class);
        assertThat(Processes.awaitFile(started, 30_000)).as("the stubborn pip never ran").isTrue();
        master.send(id, new Done());
        expect(Bye.class);
        assertThat(running.get(60, TimeUnit.SECONDS)).isInstanceOf(SlaveFailure.class)
                .hasMessage("Build failed to terminate");
        assertThat(logs.lines()).contains("slave-9: Terminating current build", "slave-9: Build failed to terminate");
        // the builder's SIGKILL still comes, 5 s after its SIGTERM
        assertThat(Processes.awaitGone(Long.parseLong(Files.readString(started).strip()), 15_000)).isTrue();
    }
}
