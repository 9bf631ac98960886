package org.piwheels.master.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.Database;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.TestConfigs;
import org.piwheels.master.db.DatabaseRouter;
import org.piwheels.master.db.DatabaseWorker;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.messages.SkipProtocol;
import org.piwheels.protocol.messages.WebProtocol;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * The task in a master's plumbing: the real database queue and a real database,
 * REP stand-ins for the web writer and the slave driver, PyPI on loopback.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class PypiFollowerTaskTest {

    private static final long T = Instant.now().getEpochSecond() - 86_400;

    private final List<Task> tasks = new ArrayList<>();
    private final List<Thread> responders = new ArrayList<>();
    private final List<Message> pageRequests = new CopyOnWriteArrayList<>();
    private final List<Message> skipRequests = new CopyOnWriteArrayList<>();
    private Transport transport;
    private TaskContext context;
    private StubPypi pypi;
    private Database database;
    private volatile boolean responding = true;

    @BeforeEach
    void start(TestDatabase db, @TempDir Path out) throws Exception {
        pypi = new StubPypi();
        MasterConfig c = TestConfigs.inproc(out);
        MasterConfig config = new MasterConfig(c.dsn(), c.outputPath(), false, c.debug(),
                pypi.xmlrpcUri().toString(), c.pypiSimple(), pypi.jsonUri().toString(), c.statusQueue(),
                c.controlQueue(), c.importQueue(), c.logQueue(), c.slaveQueue(), c.fileQueue(), c.webQueue(),
                c.buildsQueue(), c.dbQueue(), c.fsQueue(), c.statsQueue());
        transport = new Transport();
        context = new TaskContext(config, transport, Clock.systemUTC());
        database = Database.open(db.config());
        database.setPypiSerial(700_000);
        respond(WebProtocol.WRITER, config.webQueue(), new WebProtocol.Done(), pageRequests);
        respond(SkipProtocol.SLAVE_DRIVER, MasterConfig.SKIP, new SkipProtocol.Ok(), skipRequests);
        tasks.add(new DatabaseRouter(context));
        tasks.add(new DatabaseWorker(context, 1, Database.open(db.config())));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = tasks.size() - 1; i >= 0; i--) {
            tasks.get(i).quit();
            assertThat(tasks.get(i).join(Duration.ofSeconds(10))).isTrue();
            assertThat(tasks.get(i).failure()).isNull();
        }
        responding = false;
        for (Thread t : responders) {
            t.join(5_000);
        }
        database.close();
        transport.close();
        pypi.close();
    }

    /** A REP socket on its own thread that records each request and answers {@code reply}. */
    private <S extends Message, R extends Message> void respond(Protocol<S, R> protocol, String address, S reply,
                                                                List<Message> record) throws InterruptedException {
        CountDownLatch bound = new CountDownLatch(1);
        Thread thread = new Thread(() -> {
            try (MessageSocket<S, R> socket = transport.socket(SocketType.REP, protocol)) {
                socket.bind(address);
                bound.countDown();
                while (responding) {
                    R request = socket.recv(Duration.ofMillis(100));
                    if (request != null) {
                        record.add(request);
                        socket.send(reply);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "responder " + address);
        thread.setDaemon(true);
        thread.start();
        responders.add(thread);
        assertThat(bound.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private void startAll() throws InterruptedException {
        for (Task t : tasks) {
            t.start();
            assertThat(t.awaitReady(Duration.ofSeconds(30))).isTrue();
        }
    }

    @Test
    void followsPypiIntoTheDatabaseAndAsksForPages() throws Exception {
        pypi.add(new ChangelogRow("Foo", null, T, "create", 700_001),
                new ChangelogRow("Foo", "1.0", T + 10, "add cp39 file Foo-1.0-cp39-cp39-linux_armv7l.whl", 700_002),
                new ChangelogRow("Foo", "1.0", T + 20, "add source file Foo-1.0.tar.gz", 700_003),
                new ChangelogRow("bar", "2.0", T + 30, "add source file bar-2.0.tar.gz", 700_004),
                new ChangelogRow("bar", "2.0", T + 40, "remove release", 700_005),
                new ChangelogRow("gone", null, T + 50, "create", 700_006),
                new ChangelogRow("gone", null, T + 60, "remove project", 700_007),
                new ChangelogRow("Foo", null, T + 2_000, "add Owner someone", 700_008));
        pypi.summary("Foo", "\"the foo\"", 700_008L);
        PypiFollower follower = new PypiFollower(context);
        assertThat(follower.name()).isEqualTo("master.cloud_gazer");
        tasks.add(follower);
        startAll();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (database.getPypiSerial() != 700_008 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(database.getPypiSerial()).isEqualTo(700_008);
        assertThat(database.getAllPackages()).contains("foo", "bar").doesNotContain("gone");
        assertThat(database.getVersionSkip("foo", "1.0")).contains("");
        assertThat(database.testPackageVersion("bar", "2.0")).isFalse();
        assertThat(database.getPackageAliases("foo")).contains("Foo");
        assertThat(pageRequests).contains(new WebProtocol.Both("foo"), new WebProtocol.Project("foo"),
                new WebProtocol.DelVer("bar", "2.0"), new WebProtocol.DelPkg("gone"));
        assertThat(skipRequests).containsExactly(new SkipProtocol.DelVer("bar", "2.0"),
                new SkipProtocol.DelPkg("gone"));
        assertThat(follower.status().serial()).isEqualTo(700_008);
    }
}
