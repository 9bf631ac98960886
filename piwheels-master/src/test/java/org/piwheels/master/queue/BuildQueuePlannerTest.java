package org.piwheels.master.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.Database;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.admin.FakeEndpoint;
import org.piwheels.master.admin.LogCapture;
import org.piwheels.master.admin.TaskRig;
import org.piwheels.protocol.messages.BuildQueueProtocol;
import org.piwheels.protocol.messages.BuildQueueProtocol.QueueUpdate;
import org.piwheels.protocol.records.BuildRequest;

/** The build-queue planner on a real database, with a fake slave driver. */
@ExtendWith(PiwheelsDatabaseExtension.class)
class BuildQueuePlannerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestDatabase db;
    private Connection admin;
    private TaskRig rig;
    private FakeEndpoint<QueueUpdate> slaveDriver;

    @BeforeEach
    void start(TestDatabase db, @TempDir Path out) throws Exception {
        this.db = db;
        admin = db.adminConnection();
        Fixtures.clear(admin);
        Fixtures.abis(admin);
        Fixtures.fooVersion(admin);
        db.dal().addNewPackage("bar");
        db.dal().addNewPackageVersion("bar", "0.2", Instant.parse("2020-01-01T00:00:00Z"), "");
        rig = new TaskRig(db, out);
        slaveDriver = rig.fake(FakeEndpoint.pulling(rig.transport(), BuildQueueProtocol.SLAVE_DRIVER,
                rig.context().config().buildsQueue(), "builds", rig.journal()));
    }

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
        admin.close();
    }

    private BuildQueueProtocol.Queue nextQueue() throws InterruptedException {
        QueueUpdate u = slaveDriver.next(WAIT);
        assertThat(u).isInstanceOf(BuildQueueProtocol.Queue.class);
        return (BuildQueueProtocol.Queue) u;
    }

    @Test
    void pushesTheQueueAtStartAndOnRequest() throws Exception {
        BuildQueuePlanner planner = rig.start(new BuildQueuePlanner(rig.context(), Database.open(db.config())));
        BuildQueueProtocol.Queue queue = nextQueue();
        // a version waits in the lowest ABI's queue only (database spec §3.1)
        assertThat(queue.queues()).containsOnlyKeys("cp34m");
        assertThat(queue.queues().get("cp34m"))
                .containsExactlyInAnyOrder(new BuildRequest("bar", "0.2"), new BuildRequest("foo", "0.1"));
        assertThat(queue.queues()).isEqualTo(db.dal().getBuildQueue(BuildQueuePlanner.LIMIT)); // the query's order

        // nothing more until the hour is up, unless asked
        assertThat(slaveDriver.next(Duration.ofSeconds(2))).isNull();
        db.dal().addNewPackageVersion("bar", "0.3", Instant.parse("2021-01-01T00:00:00Z"), "");
        planner.refreshSoon();
        assertThat(nextQueue().queues().get("cp34m")).contains(new BuildRequest("bar", "0.3"));
    }

    @Test
    void quittingDuringTheQueryCancelsItAndStops() throws Exception {
        // hold a lock the queue query needs, so it waits on the server
        admin.setAutoCommit(false);
        try (var st = admin.createStatement()) {
            // build_abis: the queue query reads it whether or not the bookkeeping of 0.23-j2 is there
            st.execute("LOCK TABLE build_abis IN ACCESS EXCLUSIVE MODE");
        }
        try (LogCapture logs = new LogCapture(BuildQueuePlanner.NAME)) {
            BuildQueuePlanner planner = rig.start(new BuildQueuePlanner(rig.context(), Database.open(db.config())));
            awaitQueryWaitingForLock();
            long started = System.nanoTime();
            TaskRig.stop(planner);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(logs.lines()).contains("WARN Cancelled query during shutdown");
        } finally {
            admin.rollback();
            admin.setAutoCommit(true);
        }
        assertThat(slaveDriver.next(Duration.ofMillis(500))).isNull();
    }

    private void awaitQueryWaitingForLock() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (Connection watcher = db.adminConnection()) {
            while (System.nanoTime() < deadline) {
                try (var st = watcher.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND wait_event_type = 'Lock'");
                     var rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the queue query never waited for the lock");
    }
}
