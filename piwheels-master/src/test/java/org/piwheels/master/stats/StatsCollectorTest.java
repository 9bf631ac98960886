package org.piwheels.master.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.HostInfo;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.admin.FakeEndpoint;
import org.piwheels.master.admin.TaskRig;
import org.piwheels.master.task.Task;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.messages.MonitorStatusProtocol;
import org.piwheels.protocol.messages.StatsProtocol;
import org.piwheels.protocol.messages.TaskControlProtocols;
import org.piwheels.protocol.messages.WebProtocol;
import org.piwheels.protocol.records.DownloadCounts;
import org.piwheels.protocol.records.MasterStats;
import org.piwheels.protocol.records.PipRequest;
import org.piwheels.protocol.transport.MessageSocket;
import org.zeromq.SocketType;

/** The statistics task with a real database, a fake host, and fake web writer and status queue. */
@ExtendWith(PiwheelsDatabaseExtension.class)
class StatsCollectorTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofMillis(300);

    private Connection admin;
    private TaskRig rig;
    private FakeEndpoint<WebProtocol.PageRequest> web;
    private FakeEndpoint<MonitorStatusProtocol.StatusMessage> status;
    private MessageSocket<StatsProtocol.StatsUpdate, NoMessage> reporter;
    private Path output;

    @BeforeEach
    void start(TestDatabase db, @TempDir Path tmp) throws Exception {
        admin = db.adminConnection();
        Fixtures.standard(admin);
        for (int i = 0; i < 2; i++) {
            db.dal().logDownload(new PipRequest(Fixtures.WHEEL_V7, "192.0.2.1", Instant.now(), null, null, null,
                    null, null, null, null, null, null, null));
        }
        output = Files.createDirectories(tmp.resolve("www"));
        Path host = fakeHost(tmp.resolve("host"));
        rig = new TaskRig(db, output);
        web = rig.fake(FakeEndpoint.replying(rig.transport(), WebProtocol.WRITER, rig.context().config().webQueue(),
                r -> new WebProtocol.Done(), "web", rig.journal()));
        status = rig.fake(FakeEndpoint.pulling(rig.transport(), MonitorStatusProtocol.MONITOR,
                MasterConfig.STATUS_INTERNAL, "status", rig.journal()));
        rig.start(new StatsCollector(rig.context(),
                new StatsCollector.Timings(TICK, Duration.ofSeconds(60), Duration.ofMinutes(60)), new HostInfo(host)));
        reporter = rig.transport().socket(SocketType.PUSH, StatsProtocol.REPORTER);
        reporter.linger(Duration.ZERO);
        reporter.connect(rig.context().config().statsQueue());
    }

    @AfterEach
    void stop() throws Exception {
        if (reporter != null) {
            reporter.close();
        }
        if (rig != null) {
            rig.close();
        }
        admin.close();
    }

    private static Path fakeHost(Path root) throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.createDirectories(root.resolve("sys/class/thermal/thermal_zone0"));
        Files.writeString(root.resolve("proc/meminfo"), "MemTotal: 1000 kB\nMemFree: 100 kB\n"
                + "MemAvailable: 600 kB\nCached: 50 kB\nSwapTotal: 200 kB\nSwapFree: 150 kB\n");
        Files.writeString(root.resolve("proc/loadavg"), "1.25 0.50 0.25 1/100 4242\n");
        Files.writeString(root.resolve("sys/class/thermal/thermal_zone0/temp"), "48500\n");
        return root;
    }

    private MasterStats nextStats() throws InterruptedException {
        MonitorStatusProtocol.StatusMessage m = status.next(WAIT);
        assertThat(m).isInstanceOf(MonitorStatusProtocol.Stats.class);
        return ((MonitorStatusProtocol.Stats) m).stats();
    }

    private <T> T nextPage(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            WebProtocol.PageRequest r = web.next(Duration.ofSeconds(1));
            if (type.isInstance(r)) {
                return type.cast(r);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " page request");
    }

    @Test
    void publishesHostFiguresEveryTick() throws Exception {
        MasterStats s = nextStats();
        assertThat(s.memSize()).isEqualTo(1000 * 1024);
        assertThat(s.memFree()).isEqualTo(600 * 1024);
        assertThat(s.swapSize()).isEqualTo(200 * 1024);
        assertThat(s.swapFree()).isEqualTo(150 * 1024);
        assertThat(s.loadAverage()).isEqualTo(1.25);
        assertThat(s.cpuTemp()).isEqualTo(48.5);
        long[] disk = HostInfo.disk(output);
        assertThat(s.diskSize()).isEqualTo(disk[0]);
        assertThat(nextStats().timestamp()).isAfter(s.timestamp());
    }

    @Test
    void homePageAndSearchIndexAtStartWithTheDatabaseFigures() throws Exception {
        WebProtocol.Home home = nextPage(WebProtocol.Home.class);
        assertThat(home.stats().downloadsAll()).isEqualTo(2); // INITSTATS
        assertThat(home.stats().downloadsLastHour()).isEqualTo(2); // GETSTATS
        assertThat(home.stats().packagesBuilt()).isEqualTo(1);
        assertThat(home.stats().filesCount()).isEqualTo(2);
        assertThat(home.stats().buildsTime()).isEqualTo(Duration.ofSeconds(300));
        WebProtocol.Search search = nextPage(WebProtocol.Search.class);
        assertThat(search.downloads()).containsEntry("foo", new DownloadCounts(2, 2));
    }

    @Test
    void reportsFromOtherTasksChangeTheFigures() throws Exception {
        nextPage(WebProtocol.Home.class);
        reporter.send(new StatsProtocol.StatFs(4, 3));
        reporter.send(new StatsProtocol.StatBq(Map.of("cp34m", 1L)));
        reporter.send(new StatsProtocol.LogDownload(5));
        MasterStats s;
        long deadline = System.nanoTime() + WAIT.toNanos();
        do {
            s = nextStats();
        } while (s.downloadsAll() != 7 && System.nanoTime() < deadline);
        assertThat(s.downloadsAll()).isEqualTo(7);
        assertThat(s.diskSize()).isEqualTo(4);
        assertThat(s.diskFree()).isEqualTo(3);
        assertThat(s.buildsPending()).isEqualTo(Map.of("cp34m", 1L));

        // HOME makes both the search index and the home page due at once
        web.drain();
        reporter.send(new StatsProtocol.Home());
        List<WebProtocol.PageRequest> pages = new ArrayList<>();
        pages.add(web.next(WAIT));
        pages.add(web.next(WAIT));
        assertThat(pages).hasOnlyElementsOfTypes(WebProtocol.Home.class, WebProtocol.Search.class)
                .extracting(p -> p.getClass().getSimpleName()).containsExactlyInAnyOrder("Home", "Search");
        assertThat(pages).filteredOn(WebProtocol.Home.class::isInstance)
                .allMatch(p -> ((WebProtocol.Home) p).stats().downloadsAll() == 7);
    }

    @Test
    void pausedItPublishesNothingAndStatsReplaysTheHistory() throws Exception {
        List<MasterStats> published = new ArrayList<>();
        while (published.size() < 3) {
            published.add(nextStats());
        }
        Task.sendControl(rig.context(), StatsCollector.NAME, TaskControlProtocols.STATS.reverse(),
                new TaskControlProtocols.Pause());
        MonitorStatusProtocol.StatusMessage m;
        while ((m = status.next(TICK.multipliedBy(4))) != null) {
            published.add(((MonitorStatusProtocol.Stats) m).stats());
        }
        Task.sendControl(rig.context(), StatsCollector.NAME, TaskControlProtocols.STATS.reverse(),
                new TaskControlProtocols.Stats());
        List<MasterStats> replayed = new ArrayList<>();
        while (replayed.size() < published.size()) {
            replayed.add(nextStats());
        }
        assertThat(replayed).isEqualTo(published);
        assertThat(status.next(TICK.multipliedBy(4))).isNull(); // still paused
        Task.sendControl(rig.context(), StatsCollector.NAME, TaskControlProtocols.STATS.reverse(),
                new TaskControlProtocols.Resume());
        assertThat(nextStats().timestamp()).isAfter(published.get(published.size() - 1).timestamp());
    }
}
