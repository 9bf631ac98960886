package org.piwheels.db.dal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.piwheels.protocol.records.BuildRequest;
import org.piwheels.protocol.records.BuildState;

/**
 * Changeset 0.23-j3: the build queue skips the ABIs a version's Requires-Python
 * excludes, and retries (later, three times at most) builds that failed because
 * the index did not serve the release yet.
 */
class QueueBeyond023Test extends FixtureTest {

    private static final String NOT_ON_INDEX = "ERROR: No matching distribution found for lagging==1.0\n";

    @BeforeEach
    void abis() throws Exception {
        exec("DELETE FROM packages");
        exec("DELETE FROM build_abis");
        exec("INSERT INTO build_abis VALUES ('cp34m', ''), ('cp39', ''), ('cp311', '')");
    }

    private Map<String, TreeSet<String>> queue() {
        Map<String, TreeSet<String>> out = new TreeMap<>();
        for (Map.Entry<String, List<BuildRequest>> e : dal.getBuildQueue(100).entrySet()) {
            TreeSet<String> set = new TreeSet<>();
            e.getValue().forEach(r -> set.add(r.packageName() + " " + r.version()));
            out.put(e.getKey(), set);
        }
        return out;
    }

    private List<String> view() throws Exception {
        return rows("SELECT abi_tag || ' ' || package || ' ' || version FROM builds_pending ORDER BY 1");
    }

    @Test
    void abiPythonVersionMapsCpythonTags() throws Exception {
        assertThat(rows("SELECT abi_python_version('cp39'), abi_python_version('cp311'), abi_python_version('cp34m'),"
                + " abi_python_version('cp27mu'), abi_python_version('cp313'), abi_python_version('pp73'),"
                + " abi_python_version('abi3'), abi_python_version('none')"))
                .containsExactly("309|311|304|207|313|null|null|null");
    }

    @Test
    void excludedAbisAreSkippedWithAReason() throws Exception {
        dal.addNewPackage("modern");
        dal.addNewPackageVersion("modern", "2.0", null, "");
        assertThat(view()).containsExactly("cp311 modern 2.0");  // MIN by text: cp311 < cp34m < cp39

        dal.setRequiresPython("modern", "2.0", ">=3.10");
        assertThat(dal.getRequiresPython("modern", "2.0")).contains(">=3.10");
        assertThat(dal.getAbiSkips("modern", "2.0")).containsExactly(
                Map.entry("cp34m", "Requires-Python >=3.10 excludes cp34m"),
                Map.entry("cp39", "Requires-Python >=3.10 excludes cp39"));
        // cp311 is still wanted; once it is built, nothing is left for the excluded ABIs
        assertThat(view()).containsExactly("cp311 modern 2.0");
        dal.logBuild(Builds.failure("modern", "2.0", "cp311", 1));
        assertThat(view()).isEmpty();
        assertThat(queue()).isEmpty();
    }

    @Test
    void theQueueMovesToTheSmallestAbiStillAllowed() throws Exception {
        dal.addNewPackage("old");
        dal.addNewPackageVersion("old", "1.0", null, "");
        dal.setRequiresPython("old", "1.0", "<3.6");
        assertThat(view()).containsExactly("cp34m old 1.0");
        assertThat(queue()).containsOnlyKeys("cp34m");
        dal.setRequiresPython("old", "1.0", "");  // no longer known: everything again
        assertThat(dal.getRequiresPython("old", "1.0")).isEmpty();
        assertThat(view()).containsExactly("cp311 old 1.0");
        dal.setRequiresPython("old", "1.0", ">=4");  // nothing we build
        assertThat(view()).isEmpty();
        dal.setRequiresPython("old", "1.0", "not a specifier");  // pip ignores it, so do we
        assertThat(view()).containsExactly("cp311 old 1.0");
        assertThat(dal.getAbiSkips("old", "1.0")).isEmpty();
    }

