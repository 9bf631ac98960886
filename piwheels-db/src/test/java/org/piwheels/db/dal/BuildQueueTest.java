package org.piwheels.db.dal;

import org.junit.jupiter.api.Test;
import org.piwheels.db.QueryCancelledException;
import org.piwheels.protocol.records.BuildRequest;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checklist §29-§37: the builds_pending view through get_build_queue. */
class BuildQueueTest extends FixtureTest {

    private static final List<BuildRequest> FOO = List.of(new BuildRequest("foo", "0.1"));

    private void noBuilds() throws Exception {
        exec("DELETE FROM builds");
    }

    @Test
    void unbuiltVersionGoesToLowestAbi() throws Exception {
        noBuilds();
        assertThat(dal.getBuildQueue(10)).isEqualTo(Map.of("cp34m", FOO));
    }

    @Test
    void afterBuildWithoutFilesNextAbi() throws Exception {
        exec("DELETE FROM files");
        assertThat(dal.getBuildQueue(10)).isEqualTo(Map.of("cp35m", FOO));
        dal.deleteBuild("foo", "0.1");
        assertThat(dal.getBuildQueue(10)).isEqualTo(Map.of("cp34m", FOO));
    }

    @Test
    void afterSpecificWheelNextAbi() {
        assertThat(dal.getBuildQueue(10)).isEqualTo(Map.of("cp35m", FOO));
    }

    @Test
    void noneWheelCoversEveryAbi() throws Exception {
        noBuilds();
        dal.logBuild(Builds.success("foo", "0.1", "cp35m", 1, Builds.wheel("foo", "0.1", "none")));
        assertThat(dal.getBuildQueue(10)).isEmpty();
    }

    @Test
    void specificWheelCoversTheFilesAbiNotTheBuilders() throws Exception {
        noBuilds();
        dal.logBuild(Builds.success("foo", "0.1", "cp34m", 1, Builds.wheel("foo", "0.1", "cp35m")));
        assertThat(dal.getBuildQueue(10)).isEqualTo(Map.of("cp34m", FOO));
    }

    @Test
    void abi3OnlyLeavesBuilderAbiPending() throws Exception {
        noBuilds();
        dal.logBuild(Builds.success("foo", "0.1", "cp34m", 1, Builds.wheel("foo", "0.1", "abi3")));
        assertThat(dal.getBuildQueue(10)).isEqualTo(Map.of("cp34m", FOO));
    }

    @Test
    void failuresOnEveryAbiLeaveNothing() throws Exception {
        noBuilds();
        dal.logBuild(Builds.failure("foo", "0.1", "cp34m", 1));
        assertThat(dal.getBuildQueue(10)).isEqualTo(Map.of("cp35m", FOO));
        dal.logBuild(Builds.failure("foo", "0.1", "cp35m", 2));
        assertThat(dal.getBuildQueue(10)).isEmpty();
    }

    @Test
    void skipsExcludeButYanksDoNot() throws Exception {
        noBuilds();
        dal.yankVersion("foo", "0.1");
        assertThat(dal.getBuildQueue(10)).isEqualTo(Map.of("cp34m", FOO));
        dal.skipPackage("foo", "x");
        assertThat(dal.getBuildQueue(10)).isEmpty();
        dal.skipPackage("foo", "");
        dal.skipPackageVersion("foo", "0.1", "x");
        assertThat(dal.getBuildQueue(10)).isEmpty();
        dal.skipPackageVersion("foo", "0.1", "");
        exec("UPDATE build_abis SET skip = 'retired' WHERE abi_tag = 'cp34m'");
        assertThat(dal.getBuildQueue(10)).isEqualTo(Map.of("cp35m", FOO));
    }

    @Test
    void orderedOldestFirstLimitedPerAbiAndNeverTwice() throws Exception {
        noBuilds();
        exec("UPDATE versions SET released = '2010-01-01'");
        for (int i = 2; i <= 5; i++) {
            dal.addNewPackageVersion("foo", "0." + i, Instant.parse("201" + (6 - i) + "-01-01T00:00:00Z"), "");
        }
        // 0.5 (2011) 0.4 (2012) 0.3 (2013) 0.2 (2014) after 0.1 (2010); 0.2 fails on cp34m.
        dal.logBuild(Builds.failure("foo", "0.2", "cp34m", 1));
        Map<String, List<BuildRequest>> queue = dal.getBuildQueue(3);
        assertThat(queue.keySet()).containsExactly("cp34m", "cp35m");
        assertThat(queue.get("cp34m")).extracting(BuildRequest::version).containsExactly("0.1", "0.5", "0.4");
        assertThat(queue.get("cp35m")).extracting(BuildRequest::version).containsExactly("0.2");
        assertThat(rows("SELECT position FROM builds_pending WHERE abi_tag = 'cp34m' ORDER BY position"))
                .containsExactly("1", "2", "3", "4");
    }

    @Test
    void abisCompareAsStrings() throws Exception {
        noBuilds();
        exec("INSERT INTO build_abis (abi_tag) VALUES ('cp311')");
        assertThat(dal.getBuildQueue(10)).isEqualTo(Map.of("cp311", FOO));
    }

    @Test
    void deletedVersionsLeaveTheQueue() throws Exception {
        noBuilds();
        dal.deleteVersion("foo", "0.1");
        assertThat(dal.getBuildQueue(10)).isEmpty();
    }

    @Test
    void curatedDataset() throws Exception {
        exec("INSERT INTO build_abis (abi_tag) VALUES ('cp311')");
        Fixtures2.curated(dal);
        Map<String, List<BuildRequest>> queue = dal.getBuildQueue(100);
        assertThat(queue.keySet()).containsExactly("cp311", "cp34m");
        assertThat(queue.get("cp311")).extracting(BuildRequest::packageName)
                .containsExactly("foo", "fresh", "abi3only", "yanked");
        assertThat(queue.get("cp34m")).extracting(BuildRequest::packageName)
                .containsExactly("specific", "failed");
        Map<String, List<BuildRequest>> limited = dal.getBuildQueue(2);
        assertThat(limited.get("cp311")).extracting(BuildRequest::packageName).containsExactly("foo", "fresh");
        assertThat(limited.get("cp34m")).extracting(BuildRequest::packageName).containsExactly("specific", "failed");
    }

    @Test
    void viewColumnsHaveTheSpecifiedTypes() throws Exception {
        assertThat(rows("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = 'builds_pending'::regclass AND attnum > 0 ORDER BY attnum"))
                .containsExactly("abi_tag|text", "position|bigint",
                        "package|character varying(200)", "version|character varying(200)");
    }

    @Test
    void runningQueueQueryCanBeCancelled() throws Exception {
        try (Connection locker = db.adminConnection()) {
            locker.setAutoCommit(false);
            try (Statement st = locker.createStatement()) {
                // build_abis: read by the queue query before and after changeset 0.23-j2
                // (which moved the heavy part to bookkeeping.pending_builds).
                st.execute("LOCK TABLE build_abis IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Map<String, List<BuildRequest>>> queue =
                    CompletableFuture.supplyAsync(() -> dal.getBuildQueue(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE '%get_build_queue%'") == 0) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(20);
            }
            dal.cancelBuildQueue();
            assertThatThrownBy(() -> queue.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(QueryCancelledException.class);
            locker.rollback();
        }
    }
}
