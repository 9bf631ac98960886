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
 * Benchmark (not a test): replays a synthetic changelog of N events (default
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

    /** The synthetic changelog, generated lazily page by page (1 M rows would not fit comfortably). */
    static final class SyntheticChangelog implements ChangelogSource {
        private final List<ChangelogRow> rows = new ArrayList<>();

        SyntheticChangelog(int events, long firstSerial, long firstTimestamp, long seed) {
            Random random = new Random(seed);
            long serial = firstSerial;
            long ts = firstTimestamp;
            int project = 0;
            while (rows.size() < events) {
                String name = "Proj_" + project++;
                rows.add(new ChangelogRow(name, null, ts++, "create", serial++));
                int releases = 1 + random.nextInt(5);
                for (int r = 0; r < releases && rows.size() < events; r++) {
                    String v = "1." + r;
                    rows.add(new ChangelogRow(name, v, ts++, "new release", serial++));
                    rows.add(new ChangelogRow(name, v, ts++, "add cp311 file " + name + "-" + v + "-cp311.whl",
                            serial++));
                    rows.add(new ChangelogRow(name, v, ts++, "add source file " + name + "-" + v + ".tar.gz",
                            serial++));
                    for (int extra = random.nextInt(4); extra > 0; extra--) {
                        rows.add(new ChangelogRow(name, v, ts++, "add py3 file " + name + "-" + v + "-" + extra
                                + "-py3-none-any.whl", serial++));
                    }
                    int odd = random.nextInt(40);
                    if (odd == 0) {
                        rows.add(new ChangelogRow(name, v, ts++, "yank release", serial++));
                    } else if (odd == 1) {
                        rows.add(new ChangelogRow(name, v, ts++, "remove release", serial++));
                    } else if (odd == 2) {
                        rows.add(new ChangelogRow(name, null, ts++, "add Owner someone", serial++));
                    }
                }
                if (random.nextInt(200) == 0) {
                    rows.add(new ChangelogRow(name, null, ts++, "remove project", serial++));
                }
            }
            while (rows.size() > events) {
                rows.remove(rows.size() - 1);
            }
        }

        @Override
        public List<ChangelogRow> changelogSince(long serial) {
            int from = (int) Math.max(0, serial - rows.get(0).serial() + 1);
            return List.copyOf(rows.subList(Math.min(from, rows.size()), Math.min(from + 50_000, rows.size())));
        }

        long lastSerial() {
            return rows.get(rows.size() - 1).serial();
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
            db.setPypiSerial(firstSerial);
            DatabaseFollowerActions actions = new DatabaseFollowerActions(db);
            RacingClock clock = new RacingClock(now);
            ProjectDescriptions descriptions = new ProjectDescriptions(
                    name -> Optional.of(new ProjectSummary("synthetic project " + name, ProjectSummary.UNKNOWN_SERIAL)),
                    ProjectDescriptions.DEFAULT_CACHE_SIZE);
            Backoff backoff = new Backoff(PypiEventFeed.BACKOFF_BASE, PypiEventFeed.BACKOFF_CAP, () -> 0.5);
            SettlingChangelog source = new SettlingChangelog(changelog, now.getEpochSecond());
            PypiEventFeed feed = new PypiEventFeed(source, descriptions, backoff, clock, VersionCache.DEFAULT_CAPACITY, 0);
            ChangelogFollower follower = new ChangelogFollower(
                    batched ? new BatchingFollowerActions(actions, actions) : actions, feed, descriptions, backoff, false, clock);
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
                    + "%,.0f rows/s, %,.0f events/s%n", events, applied, actions.pages.size(), seconds,
                    events / seconds, applied / seconds);
            System.out.printf("database: %,d packages, %,d versions%n", db.getAllPackages().size(),
                    db.getAllPackageVersions().size());
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
