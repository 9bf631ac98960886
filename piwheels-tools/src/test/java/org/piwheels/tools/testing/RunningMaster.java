package org.piwheels.tools.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseConfig;
import org.piwheels.db.testing.SharedPostgres;
import org.piwheels.master.Master;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.MasterTasks;
import org.piwheels.protocol.transport.CurveServer;
import org.piwheels.testing.FakePypi;

/**
 * A whole piw-master in this JVM: every task of {@link MasterTasks} on a database of
 * its own in the shared test PostgreSQL, development mode, a web root of its own, and
 * the queues the tools use (import, file and log queue) on real loopback TCP ports.
 * The PyPI it follows is an empty {@link FakePypi}, so the follower stays quiet.
 *
 * <p>One master serves every test class of the JVM ({@link #shared()}), as starting one
 * costs seconds; the tests keep out of each other's way by using packages, versions and
 * client addresses of their own. The build ABIs are {@code cp311} and {@code cp312}.
 */
public final class RunningMaster {
    private static final String DATABASE = "piwheels_tools_master";
    private static RunningMaster shared;

    private final SharedPostgres postgres;
    private final String database;
    private final Path output;
    private final FakePypi pypi;
    private final MasterConfig config;
    private final Path adminSecret;
    private final Database dal;
    private final Master master;
    private final Thread loop;

