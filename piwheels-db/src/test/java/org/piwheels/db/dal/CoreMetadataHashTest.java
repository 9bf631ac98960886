package org.piwheels.db.dal;

import org.junit.jupiter.api.Test;
import org.piwheels.db.testing.Fixtures;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Changeset 0.23-j5: the PEP 658 core-metadata hash per file, stored and returned by get_project_data. */
class CoreMetadataHashTest extends FixtureTest {
    private static final String META_1 = "1".repeat(64);
    private static final String META_2 = "2".repeat(64);

    private String stored(String filename) {
        return dal.getProjectData("foo").releases().values().stream()
                .map(r -> r.files().get(filename)).filter(f -> f != null).findFirst().orElseThrow()
                .coreMetadataHash();
    }

    @Test
    void storedHashesReachTheProjectData() throws Exception {
        assertThat(stored(Fixtures.WHEEL_V7)).isNull();
        assertThat(dal.setCoreMetadataHashes(Map.of(Fixtures.WHEEL_V7, META_1, Fixtures.WHEEL_V6, META_1,
                "gone-1.0-py3-none-any.whl", META_2))).isEqualTo(2);
        assertThat(stored(Fixtures.WHEEL_V7)).isEqualTo(META_1);
        assertThat(stored(Fixtures.WHEEL_V6)).isEqualTo(META_1);
        // the same hash again writes nothing
        assertThat(dal.setCoreMetadataHashes(Map.of(Fixtures.WHEEL_V7, META_1))).isZero();
        assertThat(rows("SELECT filename FROM files WHERE core_metadata_hash IS NOT NULL ORDER BY filename"))
                .containsExactly(Fixtures.WHEEL_V6, Fixtures.WHEEL_V7);
    }

    @Test
    void storingAHashLeavesTheBuildQueueAlone() throws Exception {
        // foo 0.1 is built for cp34m and waits for cp35m: its queue row, as the fixture wrote it
        String queued = "SELECT abi_tag || '|' || xmin::text FROM bookkeeping.pending_builds"
                + " WHERE package = 'foo' AND version = '0.1'";
        List<String> before = rows(queued);
        assertThat(before).singleElement().asString().startsWith("cp35m|");
        assertThat(dal.setCoreMetadataHashes(Map.of(Fixtures.WHEEL_V7, META_1, Fixtures.WHEEL_V6, META_1))).isEqualTo(2);
        assertThat(rows(queued)).as("not recomputed for a column the queue does not read").isEqualTo(before);
        // while a change the queue does depend on still recomputes it
        exec("UPDATE files SET abi_tag = abi_tag WHERE filename = '" + Fixtures.WHEEL_V7 + "'");
        assertThat(rows(queued)).singleElement().asString().startsWith("cp35m|").isNotEqualTo(before.get(0));
    }

    @Test
    void malformedHashesAreRefusedAndChangeNothing() throws Exception {
        assertThatThrownBy(() -> dal.setCoreMetadataHashes(Map.of(Fixtures.WHEEL_V7, "ABC")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Fixtures.WHEEL_V7);
        assertThatThrownBy(() -> dal.setCoreMetadataHashes(Map.of(Fixtures.WHEEL_V7, "A".repeat(64))))
                .isInstanceOf(IllegalArgumentException.class);
        // the function checks too, for callers other than the DAL
        assertThatThrownBy(() -> exec("SELECT set_core_metadata_hashes(ARRAY['" + Fixtures.WHEEL_V7 + "'], ARRAY['x'])"))
                .hasMessageContaining("64 lower-case hex");
        assertThat(rows("SELECT count(*) FROM files WHERE core_metadata_hash IS NOT NULL")).containsExactly("0");
    }

    @Test
    void aBuildIsRecordedWithItsHashesInOneTransaction() {
        dal.addNewPackageVersion("foo", "0.2", null, "");
        String wheel = "foo-0.2-py3-none-any.whl";
        int[] ids = dal.logBuilds(List.of(Builds.success("foo", "0.2", "cp34m", 1, Builds.wheel("foo", "0.2", "none"))),
                Map.of(wheel, META_1));
        assertThat(ids).hasSize(1);
        assertThat(stored(wheel)).isEqualTo(META_1);
        // a rebuild of the same file name starts without a hash: the old wheel's metadata is not the new one's
        dal.logBuild(Builds.success("foo", "0.2", "cp34m", 2, Builds.wheel("foo", "0.2", "none")));
        assertThat(stored(wheel)).isNull();
        dal.logBuild(Builds.success("foo", "0.2", "cp34m", 3, Builds.wheel("foo", "0.2", "none")), Map.of(wheel, META_2));
        assertThat(stored(wheel)).isEqualTo(META_2);
    }

    @Test
    void aRefusedHashStoresNoBuild() throws Exception {
        dal.addNewPackageVersion("foo", "0.2", null, "");
        String before = rows("SELECT count(*) FROM builds").get(0);
        assertThatThrownBy(() -> dal.logBuilds(List.of(Builds.success("foo", "0.2", "cp34m", 1,
                Builds.wheel("foo", "0.2", "none"))), Map.of("foo-0.2-py3-none-any.whl", "nothex")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(rows("SELECT count(*) FROM builds")).containsExactly(before);
    }
}
