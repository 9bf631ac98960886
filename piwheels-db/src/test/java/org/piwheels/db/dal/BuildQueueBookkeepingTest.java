package org.piwheels.db.dal;

import org.junit.jupiter.api.Test;
import org.piwheels.protocol.records.BuildRequest;
import org.piwheels.protocol.records.FileState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changeset 0.23-j2 keeps the build queue in bookkeeping.pending_builds,
 * maintained by triggers. After every step of a long random sequence of
 * writes (through the DAL's functions and, as an operator would, directly),
 * builds_pending and get_build_queue must hold exactly the rows that
 * piwheels 0.23's own definition of the view (spec §3.1, EXCEPT ALL)
 * computes from the tables; and (changeset 0.23-j2-statistics) the totals of
 * get_statistics() must equal 0.23's aggregates over all builds and files.
 */
class BuildQueueBookkeepingTest extends FixtureTest {

    /** 0.23's builds_pending without the positions: (abi, package, version, released). */
    private static final String REFERENCE_023 = """
            SELECT MIN(d.abi_tag) || '|' || d.package || '|' || d.version || '|' || v.released
            FROM (
                SELECT v.package, v.version, b.abi_tag
                FROM packages p JOIN versions v ON v.package = p.package CROSS JOIN build_abis b
                WHERE v.skip = '' AND p.skip = '' AND b.skip = ''
                EXCEPT ALL
                (
                    SELECT b.package, b.version, v.abi_tag
                    FROM builds b JOIN files f ON b.build_id = f.build_id CROSS JOIN build_abis v
                    WHERE f.abi_tag = 'none'
                    UNION ALL
                    SELECT b.package, b.version, COALESCE(f.abi_tag, b.abi_tag)
                    FROM builds b LEFT JOIN files f ON b.build_id = f.build_id
                    WHERE f.build_id IS NULL OR f.abi_tag <> 'none'
                )
            ) d JOIN versions v ON v.package = d.package AND v.version = d.version
            GROUP BY d.package, d.version, v.released""";

    private static final String[] ABIS = {"cp34m", "cp35m", "cp311"};
    private static final String[] FILE_ABIS = {"none", "abi3", "cp34m", "cp35m", "cp311"};

    private void assertQueueMatches023(String step) throws Exception {
        TreeSet<String> expected = new TreeSet<>(rows(REFERENCE_023));
        TreeSet<String> view = new TreeSet<>(rows(
                "SELECT q.abi_tag || '|' || q.package || '|' || q.version || '|' || v.released"
                + " FROM builds_pending q JOIN versions v USING (package, version)"));
        assertThat(view).as(step).isEqualTo(expected);
        // positions: 1..n per ABI, in release order
        assertThat(rows("SELECT count(*) FROM (SELECT q.abi_tag, q.position, ROW_NUMBER() OVER"
                + " (PARTITION BY q.abi_tag ORDER BY q.position) AS n, v.released, LAG(v.released) OVER"
                + " (PARTITION BY q.abi_tag ORDER BY q.position) AS prev"
                + " FROM builds_pending q JOIN versions v USING (package, version)) x"
                + " WHERE x.position <> x.n OR x.prev > x.released")).as(step).containsExactly("0");
        Map<String, List<BuildRequest>> queue = dal.getBuildQueue(1000);
        TreeSet<String> fromQueue = new TreeSet<>();
        queue.forEach((abi, list) -> list.forEach(r -> fromQueue.add(abi + "|" + r.packageName() + "|" + r.version())));
        TreeSet<String> expectedKeys = new TreeSet<>();
        expected.forEach(e -> expectedKeys.add(e.substring(0, e.lastIndexOf('|'))));
        assertThat(fromQueue).as(step).isEqualTo(expectedKeys);
        // 0.23-j2-statistics: the counters behind get_statistics() equal 0.23's totals
        assertThat(rows("SELECT builds_time, builds_size, packages_built, files_count FROM get_statistics()"))
                .as(step).isEqualTo(rows(STATISTICS_023));
    }

    /** The four all-time totals of 0.23's get_statistics() (spec §5.1). */
    private static final String STATISTICS_023 = """
            SELECT
                (SELECT COALESCE(SUM(CASE WHEN b.duration < INTERVAL '1 week' THEN b.duration
                                          ELSE INTERVAL '0' END), INTERVAL '0') FROM builds b),
                (SELECT COALESCE(SUM(f.filesize), 0)::BIGINT FROM files f WHERE f.platform_tag <> 'linux_armv6l'),
                (SELECT COUNT(DISTINCT f.package_tag)::INTEGER FROM files f),
                (SELECT COUNT(*)::INTEGER FROM files f)""";

    @Test
    void randomWritesKeepTheQueueEqualTo023() throws Exception {
        exec("DELETE FROM packages");
        exec("DELETE FROM build_abis");
        exec("INSERT INTO build_abis VALUES ('cp34m', ''), ('cp35m', ''), ('cp311', '')");
        Random random = new Random(23);
        List<String[]> versions = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            dal.addNewPackage("pkg" + p);
        }
        long slave = 1;
        long maxPending = 0;
        for (int step = 0; step < 250; step++) {
            String pkg = "pkg" + random.nextInt(5);
            String ver = "1." + random.nextInt(4);
            int op = random.nextInt(17);
            String what = step + ": op " + op + " " + pkg + " " + ver;
            switch (op) {
                case 0, 1, 2 -> {
                    dal.addNewPackage(pkg);
                    dal.addNewPackageVersion(pkg, ver,
                            Instant.parse("2020-01-01T00:00:00Z").plusSeconds(random.nextInt(1000) * 3600L), "");
                    versions.add(new String[] {pkg, ver});
                }
                case 3, 4, 5, 6 -> {
                    if (dal.testPackageVersion(pkg, ver)) {
                        String builder = ABIS[random.nextInt(ABIS.length)];
                        if (random.nextInt(4) == 0) {
                            dal.logBuild(Builds.failure(pkg, ver, builder, slave++));
                        } else {
                            int n = random.nextInt(3);
                            List<FileState> files = new ArrayList<>();
                            for (int k = 0; k < n; k++) {
                                files.add(Builds.wheel(pkg, ver, FILE_ABIS[random.nextInt(FILE_ABIS.length)]));
                            }
                            dal.logBuild(Builds.success(pkg, ver, builder, slave++,
                                    files.stream().distinct().toArray(FileState[]::new)));
                        }
                    }
                }
                case 7 -> dal.deleteBuild(pkg, ver);
                case 8 -> dal.skipPackageVersion(pkg, ver, random.nextBoolean() ? "binary only" : "");
                case 9 -> dal.skipPackage(pkg, random.nextInt(3) == 0 ? "manual" : "");
                case 10 -> dal.deleteVersion(pkg, ver);
                case 11 -> {
                    if (random.nextInt(4) == 0) {
                        dal.deletePackage(pkg);
                    }
                }
                case 12 -> exec("UPDATE build_abis SET skip = '" + (random.nextBoolean() ? "retired" : "") + "'"
                        + " WHERE abi_tag = '" + ABIS[random.nextInt(ABIS.length)] + "'");
                case 13 -> exec("DELETE FROM files WHERE filename IN (SELECT filename FROM files ORDER BY filename LIMIT 1)");
                case 14 -> exec("UPDATE builds SET duration = duration + interval '8 days'"
                        + " WHERE build_id IN (SELECT build_id FROM builds ORDER BY build_id DESC LIMIT 1)");
                case 15 -> exec("UPDATE files SET platform_tag = 'linux_armv6l', filesize = filesize + 7,"
                        + " package_tag = package_tag || '_x' WHERE filename IN"
                        + " (SELECT filename FROM files ORDER BY filename DESC LIMIT 1)");
                default -> exec("UPDATE versions SET released = released + interval '7 days', yanked = NOT yanked"
                        + " WHERE package = '" + pkg + "'");
            }
            assertQueueMatches023(what);
            maxPending = Math.max(maxPending, count("SELECT count(*) FROM builds_pending"));
        }
        assertThat(slave).as("builds logged").isGreaterThan(20);
        assertThat(maxPending).isGreaterThan(3);
        exec("TRUNCATE files CASCADE");
        assertQueueMatches023("truncate files");
        exec("TRUNCATE builds CASCADE");
        assertQueueMatches023("truncate builds");
        exec("DELETE FROM build_abis WHERE abi_tag = 'cp34m'");
        assertQueueMatches023("delete build ABI");
    }

    @Test
    void limitIsPerAbiAndNonPositiveLimitsGiveNothing() throws Exception {
        exec("DELETE FROM builds");
        dal.addNewPackageVersion("foo", "0.2", Instant.parse("2021-01-01T00:00:00Z"), "");
        dal.addNewPackageVersion("foo", "0.3", Instant.parse("2019-01-01T00:00:00Z"), "");
        Map<String, List<BuildRequest>> queue = dal.getBuildQueue(2);
        assertThat(queue).containsOnlyKeys("cp34m");
        // foo 0.1 of the fixture was released at the epoch
        assertThat(queue.get("cp34m")).extracting(BuildRequest::version).containsExactly("0.1", "0.3");
        assertThat(dal.getBuildQueue(0)).isEmpty();
        assertThat(dal.getBuildQueue(-5)).isEmpty();
        assertQueueMatches023("fixture");
    }
}
