package org.piwheels.db.dal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseException;
import org.piwheels.protocol.records.BuildState;

/** Beyond 0.23: {@link Database#logBuilds} records many builds in one transaction and one statement. */
class GroupCommitTest extends FixtureTest {

    @Test
    void recordsEveryBuildInOrderInOneTransaction() throws Exception {
        dal.addNewPackageVersion("foo", "0.2", null, "");
        long statsBefore = count("SELECT files_count FROM get_statistics()");
        int[] ids = dal.logBuilds(List.of(
                Builds.success("foo", "0.2", "cp34m", 2, Builds.wheel("foo", "0.2", "cp34m")),
                Builds.failure("foo", "0.1", "cp35m", 3),
                Builds.success("foo", "0.2", "cp35m", 4, Builds.wheel("foo", "0.2", "cp35m"))));
        assertThat(ids).hasSize(3);
        assertThat(ids[0]).isLessThan(ids[1]);
        assertThat(ids[1]).isLessThan(ids[2]);
        assertThat(rows("SELECT build_id, version, built_by, status FROM builds WHERE build_id >= " + ids[0]
                + " ORDER BY build_id")).containsExactly(
                ids[0] + "|0.2|2|t", ids[1] + "|0.1|3|f", ids[2] + "|0.2|4|t");
        // one transaction: one built_at (the transaction's timestamp) for all three
        assertThat(count("SELECT count(DISTINCT built_at) FROM builds WHERE build_id >= " + ids[0])).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM files WHERE build_id IN (" + ids[0] + ", " + ids[2] + ")"))
                .isEqualTo(2);
        assertThat(count("SELECT files_count FROM get_statistics()")).isEqualTo(statsBefore + 2);
    }

    @Test
    void oneRefusedBuildRefusesTheWholeBatch() throws Exception {
        long builds = count("SELECT count(*) FROM builds");
        assertThatThrownBy(() -> dal.logBuilds(List.of(
                Builds.failure("foo", "0.1", "cp35m", 3),
                Builds.success("nope", "0.1", "cp35m", 2))))
                .isInstanceOf(DatabaseException.class);
        assertThat(count("SELECT count(*) FROM builds")).isEqualTo(builds);
    }

    @Test
    void indexLagFailuresAreMarkedInTheBatch() throws Exception {
        exec("DELETE FROM build_abis WHERE abi_tag <> 'cp311'");
        dal.addNewPackage("lagging");
        dal.addNewPackageVersion("lagging", "1.0", null, "");
        int[] ids = dal.logBuilds(List.of(
                Builds.failure("foo", "0.1", "cp311", 3),
                new BuildState(1, "lagging", "1.0", "cp311", false, Duration.ofSeconds(3),
                        "ERROR: Could not find a version that satisfies the requirement lagging==1.0\n", List.of())));
        assertThat(rows("SELECT build_id FROM bookkeeping.index_lag_failures"))
                .containsExactly(Integer.toString(ids[1]));
    }

    @Test
    void emptyAndOversizedBatches() {
        assertThat(dal.logBuilds(List.of())).isEmpty();
        List<BuildState> tooMany = new ArrayList<>();
        for (int i = 0; i <= Database.MAX_BUILDS_PER_BATCH; i++) {
            tooMany.add(Builds.failure("foo", "0.1", "cp35m", i + 1));
        }
        assertThatThrownBy(() -> dal.logBuilds(tooMany)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFullBatchFitsOneStatement() throws Exception {
        List<BuildState> full = new ArrayList<>();
        for (int i = 0; i < Database.MAX_BUILDS_PER_BATCH; i++) {
            full.add(Builds.success("foo", "0.1", "cp35m", i + 1, Builds.wheel("foo", "0.1", "cp35m")));
        }
        assertThat(dal.logBuilds(full)).hasSize(Database.MAX_BUILDS_PER_BATCH).doesNotContain(0);
        // each rebuild takes the filename over: the last build holds it
        assertThat(count("SELECT count(*) FROM files WHERE filename LIKE 'foo-0.1-cp35-cp35m%'")).isEqualTo(1);
    }
}
