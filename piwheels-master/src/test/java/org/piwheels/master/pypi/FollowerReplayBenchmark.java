package org.piwheels.master.pypi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.piwheels.db.Database;
import org.piwheels.db.embedded.EmbeddedDatabase;

/**
 * Benchmark (not a test): replays a synthetic changelog of N rows (default
 * 1,000,000) into an empty database, the follower applying it through the data
 * layer exactly as its event table says, and reports events applied per second
 * and the time to catch up. PyPI itself is simulated in memory (pages of 50 000
 * rows, answered at once, descriptions without delay), so what is measured is
 * the follower and the database, not the network.
 *
 * <pre>
 * java -cp ... org.piwheels.master.pypi.FollowerReplayBenchmark [events] [data-dir]
 * </pre>
 *
 * The changelog: projects created one after another, each with 1-5 releases,
 * each release a wheel then its sdist then 0-3 more files (suppressed as
 * repeats); now and then an owner change (ignored), a yank, a removed release
 * or a removed project. Row timestamps advance one second per row and end a day
 * before "now", so the follower is catching up the whole time.
 */
public final class FollowerReplayBenchmark {

    private FollowerReplayBenchmark() {
    }

    /**
     * The synthetic changelog, generated lazily page by page and forgotten once read
     * past, so the harness holds one page of rows, not the whole changelog (1 M rows
     * held at once, plus what the follower needs, crowded a 3 GB heap).
     */
    static final class SyntheticChangelog implements ChangelogSource {
        private static final int PAGE = 50_000;
        private final int events;
        private final long firstSerial;
        private final Random random;
        private long serial;
        private long ts;
        private int project;
        private int generated;
        /** Rows not yet read past, in serial order (serials are consecutive). */
        private final java.util.ArrayDeque<ChangelogRow> window = new java.util.ArrayDeque<>();

        SyntheticChangelog(int events, long firstSerial, long firstTimestamp, long seed) {
            this.events = events;
            this.firstSerial = firstSerial;
            this.random = new Random(seed);
            this.serial = firstSerial;
            this.ts = firstTimestamp;
        }

        private void add(String name, String version, String action) {
            if (generated < events) {
                window.addLast(new ChangelogRow(name, version, ts++, action, serial++));
                generated++;
            }
        }

        /** One project's rows: created, 1-5 releases with their files, now and then an oddity. */
        private void generateProject() {
            String name = "Proj_" + project++;
            add(name, null, "create");
            int releases = 1 + random.nextInt(5);
            for (int r = 0; r < releases && generated < events; r++) {
                String v = "1." + r;
                add(name, v, "new release");
                add(name, v, "add cp311 file " + name + "-" + v + "-cp311.whl");
                add(name, v, "add source file " + name + "-" + v + ".tar.gz");
                for (int extra = random.nextInt(4); extra > 0; extra--) {
                    add(name, v, "add py3 file " + name + "-" + v + "-" + extra + "-py3-none-any.whl");
                }
                int odd = random.nextInt(40);
                if (odd == 0) {
                    add(name, v, "yank release");
                } else if (odd == 1) {
                    add(name, v, "remove release");
                } else if (odd == 2) {
                    add(name, null, "add Owner someone");
                }
            }
            if (random.nextInt(200) == 0) {
                add(name, null, "remove project");
            }
        }

        @Override
        public List<ChangelogRow> changelogSince(long since) {
            long from = Math.max(since + 1, firstSerial);
            while (!window.isEmpty() && window.peekFirst().serial() < from) {
                window.removeFirst();
            }
            if (!window.isEmpty() && window.peekFirst().serial() > from) {
                throw new IllegalStateException("the benchmark's changelog cannot go back to serial " + from);
            }
            while (window.size() < PAGE && generated < events) {
                generateProject();
            }
            List<ChangelogRow> page = new ArrayList<>(Math.min(PAGE, window.size()));
            for (ChangelogRow row : window) {
                if (page.size() == PAGE) {
                    break;
                }
                page.add(row);
            }
            return page;
        }

        long lastSerial() {
            return firstSerial + events - 1;
        }
    }

    /** A clock that moves one second per read, so the paced feed never waits in real time. */
    static final class RacingClock extends Clock {
        private Instant now;

