package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.db.embedded.EmbeddedDatabase;
import org.piwheels.protocol.messages.AccessLogProtocol;
import org.piwheels.protocol.messages.FileTransferProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.records.PipRequest;
import org.piwheels.protocol.records.SlaveHello;
import org.piwheels.protocol.records.SlaveStats;
import org.piwheels.protocol.transport.FileTransferDealer;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * Issue 12, "PostgreSQL restarted under load": a whole master on an embedded
 * PostgreSQL of the test's own, three slaves building (successes with an upload
 * and failures, alternately) and a logger sending download records; the server is
 * stopped (fast shutdown, so the master's sessions are cut) for a few seconds and
 * started again on the same port. The master must keep running, and afterwards
 * every build it answered DONE to and every access record it was sent must be in
 * the database, while the slaves carry on building.
 */
class DatabaseRestartTest {
    private static final int PACKAGES = 400;
    private static final Duration REPLY_WAIT = Duration.ofSeconds(120);
    private static final SlaveHello HELLO = new SlaveHello(Duration.ofHours(3), Duration.ofMinutes(5), "311", "cp311",
            "linux_armv7l", "restart-test", "Raspbian GNU/Linux", "11 (bullseye)", "c03111", "6f9a3c21");

    private final AtomicBoolean running = new AtomicBoolean(true);
    /** "package version status" of every build the master answered DONE to. */
    private final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    private final AtomicInteger logsSent = new AtomicInteger();
    private final List<Throwable> loadErrors = new CopyOnWriteArrayList<>();

    @Test
    @Timeout(300)
    void masterSurvivesARestartAndLosesNothingItAcknowledged(@TempDir Path tmp) throws Exception {
        Path data = tmp.resolve("pg");
        EmbeddedDatabase pg = EmbeddedDatabase.start(data, 0);
        int port = pg.server().port();
        seed(pg);
        MasterConfig config = RunningMaster.config(tmp.resolve("www"), Duration.ofSeconds(1));
        Master master = new Master(config, new SystemdNotifier(null));
        Thread loop = null;
        List<Thread> load = new ArrayList<>();
        try (Transport clients = new Transport()) {
            master.start(context -> MasterTasks.create(context, pg.applicationConfig()));
            loop = new Thread(() -> {
                try {
                    master.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "restart-test-master");
            loop.start();
            for (int i = 0; i < 3; i++) {
                int n = i;
                load.add(start("slave-" + n, () -> slave(clients, config, n)));
            }
            load.add(start("logger", () -> logger(clients, config)));

            awaitTrue("5 builds before the restart", Duration.ofSeconds(60), () -> acknowledged.size() >= 5);
            int beforeStop = acknowledged.size();
            pg.close(); // fast shutdown: the master's sessions are terminated
            long stoppedAt = System.nanoTime();
            while (System.nanoTime() - stoppedAt < Duration.ofSeconds(4).toNanos()) {
                Thread.sleep(100); // the load goes on against a master without its database
            }
            int logsDuringOutage = logsSent.get();
            EmbeddedDatabase restarted = EmbeddedDatabase.start(data, port);
            try {
                awaitTrue("10 more builds after the restart", Duration.ofSeconds(120),
                        () -> acknowledged.size() >= beforeStop + 10);
                awaitTrue("more logs after the restart", Duration.ofSeconds(60),
                        () -> logsSent.get() > logsDuringOutage + 20);
                running.set(false);
                for (Thread t : load) {
                    t.join(REPLY_WAIT.toMillis() + 10_000);
                }
                assertThat(loadErrors).isEmpty();
                assertThat(loop.isAlive()).as("the master's loop runs").isTrue();
                assertThat(master.anyTaskFailed()).as("a task of the master failed").isFalse();

                Set<String> recorded = new TreeSet<>(rows(restarted,
                        "SELECT package || ' ' || version || ' ' || CASE WHEN status THEN 'true' ELSE 'false' END FROM builds"));
                assertThat(recorded).containsAll(acknowledged);
                int sent = logsSent.get();
                awaitTrue("all " + sent + " download records stored", Duration.ofSeconds(60),
                        () -> count(restarted, "SELECT count(*) FROM downloads") >= sent);
                assertThat(count(restarted, "SELECT count(DISTINCT filename) FROM downloads")).isEqualTo(sent);
            } finally {
                master.stop("test over");
                loop.join(30_000);
                restarted.close();
            }
        } finally {
            running.set(false);
            if (loop != null && loop.isAlive()) {
                master.stop("test over");
                loop.join(30_000);
            }
            master.close();
        }
    }

    private static void seed(EmbeddedDatabase pg) throws Exception {
        pg.registerBuildAbis(List.of("cp311"));
        try (Connection c = pg.server().connectAsSuperuser(EmbeddedDatabase.DATABASE); Statement st = c.createStatement()) {
            st.execute("INSERT INTO packages (package) SELECT 'pkg' || i FROM generate_series(1, " + PACKAGES + ") i");
            st.execute("INSERT INTO versions (package, version) SELECT 'pkg' || i, '1.0' FROM generate_series(1, "
                    + PACKAGES + ") i");
        }
    }

    private Thread start(String name, ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                loadErrors.add(e);
                running.set(false);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A slave building until stopped: even builds succeed (with an upload), odd ones fail. */
    private void slave(Transport clients, MasterConfig config, int n) throws Exception {
        try (MessageSocket<SlaveRequest, MasterReply> socket = clients.socket(SocketType.REQ, SlaveDriverProtocol.SLAVE)) {
            socket.linger(Duration.ZERO).connect(config.slaveQueue());
            MasterReply ack = ask(socket, new SlaveDriverProtocol.Hello(HELLO));
            long id = ((SlaveDriverProtocol.Ack) ack).slaveId();
            int builds = 0;
            while (running.get()) {
                MasterReply reply = ask(socket, new SlaveDriverProtocol.Idle(stats()));
                if (reply instanceof SlaveDriverProtocol.Sleep) {
                    Thread.sleep(100);
                    continue;
                }
                SlaveDriverProtocol.Build build = (SlaveDriverProtocol.Build) reply;
                boolean success = (builds++ + n) % 2 == 0;
                if (success) {
                    byte[] content = new byte[3000];
                    new Random(id * 1000 + builds).nextBytes(content);
                    FileState wheel = new FileState(build.packageName() + "-" + build.version() + "-py3-none-any.whl",
                            content.length, sha256(content), build.packageName(), build.version(), "py3", "none",
                            "any", ">=3", Map.of("pip", List.of()), "/simple");
                    reply = ask(socket, new SlaveDriverProtocol.Built(
                            new BuildResult(true, Duration.ofSeconds(2), "built", List.of(wheel))));
                    assertThat(reply).isEqualTo(new SlaveDriverProtocol.Send(wheel.filename()));
                    upload(clients, config, id, content);
                    reply = ask(socket, new SlaveDriverProtocol.Sent());
                } else {
                    reply = ask(socket, new SlaveDriverProtocol.Built(
                            new BuildResult(false, Duration.ofSeconds(1), "error: build failed\n", List.of())));
                }
                assertThat(reply).isInstanceOf(SlaveDriverProtocol.Done.class);
                acknowledged.add(build.packageName() + " " + build.version() + " " + success);
            }
            socket.send(new SlaveDriverProtocol.Bye());
        }
    }

    private static MasterReply ask(MessageSocket<SlaveRequest, MasterReply> socket, SlaveRequest request)
            throws Exception {
        socket.send(request);
        MasterReply reply = socket.recv(REPLY_WAIT);
        assertThat(reply).as("reply to %s", request).isNotNull();
        return reply;
    }

    private static void upload(Transport clients, MasterConfig config, long id, byte[] content) throws Exception {
        try (FileTransferDealer dealer = clients.fileDealer()) {
            dealer.connect(config.fileQueue());
            dealer.send(new FileTransferProtocol.Hello(id));
            while (true) {
                FileTransferProtocol.ReceiverMessage m = dealer.recv(REPLY_WAIT);
                if (m instanceof FileTransferProtocol.Fetch f) {
                    int end = (int) Math.min(content.length, f.offset() + f.length());
                    dealer.send(new FileTransferProtocol.Chunk(f.offset(),
                            Arrays.copyOfRange(content, (int) f.offset(), end)));
                } else {
                    assertThat(m).isInstanceOf(FileTransferProtocol.Done.class);
                    return;
                }
            }
        }
    }

    /** piw-logger's side: a download record every few milliseconds, each for a file name of its own. */
    private void logger(Transport clients, MasterConfig config) throws Exception {
        try (MessageSocket<AccessLogProtocol.LogRecord, org.piwheels.protocol.NoMessage> push = clients.socket(SocketType.PUSH,
                AccessLogProtocol.LOGGER)) {
            push.connect(config.logQueue());
            while (running.get()) {
                int i = logsSent.get();
                push.send(new AccessLogProtocol.LogDownload(new PipRequest("f-" + i + "-1.0-py3-none-any.whl",
                        "10.0.0." + (i % 250 + 1), Instant.now(), "armv7l", "Raspbian", "11", "Linux", "5.10",
                        "CPython", "3.11", "pip", "23.0", "65.0")));
                logsSent.incrementAndGet();
                Thread.sleep(5);
            }
        }
    }

    private static SlaveStats stats() {
        return new SlaveStats(Instant.now(), 100, 50, 10, 5, 2, 1, 0.5, 48.0);
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static List<String> rows(EmbeddedDatabase pg, String sql) throws Exception {
        try (Connection c = pg.server().connectAsSuperuser(EmbeddedDatabase.DATABASE); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static long count(EmbeddedDatabase pg, String sql) {
        try {
            return Long.parseLong(rows(pg, sql).get(0));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(loadErrors).as("errors of the load while waiting for " + what).isEmpty();
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
