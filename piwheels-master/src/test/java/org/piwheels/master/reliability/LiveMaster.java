package org.piwheels.master.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseConfig;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.Master;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.admin.AdminRequestHandler;
import org.piwheels.master.build.FileReceiver;
import org.piwheels.master.build.SlaveDriver;
import org.piwheels.master.db.DatabaseRouter;
import org.piwheels.master.db.DatabaseWorker;
import org.piwheels.master.queue.BuildQueuePlanner;
import org.piwheels.master.stats.AccessLogRecorder;
import org.piwheels.master.stats.StatsCollector;
import org.piwheels.master.task.Task;
import org.piwheels.master.web.PageRequestDebouncer;
import org.piwheels.master.web.SiteWriterTask;

/**
 * A real master in this JVM on the embedded test database: every task of
 * {@code MasterTasks} but the PyPI follower (PyPI is unreachable in tests), its
 * outward queues (status, control, import, log, slave, file) on loopback TCP ports,
 * its web root {@code <root>/www} so that anything written beside it can be seen.
 * The database holds ABI cp311 and {@code packages} packages {@code pkg1..pkgN}
 * version 1.0, which the planner queues at start.
 */
final class LiveMaster implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final Path root;
    final Path output;
    final MasterConfig config;
    final Master master;
    /** The statistics task, whose figures include the rejection counts. */
    volatile StatsCollector stats;
    private final TestDatabase db;
    private final Thread loop;

    LiveMaster(TestDatabase db, Path root, int packages) throws Exception {
        this(db, root, packages, -1);
    }

    /** @param minFreeBytes the free space on the output disk that puts the farm to sleep, or -1 for the default */
    LiveMaster(TestDatabase db, Path root, int packages, long minFreeBytes) throws Exception {
        this(db, root, packages, minFreeBytes, null);
    }

    /**
     * @param admin the credentials the control, status, import and log queues ask for, or
     *              {@code null} for none (these tests' hostile clients speak the bare protocol)
     */
    LiveMaster(TestDatabase db, Path root, int packages, long minFreeBytes,
               org.piwheels.protocol.transport.AdminSecret admin) throws Exception {
        this.db = db;
        this.root = root;
        this.output = root.resolve("www");
        seed(db, packages);
        config = config(output, true, org.piwheels.master.RunningMaster.tcpAddresses(6)).withAdminSecret(admin);
        master = new Master(config, new SystemdNotifier(null));
        if (minFreeBytes >= 0) {
            master.minimumFreeSpace(minFreeBytes);
        }
        master.start(context -> {
            List<Task> tasks = tasks(context, db.config());
            stats = tasks.stream().filter(StatsCollector.class::isInstance).map(StatsCollector.class::cast)
                    .findFirst().orElseThrow();
            return tasks;
        });
        loop = new Thread(() -> {
            try {
                master.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "live-master");
        loop.start();
    }

    /** Empties the database and registers ABI cp311 and packages pkg1..pkgN 1.0. */
    static void seed(TestDatabase db, int packages) throws Exception {
        try (Connection admin = db.adminConnection()) {
            Fixtures.clear(admin);
            Fixtures.exec(admin, "INSERT INTO build_abis (abi_tag) VALUES ('cp311')");
            for (int i = 1; i <= packages; i++) {
                Fixtures.exec(admin, "INSERT INTO packages (package) VALUES ('pkg" + i + "')");
                Fixtures.exec(admin, "INSERT INTO versions (package, version) VALUES ('pkg" + i + "', '1.0')");
            }
        }
    }

    /**
     * @param outward the status, control, import, log, slave and file queues, in that order
     * @return the configuration of a master with these outward queues and its own in-process ones
     */
    static MasterConfig config(Path output, boolean devMode, List<String> outward) {
        String in = "inproc://rel" + COUNTER.incrementAndGet() + "-";
        return new MasterConfig("postgres:///unused", output, devMode, List.of(), "http://127.0.0.1:9/pypi",
                "http://127.0.0.1:9/simple", "http://127.0.0.1:9/pypi", outward.get(0), outward.get(1),
                outward.get(2), outward.get(3), outward.get(4), outward.get(5), in + "web", in + "builds", in + "db",
                in + "fs", in + "stats");
    }

    /** @return every task of {@code MasterTasks} but the PyPI follower, on this database */
    static List<Task> tasks(org.piwheels.master.task.TaskContext context, DatabaseConfig db) {
        List<Task> tasks = new ArrayList<>();
        tasks.add(new DatabaseRouter(context));
        tasks.add(new DatabaseWorker(context, 1, Database.open(db)));
        tasks.add(new DatabaseWorker(context, 2, Database.open(db)));
        tasks.add(new AccessLogRecorder(context, Database.open(db)));
        tasks.add(new SiteWriterTask(context));
        tasks.add(new PageRequestDebouncer(context));
        tasks.add(new StatsCollector(context));
        tasks.add(new FileReceiver(context));
        tasks.add(new SlaveDriver(context, Database.open(db)));
        tasks.add(new AdminRequestHandler(context));
        tasks.add(new BuildQueuePlanner(context, Database.open(db)));
        return tasks;
    }

    /** @return whether the master's loop still runs and no task has failed */
    boolean alive() {
        return loop.isAlive() && !master.anyTaskFailed();
    }

    /** @return every path under the test's root directory other than the web root, relative to the root */
    List<String> outsideWebRoot() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root) && !p.startsWith(output)).map(p -> root.relativize(p).toString())
                    .sorted().toList();
        }
    }

    /** @return every regular file or link under the web root's {@code simple/}, relative to it */
    List<String> simpleFiles() throws IOException {
        Path simple = output.resolve("simple");
        if (!Files.isDirectory(simple)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(simple)) {
            return s.filter(p -> !Files.isDirectory(p)).map(p -> simple.relativize(p).toString()).sorted().toList();
        }
    }

    /** @return rows of a query as "col1|col2|..." strings */
    List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.adminConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cols = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    cols.add(String.valueOf(rs.getObject(i)));
                }
                out.add(String.join("|", cols));
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        master.stop("test finished");
        loop.join(Duration.ofSeconds(120).toMillis());
        assertThat(loop.isAlive()).as("master loop stopped").isFalse();
        master.close();
    }
}