        RacingClock(Instant start) {
            now = start;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            now = now.plusMillis(100);
            return now;
        }
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path data = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("piwheels-follower-bench");
        // "per-event": every request its own transaction, as before batching (for comparison)
        boolean batched = !(args.length > 2 && args[2].equals("per-event"));
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        long firstTs = now.getEpochSecond() - 86_400 - events * 2L;
        long firstSerial = 30_000_001;
        System.out.printf("generating %,d changelog rows...%n", events);
        SyntheticChangelog changelog = new SyntheticChangelog(events, firstSerial, firstTs, 23);
        // one row far later, so the reorder buffer releases every row before it
        try (EmbeddedDatabase pg = EmbeddedDatabase.start(data.resolve("pg"), 0);
             Database db = Database.open(pg.applicationConfig())) {
            pg.registerBuildAbis(List.of("cp311"));
            boolean timeFunctions = Boolean.getBoolean("follower.bench.functions");
            if (timeFunctions) {
                superuser(pg, "ALTER SYSTEM SET track_functions = 'all'", "SELECT pg_reload_conf()");
            }
            db.setPypiSerial(firstSerial);
            DatabaseFollowerActions actions = new DatabaseFollowerActions(db, false);
            RacingClock clock = new RacingClock(now);
            ProjectDescriptions descriptions = new ProjectDescriptions(
                    name -> Optional.of(new ProjectSummary("synthetic project " + name, ProjectSummary.UNKNOWN_SERIAL)),
                    ProjectDescriptions.DEFAULT_CACHE_SIZE);
            Backoff backoff = new Backoff(PypiEventFeed.BACKOFF_BASE, PypiEventFeed.BACKOFF_CAP, () -> 0.5);
            SettlingChangelog source = new SettlingChangelog(changelog, now.getEpochSecond());
            PypiEventFeed feed = new PypiEventFeed(source, descriptions, backoff, clock, VersionCache.DEFAULT_CAPACITY, 0);
            BatchingFollowerActions batching = new BatchingFollowerActions(actions, actions);
            ChangelogFollower follower = new ChangelogFollower(
                    batched ? batching : actions, feed, descriptions, backoff, false, clock);
            follower.start();
            long applied = 0;
            long start = System.nanoTime();
            long lastReport = start;
            while (follower.serial() < changelog.lastSerial() + 1) {
                FeedBatch batch = follower.step();
                applied += batch.events().size();
                long t = System.nanoTime();
                if (t - lastReport > 10_000_000_000L) {
                    System.out.printf("  %6.0f s: serial %,d, %,d events applied, %,.0f events/s%n",
                            (t - start) / 1e9, follower.serial(), applied, applied / ((t - start) / 1e9));
                    lastReport = t;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%,d changelog rows -> %,d events applied (%,d page requests) in %.1f s: "
                    + "%,.0f rows/s, %,.0f events/s%n", events, applied, actions.pageRequests(), seconds,
                    events / seconds, applied / seconds);
            System.out.printf("database writes: %,d sent, %,d dropped or folded into others%n",
                    actions.writesSent(), batching.writesSaved());
            System.out.printf("database: %,d packages, %,d versions%n", db.getAllPackages().size(),
                    db.getAllPackageVersions().size());
            Runtime rt = Runtime.getRuntime();
            System.out.printf("JVM heap: %,d MB used of %,d MB committed (max %,d MB)%n",
                    (rt.totalMemory() - rt.freeMemory()) >> 20, rt.totalMemory() >> 20, rt.maxMemory() >> 20);
            if (timeFunctions) {
                printFunctionTimes(pg);
            }
        }
    }

    private static void superuser(EmbeddedDatabase pg, String... statements) throws java.sql.SQLException {
        try (java.sql.Connection c = pg.server().connectAsSuperuser(EmbeddedDatabase.DATABASE);
             java.sql.Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    /** With -Dfollower.bench.functions=true: where PostgreSQL spent its time (track_functions). */
    private static void printFunctionTimes(EmbeddedDatabase pg) throws Exception {
        Thread.sleep(2_000); // the backends flush their statistics when idle
        try (java.sql.Connection c = pg.server().connectAsSuperuser(EmbeddedDatabase.DATABASE);
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet r = st.executeQuery("SELECT schemaname || '.' || funcname, calls, total_time, self_time"
                     + " FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT 20")) {
            System.out.printf("%-50s %10s %10s %10s%n", "function", "calls", "total ms", "self ms");
            while (r.next()) {
                System.out.printf("%-50s %,10d %,10.0f %,10.0f%n", r.getString(1), r.getLong(2), r.getDouble(3),
                        r.getDouble(4));
            }
        }
    }

    /** The synthetic changelog plus one row far in the future of it, so everything settles. */
    static final class SettlingChangelog implements ChangelogSource {
        private final SyntheticChangelog rows;
        private final long lastTimestamp;
        private boolean settled;

        SettlingChangelog(SyntheticChangelog rows, long lastTimestamp) {
            this.rows = rows;
            this.lastTimestamp = lastTimestamp;
        }

        @Override
        public List<ChangelogRow> changelogSince(long serial) {
            List<ChangelogRow> page = rows.changelogSince(serial);
            if (!page.isEmpty() || settled || serial > rows.lastSerial()) {
                return page;
            }
            settled = true;
            return List.of(new ChangelogRow("zz-settle", null, lastTimestamp, "docupdate", rows.lastSerial() + 1));
        }
    }
}
