package org.piwheels.master.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AccessLogProtocol;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.records.PageHit;
import org.piwheels.protocol.records.PipRequest;
import org.piwheels.protocol.transport.RawSocket;
import org.piwheels.protocol.transport.Transport;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;

/**
 * Issue #12, "a fuzzer": random and mutated frames (see {@link FrameMutator}) from
 * real encoded messages, spread over every queue a master exposes to the outside:
 * slave, file, import, log and control. The master must stay up, count every frame
 * its protocol rejects, keep its heap bounded, and still serve a well-behaved slave,
 * tool, logger and monitor afterwards. {@code -Dpiwheels.fuzz.frames=N} changes the
 * number of frames (default 100,000), {@code -Dpiwheels.fuzz.seed=S} the seed.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class FrameFuzzTest {
    private enum Queue { SLAVE, FILE, IMPORT, LOG, CONTROL }

    private static final int FRAMES = Integer.getInteger("piwheels.fuzz.frames", 100_000);
    private static final long SEED = Long.getLong("piwheels.fuzz.seed", 20260512L);

    @Test
    // its own waits (rejections counted 120 s, statistics 90 s, the clients after it up to 60 s each) come
    // on top of sending 100,000 frames (90 s in a full module run, over 3 min at load average 35), more
    // than the 5 min default: one run on the loaded machine was stopped in the first wait
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void theMasterSurvivesMutatedFramesOnEveryQueueAndCountsEveryRejection(TestDatabase db, @TempDir Path root)
            throws Exception {
        try (LiveMaster master = new LiveMaster(db, root, 200); Transport transport = new Transport()) {
            Map<Queue, List<byte[]>> seeds = seeds();
            Map<Queue, Protocol<?, ?>> decoders = new EnumMap<>(Map.of(Queue.SLAVE, SlaveDriverProtocol.MASTER,
                    Queue.IMPORT, AdminProtocol.MASTER, Queue.LOG, AccessLogProtocol.MASTER,
                    Queue.CONTROL, MasterControlProtocol.MASTER));
            Map<Queue, RawSocket> sockets = new EnumMap<>(Queue.class);
            sockets.put(Queue.SLAVE, connect(transport, SocketType.DEALER, master.config.slaveQueue()));
            sockets.put(Queue.FILE, connect(transport, SocketType.DEALER, master.config.fileQueue()));
            sockets.put(Queue.IMPORT, connect(transport, SocketType.DEALER, master.config.importQueue()));
            sockets.put(Queue.LOG, connect(transport, SocketType.PUSH, master.config.logQueue()));
            sockets.put(Queue.CONTROL, connect(transport, SocketType.PUSH, master.config.controlQueue()));
            List<List<byte[]>> fileSeeds = List.of(
                    List.of(FrameMutator.ascii("HELLO"), FrameMutator.ascii("1")),
                    List.of(FrameMutator.ascii("HELLO"), FrameMutator.ascii("0")),
                    List.of(FrameMutator.ascii("CHUNK"), FrameMutator.ascii("0"), new byte[100]),
                    List.of(FrameMutator.ascii("CHUNK"), FrameMutator.ascii("65536"), new byte[4096]));
            List<byte[]> fileFrames = new ArrayList<>();
            fileSeeds.forEach(fileFrames::addAll);
            seeds.put(Queue.FILE, fileFrames);
            Map<Queue, FrameMutator> mutators = new EnumMap<>(Queue.class);
            for (Queue q : Queue.values()) {
                mutators.put(q, new FrameMutator(SEED + q.ordinal(), seeds.get(q)));
            }

            Map<Queue, Long> predicted = new EnumMap<>(Queue.class);
            Map<Queue, Long> sent = new EnumMap<>(Queue.class);
            Map<String, Long> predictedCounts = new TreeMap<>();
            long skipped = 0;
            long wakes = 0;
            long heapBefore = usedHeapAfterGc();
            Logger masterLogs = (Logger) LoggerFactory.getLogger("master");
            Level level = masterLogs.getLevel();
            masterLogs.setLevel(Level.OFF); // a hundred thousand error lines would only slow the run
            long t0 = System.nanoTime();
            try {
                for (int i = 0; i < FRAMES; i++) {
                    Queue q = Queue.values()[i % Queue.values().length];
                    RawSocket socket = sockets.get(q);
                    if (q == Queue.FILE) {
                        socket.send(mutators.get(q).fileFrames(fileSeeds));
                    } else {
                        byte[] frame = mutators.get(q).next();
                        Message decoded = decodeOrNull(decoders.get(q), frame);
                        if (decoded instanceof MasterControlProtocol.Quit) {
                            skipped++; // a mutation that happens to be QUIT would end the test, not the master's fault
                            continue;
                        }
                        if (decoded == null) {
                            predicted.merge(q, 1L, Long::sum);
                        }
                        if (q == Queue.SLAVE || q == Queue.IMPORT) {
                            socket.send(new byte[0], frame); // the REQ envelope a real client adds
                        } else {
                            socket.send(frame);
                        }
                        if (decoded instanceof MasterControlProtocol.Sleep sleep && sleep.slaveId() == null) {
                            // SLEEP for all pauses every task, the import handler included, which then
                            // stops reading its queue: the fuzzer's DEALER would fill its high-water mark
                            // and block for good (seen on a loaded machine). A monitor wakes it at once.
                            socket.send(MasterControlProtocol.MONITOR.encode(new MasterControlProtocol.Wake(null)));
                            wakes++;
                        }
                    }
                    sent.merge(q, 1L, Long::sum);
                    if (i % 500 == 0) {
                        sockets.values().forEach(FrameFuzzTest::drain);
                    }
                }
                Map<String, Long> want = new TreeMap<>();
                want.put(SlaveDriverProtocol.MASTER.name(), predicted.getOrDefault(Queue.SLAVE, 0L));
                want.put(AdminProtocol.MASTER.name(), predicted.getOrDefault(Queue.IMPORT, 0L));
                want.put(AccessLogProtocol.MASTER.name(), predicted.getOrDefault(Queue.LOG, 0L));
                want.put(MasterControlProtocol.MASTER.name(), predicted.getOrDefault(Queue.CONTROL, 0L));
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (!reached(master.master.context().rejections(), want) && System.nanoTime() < deadline) {
                    sockets.values().forEach(FrameFuzzTest::drain);
                    Thread.sleep(100);
                }
                Map<String, Long> counted = master.master.context().rejections();
                predictedCounts.putAll(want);
                long seconds = Duration.ofNanos(System.nanoTime() - t0).toSeconds();
                System.out.printf("fuzz: %d frames sent %s in %d s (%d QUIT mutations not sent); predicted rejections %s;"
                        + " counted %s; %d SLEEP-all mutations woken at once%n", FRAMES - skipped, sent, seconds, skipped, want,
                        counted, wakes);
                for (Map.Entry<String, Long> e : want.entrySet()) {
                    assertThat(counted.getOrDefault(e.getKey(), 0L)).as("rejections on %s", e.getKey())
                            .isEqualTo(e.getValue());
                    assertThat(e.getValue()).as("frames rejected on %s", e.getKey()).isGreaterThan(1000L);
                }
                assertThat(counted.getOrDefault("file_juggler_files", 0L)).isGreaterThan(1000L);
            } finally {
                masterLogs.setLevel(level);
                sockets.values().forEach(RawSocket::close);
            }
            assertThat(master.alive()).as("master and every task still running").isTrue();
            long heapAfter = usedHeapAfterGc();
            System.out.printf("fuzz: heap used %d MiB before, %d MiB after%n", heapBefore >> 20, heapAfter >> 20);
            assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(64L << 20);

            // a monitor's WAKE undoes whatever SLEEP or KILL got through, as it would in a real farm
            try (RawSocket control = connect(transport, SocketType.PUSH, master.config.controlQueue())) {
                // delivered even if this fresh connection's handshake stalls (5 s, then retried)
                control.linger(Duration.ofSeconds(30));
                control.send(MasterControlProtocol.MONITOR.encode(new MasterControlProtocol.Wake(null)));
                Thread.sleep(500);
            }
            wellBehavedClientsAreServed(master, transport);

            // every rejection is in the master's statistics too (refreshed every 10 s once awake)
            Map<String, Long> counted = master.master.context().rejections();
            long statsDeadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!master.stats.rejections().equals(counted) && System.nanoTime() < statsDeadline) {
                Thread.sleep(200);
                counted = master.master.context().rejections();
            }
            assertThat(master.stats.rejections()).as("rejections in the statistics").isEqualTo(counted)
                    .containsAllEntriesOf(predictedCounts);
        }
    }

    /** After the storm: a slave builds and publishes, a tool gets an answer, a log record is stored. */
    private static void wellBehavedClientsAreServed(LiveMaster master, Transport transport) throws Exception {
        try (ProtocolSlave slave = new ProtocolSlave(transport, master)) {
            long id = slave.hello();
            var build = slave.awaitBuild();
            byte[] content = ProtocolSlave.content(70_000, 1);
            FileState wheel = ProtocolSlave.wheel(build.packageName(), content);
            assertThat(slave.ask(ProtocolSlave.built(wheel))).isEqualTo(new SlaveDriverProtocol.Send(wheel.filename()));
            assertThat(slave.upload(id, content)).isEqualTo(new org.piwheels.protocol.messages.FileTransferProtocol.Done());
            assertThat(slave.ask(new SlaveDriverProtocol.Sent())).isEqualTo(new SlaveDriverProtocol.Done());
            assertThat(master.simpleFiles()).contains(build.packageName() + "/" + wheel.filename());
        }
        try (var tool = transport.socket(SocketType.REQ, AdminProtocol.TOOL)) {
            tool.connect(master.config.importQueue());
            tool.send(new AdminProtocol.AddPkg("after-fuzz", "", "", false, List.of()));
            assertThat(tool.recv(Duration.ofSeconds(30))).isInstanceOf(AdminProtocol.Done.class);
        }
        assertThat(master.rows("SELECT package FROM packages WHERE package = 'after-fuzz'")).containsExactly("after-fuzz");
        // The logger's connection stays open until the record is stored: on a loaded machine a fresh
        // connection can take more than the 1 s linger to come up (and JeroMQ's handshake now and then
        // stalls 5 s before a retry, Transport.HANDSHAKE_MS); a PUSH socket closed before that drops the
        // record it holds, the likely cause of this check's one failure on CI (nothing stored in 30 s).
        try (var logger = transport.socket(SocketType.PUSH, AccessLogProtocol.LOGGER)) {
            logger.connect(master.config.logQueue());
            logger.send(new AccessLogProtocol.LogProject(new PageHit("after-fuzz", "192.0.2.7", Instant.now(), "test")));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (master.rows("SELECT count(*) FROM project_page_hits WHERE host(accessed_by) = '192.0.2.7'")
                    .equals(List.of("0")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
        assertThat(master.rows("SELECT count(*) FROM project_page_hits WHERE host(accessed_by) = '192.0.2.7'")).containsExactly("1");
        assertThat(master.alive()).isTrue();
    }

    private static Map<Queue, List<byte[]>> seeds() throws ProtocolException {
        Map<Queue, List<byte[]>> seeds = new EnumMap<>(Queue.class);
        byte[] content = ProtocolSlave.content(100, 9);
        FileState wheel = ProtocolSlave.wheel("pkg1", content);
        List<byte[]> slave = new ArrayList<>();
        for (SlaveDriverProtocol.SlaveRequest r : List.of(new SlaveDriverProtocol.Hello(ProtocolSlave.HELLO),
                ProtocolSlave.idle(), new SlaveDriverProtocol.Busy(ProtocolSlave.idle().stats()),
                ProtocolSlave.built(wheel), new SlaveDriverProtocol.Sent(), new SlaveDriverProtocol.Bye())) {
            slave.add(SlaveDriverProtocol.SLAVE.encode(r));
        }
        seeds.put(Queue.SLAVE, slave);
        List<byte[]> tools = new ArrayList<>();
        for (AdminProtocol.ToolRequest r : List.<AdminProtocol.ToolRequest>of(
                new AdminProtocol.AddPkg("fuzz", "a package", "", false, List.of("Fuzz")),
                new AdminProtocol.AddVer("fuzz", "1.0", "", false, Instant.parse("2024-01-01T00:00:00Z"), false, false,
                        List.of()),
                new AdminProtocol.RemPkg("nothing", false, ""),
                new AdminProtocol.RemVer("nothing", "1.0", false, "", false),
                new AdminProtocol.Rebuild("PROJECT", "pkg1"),
                new AdminProtocol.Import(new BuildState(0, "pkg2", "1.0", "cp311", true, Duration.ofSeconds(1), "out",
                        List.of(ProtocolSlave.wheel("pkg2", content)))),
                new AdminProtocol.Sent())) {
            tools.add(AdminProtocol.TOOL.encode(r));
        }
        seeds.put(Queue.IMPORT, tools);
        PipRequest pip = new PipRequest("pkg1", "192.0.2.1", Instant.parse("2024-01-01T00:00:00Z"), "armv7l",
                "Raspbian", "11", "Linux", "6.1", "CPython", "3.11.2", "pip", "23.0", "66.0");
        PageHit hit = new PageHit("pkg1", "192.0.2.1", Instant.parse("2024-01-01T00:00:00Z"), "Mozilla");
        List<byte[]> logs = new ArrayList<>();
        for (AccessLogProtocol.LogRecord r : List.of(new AccessLogProtocol.LogDownload(pip),
                new AccessLogProtocol.LogSearch(pip), new AccessLogProtocol.LogProject(hit),
                new AccessLogProtocol.LogJson(hit), new AccessLogProtocol.LogPage(hit))) {
            logs.add(AccessLogProtocol.LOGGER.encode(r));
        }
        seeds.put(Queue.LOG, logs);
        List<byte[]> control = new ArrayList<>();
        for (MasterControlProtocol.ControlRequest r : List.of(new MasterControlProtocol.Hello(),
                new MasterControlProtocol.Kill(1L), new MasterControlProtocol.Skip(null),
                new MasterControlProtocol.Sleep(2L), new MasterControlProtocol.Wake(null))) {
            control.add(MasterControlProtocol.MONITOR.encode(r));
        }
        seeds.put(Queue.CONTROL, control);
        return seeds;
    }

    private static Message decodeOrNull(Protocol<?, ?> protocol, byte[] frame) {
        try {
            return protocol.decode(frame);
        } catch (ProtocolException e) {
            return null;
        }
    }

    private static boolean reached(Map<String, Long> counted, Map<String, Long> want) {
        return want.entrySet().stream().allMatch(e -> counted.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private static RawSocket connect(Transport transport, SocketType type, String address) {
        RawSocket s = transport.raw(type);
        s.connect(address);
        return s;
    }

    /** Reads and drops whatever the master answered, so no queue fills up on our side. */
    private static void drain(RawSocket s) {
        if (s.type() == SocketType.PUSH) {
            return;
        }
        while (s.recv(Duration.ZERO) != null) {
            // dropped
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