    @Test
    void requiresPythonOfAnUnknownVersionIsIgnoredAndGoesWithItsVersion() throws Exception {
        dal.setRequiresPython("ghost", "1.0", ">=3.10");
        assertThat(count("SELECT count(*) FROM version_requires_python")).isZero();
        dal.addNewPackage("gone");
        dal.addNewPackageVersion("gone", "1.0", null, "");
        dal.setRequiresPython("gone", "1.0", ">=3.10");
        dal.deleteVersion("gone", "1.0");
        assertThat(count("SELECT count(*) FROM version_requires_python")).isZero();
    }

    @Test
    void aBuildAbiAddedLaterIsJudgedByTheStoredSpecifier() throws Exception {
        dal.addNewPackage("modern");
        dal.addNewPackageVersion("modern", "2.0", null, "");
        dal.setRequiresPython("modern", "2.0", ">=3.12");
        assertThat(view()).isEmpty();
        exec("INSERT INTO build_abis VALUES ('cp312', '')");
        assertThat(view()).containsExactly("cp312 modern 2.0");
    }

    @Test
    void indexLagFailuresAreRetriedLaterThreeTimesAtMost() throws Exception {
        exec("DELETE FROM build_abis WHERE abi_tag <> 'cp311'");
        dal.addNewPackage("lagging");
        dal.addNewPackageVersion("lagging", "1.0", null, "");
        assertThat(view()).containsExactly("cp311 lagging 1.0");

        for (int attempt = 1; attempt <= 3; attempt++) {
            dal.logBuild(lagFailure(attempt));
            // pending again, but not before 10, 20, 40 minutes after the failure
            assertThat(view()).as("attempt %d", attempt).isEmpty();
            assertThat(queue()).isEmpty();
            long minutes = 10L << (attempt - 1);
            assertThat(rows("SELECT round(extract(epoch FROM p.not_before - b.built_at) / 60)"
                    + " FROM bookkeeping.pending_builds p, (SELECT max(built_at) AS built_at FROM builds) b"))
                    .containsExactly(Long.toString(minutes));
            // time passes: the retry is due
            exec("UPDATE bookkeeping.pending_builds SET not_before = not_before - INTERVAL '" + minutes + " minutes'");
            assertThat(view()).containsExactly("cp311 lagging 1.0");
            assertThat(queue()).containsEntry("cp311", new TreeSet<>(List.of("lagging 1.0")));
        }
        dal.logBuild(lagFailure(4));  // the third retry failed too: a failure like any other
        assertThat(rows("SELECT count(*) FROM bookkeeping.pending_builds")).containsExactly("0");
        assertThat(count("SELECT count(*) FROM bookkeeping.index_lag_failures")).isEqualTo(4);

        dal.deleteBuild("lagging", "1.0");  // an operator's rebuild starts afresh
        assertThat(count("SELECT count(*) FROM bookkeeping.index_lag_failures")).isZero();
        assertThat(view()).containsExactly("cp311 lagging 1.0");
    }

    @Test
    void otherFailuresAreNotRetried() throws Exception {
        exec("DELETE FROM build_abis WHERE abi_tag <> 'cp311'");
        dal.addNewPackage("lagging");
        dal.addNewPackageVersion("lagging", "1.0", null, "");
        dal.logBuild(new BuildState(1, "lagging", "1.0", "cp311", false, Duration.ofSeconds(3),
                "ERROR: No matching distribution found for numpy==9.9\n", List.of()));
        assertThat(view()).isEmpty();
        assertThat(count("SELECT count(*) FROM bookkeeping.index_lag_failures")).isZero();
        assertThat(count("SELECT count(*) FROM bookkeeping.pending_builds")).isZero();
    }

    private static BuildState lagFailure(int slave) {
        return new BuildState(slave, "lagging", "1.0", "cp311", false, Duration.ofSeconds(3), NOT_ON_INDEX, List.of());
    }
}