    private RunningMaster(SharedPostgres postgres, String database, DatabaseConfig db, Path output, FakePypi pypi,
                          boolean adminAuth, CurveServer curve) throws Exception {
        this.postgres = postgres;
        this.database = database;
        this.output = output;
        this.pypi = pypi;
        String tcp = "tcp://127.0.0.1:";
        MasterConfig c = new MasterConfig("postgres:///unused", output, true, List.of(),
                pypi.xmlrpcUrl(), pypi.simpleUrl(), pypi.jsonUrl(),
                "inproc://status-out", "inproc://control", tcp + freePort(), tcp + freePort(),
                "inproc://slaves", tcp + freePort(), "inproc://web", "inproc://builds", "inproc://db",
                "inproc://fs", "inproc://stats");
        if (adminAuth) {
            // the admin queues ask for credentials, as a packaged master's do; the tools get the file
            adminSecret = output.resolveSibling(output.getFileName() + "-admin.secret");
            org.piwheels.protocol.transport.AdminSecret secret = org.piwheels.protocol.transport.AdminSecret.generate();
            secret.write(adminSecret);
            c = c.withAdminSecret(secret);
        } else {
            adminSecret = null; // piw-master --admin-auth off, as 0.23's master
        }
        config = curve == null ? c : c.withCurve(curve);
        master = new Master(config, new SystemdNotifier(null));
        try {
            master.start(context -> MasterTasks.create(context, db));
        } catch (Exception e) {
            master.stop("start-up failed");
            master.run();
            master.close();
            throw e;
        }
        loop = new Thread(() -> {
            try {
                master.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-master");
        loop.start();
        dal = Database.open(db);
    }

    /** @return the master of this JVM, started on first use and stopped at exit */
    public static synchronized RunningMaster shared() throws Exception {
        if (shared == null) {
            shared = create(DATABASE, true, null);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> shared.stop(true), "tools-test-master-stop"));
        }
        return shared;
    }

    /**
     * A master of a test class's own, for settings the shared one does not have; the
     * class stops it with {@link #close()}.
     *
     * @param database  a database name of its own
     * @param adminAuth false for a master run with {@code --admin-auth off}
     * @param curve     the master's CURVE keys ({@code --curve-key}, {@code --curve-allow}), or null
     */
    public static RunningMaster start(String database, boolean adminAuth, CurveServer curve) throws Exception {
        return create(database, adminAuth, curve);
    }

    private static RunningMaster create(String database, boolean adminAuth, CurveServer curve) throws Exception {
        SharedPostgres postgres = SharedPostgres.get();
        postgres.admin().cloneDatabase(SharedPostgres.TEMPLATE, database, SharedPostgres.APP_ROLE);
        try (Connection c = postgres.server().connectAsSuperuser(database); Statement st = c.createStatement()) {
            st.execute("INSERT INTO build_abis (abi_tag) VALUES ('cp311'), ('cp312')");
        }
        Path output = Files.createTempDirectory("piwheels-tools-www");
        DatabaseConfig db = DatabaseConfig.of(postgres.server().jdbcUrl(database), SharedPostgres.APP_ROLE, null);
        return new RunningMaster(postgres, database, db, output, FakePypi.start(), adminAuth, curve);
    }

    /** Stops a master of {@link #start}. */
    public void close() {
        stop(false);
    }

    /** @return the import queue the admin tools talk to */
    public String importQueue() {
        return config.importQueue();
    }

    /** @return the admin credentials file the tools need (mode 0640) */
    public Path adminSecret() {
        return adminSecret;
    }

    /** @return the options that give a tool the master's admin credentials (or turn them off, as the master has) */
    public List<String> adminArgs() {
        return adminSecret == null ? List.of("--admin-auth", "off") : List.of("--admin-secret", adminSecret.toString());
    }

    /** @return the file queue piw-import uploads to */
    public String fileQueue() {
        return config.fileQueue();
    }

    /** @return the log queue piw-logger pushes to */
    public String logQueue() {
        return config.logQueue();
    }

    /** @return the web root */
    public Path output() {
        return output;
    }

    /** @return the data layer on the master's database */
    public Database dal() {
        return dal;
    }

    /** @return the PyPI the master follows, whose JSON API piw-add may ask too */
    public FakePypi pypi() {
        return pypi;
    }

    /** @return the rows of a query on the master's database (for tables the data layer only writes), as text */
    public List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = postgres.server().connectAsSuperuser(database); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** Runs a statement on the master's database as the superuser (fixtures). */
    public void execute(String sql) throws SQLException {
        try (Connection c = postgres.server().connectAsSuperuser(database); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /**
     * Waits until {@code condition} holds: the master writes pages and stores records
     * after it has answered, so the tests wait for what they then assert.
     *
     * @throws AssertionError if it does not hold within {@code timeout}
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    /** As {@link #await(String, Duration, BooleanSupplier)} with 30 s. */
    public static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, Duration.ofSeconds(30), condition);
    }

    /** @return whether the page exists and contains the text (false while it is being replaced or unreadable) */
    public static boolean pageLists(Path page, String text) {
        try {
            return Files.exists(page) && Files.readString(page).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Adds the package version (if new) and imports one small wheel of it with
     * {@code piw-import}, as an operator would: the wheel is then in the database and
     * in the web root.
     *
     * @return the wheel's file name
     */
    public String publish(Path dir, String pkg, String version, String tags) throws Exception {
        dal.addNewPackage(pkg, "", "");
        dal.addNewPackageVersion(pkg, version, java.time.Instant.parse("2024-01-01T00:00:00Z"), "");
        Path wheel = TestWheels.of(dir, pkg, version, tags, 10);
        int rc = org.piwheels.cli.CommandRunner.run(new org.piwheels.tools.importer.PiwImport(), "import",
                java.util.stream.Stream.concat(java.util.stream.Stream.of("-y", "-q", "--import-queue", importQueue(),
                        "--file-queue", fileQueue(), wheel.toString()), adminArgs().stream()).toArray(String[]::new),
                List.of());
        if (rc != 0) {
            throw new AssertionError("piw-import of " + wheel + " failed: " + rc);
        }
        return wheel.getFileName().toString();
    }

    /** @return whether every task still runs (a task that stopped on its own failed) */
    public boolean healthy() {
        return !master.anyTaskFailed();
    }

    /** @param atExit whether the JVM is exiting (then the tasks' complaints are silenced) */
    private void stop(boolean atExit) {
        if (atExit) {
            // the test PostgreSQL stops in a hook of its own, at the same time: what the tasks
            // would log about the vanishing database while they stop is noise
            ((ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory())
                    .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.OFF);
        }
        master.stop("tests finished");
        try {
            loop.join(20_000); // bounded: the web root is removed below even if a task lingers
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            dal.close();
            master.close();
            pypi.close();
        } catch (RuntimeException e) {
            // best effort at exit
        }
        try {
            if (adminSecret != null) {
                Files.deleteIfExists(adminSecret);
            }
        } catch (IOException e) {
            // best effort at exit
        }
        try (var paths = Files.walk(output)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort at exit
        }
    }
}
