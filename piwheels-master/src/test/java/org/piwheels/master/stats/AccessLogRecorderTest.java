package org.piwheels.master.stats;

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
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.admin.FakeEndpoint;
import org.piwheels.master.admin.LogCapture;
import org.piwheels.master.admin.TaskRig;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.messages.AccessLogProtocol;
import org.piwheels.protocol.messages.AccessLogProtocol.LogRecord;
import org.piwheels.protocol.messages.StatsProtocol;
import org.piwheels.protocol.records.PageHit;
import org.piwheels.protocol.records.PipRequest;
import org.piwheels.protocol.transport.MessageSocket;
import org.zeromq.SocketType;

/** The access-log recorder with a real database and a fake statistics task. */
@ExtendWith(PiwheelsDatabaseExtension.class)
class AccessLogRecorderTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration REPORT = Duration.ofSeconds(1);

    private Connection admin;
    private TaskRig rig;
    private FakeEndpoint<StatsProtocol.StatsUpdate> stats;
    private AccessLogRecorder recorder;
    private MessageSocket<LogRecord, NoMessage> logger;
    private LogCapture logs;

    @BeforeEach
    void start(TestDatabase db, @TempDir Path out) throws Exception {
        admin = db.adminConnection();
        Fixtures.clear(admin);
        rig = new TaskRig(db, out);
        stats = rig.fake(FakeEndpoint.pulling(rig.transport(), StatsProtocol.COLLECTOR,
                rig.context().config().statsQueue(), "stats", rig.journal()));
        logs = new LogCapture(AccessLogRecorder.NAME);
        recorder = rig.start(new AccessLogRecorder(rig.context(), org.piwheels.db.Database.open(db.config()), REPORT));
        logger = rig.transport().socket(SocketType.PUSH, AccessLogProtocol.LOGGER);
        logger.linger(Duration.ZERO);
        logger.connect(rig.context().config().logQueue());
    }

    @AfterEach
    void stop() throws Exception {
        if (logs != null) {
            logs.close();
        }
        if (logger != null) {
            logger.close();
        }
        if (rig != null) {
            rig.close();
        }
        admin.close();
    }

    private static PipRequest pip(String name, String host) {
        return new PipRequest(name, host, Instant.now(), "armv7l", "Raspbian GNU/Linux", "11", "Linux", "5.10",
                "CPython", "3.9.2", "pip", "23.0", "65.0");
    }

    private static PageHit hit(String name) {
        return new PageHit(name, "192.0.2.1", Instant.now(), "mozilla");
    }

    private long rows(String table) throws Exception {
        try (var st = admin.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void awaitRows(String table, long n) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (rows(table) < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(rows(table)).as(table).isEqualTo(n);
    }

    /** @return the downloads reported until their sum reaches {@code total} */
    private long reportedDownloadsUntil(long total) throws Exception {
        long sum = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (sum < total && System.nanoTime() < deadline) {
            StatsProtocol.StatsUpdate u = stats.next(Duration.ofSeconds(5));
            if (u != null) {
                sum += ((StatsProtocol.LogDownload) u).count();
            }
        }
        return sum;
    }

    @Test
    void storesEveryKindAndReportsTheMinuteCounts() throws Exception {
        // the first loop turn reports nothing logged yet
        assertThat(stats.next(WAIT)).isEqualTo(new StatsProtocol.LogDownload(0));
        logger.send(new AccessLogProtocol.LogDownload(pip("foo-0.1-cp34-cp34m-linux_armv7l.whl", "192.0.2.1")));
        logger.send(new AccessLogProtocol.LogSearch(pip("foo", "2001:db8::1")));
        logger.send(new AccessLogProtocol.LogProject(hit("foo")));
        logger.send(new AccessLogProtocol.LogJson(hit("foo")));
        logger.send(new AccessLogProtocol.LogPage(hit("home")));
        awaitRows("downloads", 1);
        awaitRows("searches", 1);
        awaitRows("project_page_hits", 1);
        awaitRows("project_json_downloads", 1);
        awaitRows("web_page_hits", 1);
        assertThat(reportedDownloadsUntil(1)).isEqualTo(1);
        Thread.sleep(REPORT.toMillis() * 2); // every count has been reported by now
        assertThat(logs.lines()).contains(
                "INFO logged 1 downloads in the last minute",
                "INFO logged 1 searches in the last minute",
                "INFO logged 1 project hits in the last minute",
                "INFO logged 1 JSON hits in the last minute",
                "INFO logged 1 page hits in the last minute");
        // counters were reset: later reports carry no more downloads
        assertThat(stats.drain()).allMatch(u -> u.equals(new StatsProtocol.LogDownload(0)));
    }

    @Test
    void aRecordTheDatabaseRefusesIsDroppedAndTheTaskCarriesOn() throws Exception {
        logger.send(new AccessLogProtocol.LogDownload(pip("foo-0.1-cp34-cp34m-linux_armv7l.whl", "not an address")));
        logger.send(new AccessLogProtocol.LogDownload(pip("foo-0.1-cp34-cp34m-linux_armv7l.whl", "192.0.2.7")));
        awaitRows("downloads", 1);
        assertThat(reportedDownloadsUntil(1)).isEqualTo(1);
        Thread.sleep(REPORT.toMillis() * 2);
        assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR dropped LogDownload record"))
                .contains("WARN dropped 1 records in the last minute after database errors");
        assertThat(recorder.isAlive()).isTrue();
    }
}
