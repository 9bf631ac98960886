package org.piwheels.master.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.piwheels.db.Database;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.TestConfigs;
import org.piwheels.master.db.DatabaseRouter;
import org.piwheels.master.db.DatabaseWorker;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.messages.StatsProtocol;
import org.piwheels.protocol.messages.StatsProtocol.StatsUpdate;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.RawSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * What the task tests of this package share: a transport, a settable clock, inproc
 * queues (index URL as 0.23's default, so replies match the vectors byte for byte),
 * the status and stats queues' receiving ends, optionally the database tasks, and
 * the tasks under test, stopped in reverse order.
 */
final class BuildRig implements AutoCloseable {
    static final Instant START = Instant.parse("2024-05-17T12:00:00Z");

    final Transport transport = new Transport();
    final SettableClock clock = new SettableClock(START);
    final TaskContext context;
    final RawSocket status;
    final MessageSocket<NoMessage, StatsUpdate> stats;
    private final List<Task> tasks = new ArrayList<>();
    private final List<AutoCloseable> others = new ArrayList<>();

    BuildRig(Path output) {
        MasterConfig c = TestConfigs.inproc(output);
        MasterConfig config = new MasterConfig(c.dsn(), c.outputPath(), c.devMode(), c.debug(), c.pypiXmlrpc(),
                "https://pypi.org/simple", c.pypiJson(), c.statusQueue(), c.controlQueue(), c.importQueue(),
                c.logQueue(), c.slaveQueue(), c.fileQueue(), c.webQueue(), c.buildsQueue(), c.dbQueue(),
                c.fsQueue(), c.statsQueue());
        context = new TaskContext(config, transport, clock);
        status = transport.raw(SocketType.PULL);
        status.bind(MasterConfig.STATUS_INTERNAL);
        stats = transport.socket(SocketType.PULL, StatsProtocol.COLLECTOR);
        stats.bind(config.statsQueue());
    }

    /** Starts the database router and one worker on the test database. */
    void startDatabase(TestDatabase db) throws InterruptedException {
        start(new DatabaseRouter(context));
        start(new DatabaseWorker(context, 1, Database.open(db.config())));
    }

    <T extends Task> T start(T task) throws InterruptedException {
        tasks.add(task);
        task.start();
        assertThat(task.awaitReady(Duration.ofSeconds(30))).as("%s ready", task.name()).isTrue();
        return task;
    }

    /** Stops one task now and checks that it ended cleanly. */
    void stop(Task task) throws InterruptedException {
        tasks.remove(task);
        task.quit();
        assertThat(task.join(Duration.ofSeconds(15))).as("%s stopped", task.name()).isTrue();
        assertThat(task.failure()).as("%s failure", task.name()).isNull();
    }

    <T extends AutoCloseable> T keep(T closeable) {
        others.add(closeable);
        return closeable;
    }

    /** @return the next stats report, waiting up to 10 s */
    StatsUpdate nextStats() throws Exception {
        return stats.recv(Duration.ofSeconds(10));
    }

    @Override
    public void close() throws Exception {
        for (int i = tasks.size() - 1; i >= 0; i--) {
            stop(tasks.get(i));
        }
        for (AutoCloseable c : others) {
            c.close();
        }
        transport.close();
    }
}
