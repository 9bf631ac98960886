package org.piwheels.db.dal;

import org.junit.jupiter.api.Test;
import org.piwheels.db.ProjectData;
import org.piwheels.db.ProjectData.AbiStatus;
import org.piwheels.db.testing.Fixtures;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Checklist §38-§45: file queries and get_project_data. */
class ProjectDataTest extends FixtureTest {

    @Test
    void packageAndVersionFiles() throws Exception {
        dal.addNewPackage("other");
        dal.addNewPackageVersion("other", "1.0", null, "");
        dal.logBuild(Builds.success("other", "1.0", "cp34m", 1, Builds.wheel("other", "1.0", "cp34m")));
        dal.addNewPackageVersion("foo", "0.2", null, "");
        dal.logBuild(Builds.success("foo", "0.2", "cp34m", 1, Builds.wheel("foo", "0.2", "none")));
        assertThat(dal.getPackageFiles("foo")).containsOnly(
                Map.entry(Fixtures.WHEEL_V7, Fixtures.HASH), Map.entry(Fixtures.WHEEL_V6, Fixtures.HASH),
                Map.entry("foo-0.2-py3-none-any.whl", Builds.HASH_A));
        assertThat(dal.getVersionFiles("foo", "0.1")).containsExactlyInAnyOrder(Fixtures.WHEEL_V7, Fixtures.WHEEL_V6);
    }

    @Test
    void fixtureProjectData() {
        ProjectData data = dal.getProjectData("foo");
        assertThat(data.name()).isEqualTo("foo");
        assertThat(data.description()).isEmpty();
        assertThat(data.releases()).containsOnlyKeys("0.1");
        ProjectData.Release release = data.releases().get("0.1");
        assertThat(release.yanked()).isFalse();
        assertThat(release.released()).isEqualTo(Instant.EPOCH);
        assertThat(release.skip()).isEmpty();
        assertThat(release.files()).containsOnlyKeys(Fixtures.WHEEL_V7, Fixtures.WHEEL_V6);
        assertThat(release.files().get(Fixtures.WHEEL_V7)).isEqualTo(new ProjectData.File("/simple", Fixtures.HASH,
                123456, "cp34m", "cp34m", "linux_armv7l", ">=3", Set.of("libc6"), Set.of("bar"), null));
        assertThat(release.files().get(Fixtures.WHEEL_V6).platform()).isEqualTo("linux_armv6l");
        assertThat(release.abis()).isEqualTo(Map.of("cp34m", new AbiStatus("success", fixtureBuildId)));
    }

    @Test
    void preinstalledPackagesAreHidden() throws Exception {
        exec("INSERT INTO dependencies VALUES ('" + Fixtures.WHEEL_V7 + "', 'apt', 'libc'),"
                + " ('" + Fixtures.WHEEL_V7 + "', 'apt', 'libfoo4')");
        exec("DELETE FROM dependencies WHERE dependency = 'libc6'");
        assertThat(dal.getProjectData("foo").releases().get("0.1").files().get(Fixtures.WHEEL_V7)
                .aptDependencies()).containsExactly("libfoo4");
    }

    @Test
    void fileWithoutDependenciesRendersEmptyObjects() throws Exception {
        exec("DELETE FROM dependencies");
        try (Statement st = admin.createStatement();
             ResultSet rs = st.executeQuery("SELECT get_project_data('foo')::text")) {
            rs.next();
            assertThat(rs.getString(1)).contains("\"apt_dependencies\" : {}", "\"pip_dependencies\" : {}");
        }
        ProjectData.File file = dal.getProjectData("foo").releases().get("0.1").files().get(Fixtures.WHEEL_V7);
        assertThat(file.aptDependencies()).isEmpty();
        assertThat(file.pipDependencies()).isEmpty();
    }

    @Test
    void releasedIsTheSameInstantInAnySessionTimeZone() throws Exception {
        exec("UPDATE versions SET released = '2001-02-03 04:05:06'");
        try (var app = db.appConnection(); Statement st = app.createStatement()) {
            st.execute("SET TIME ZONE 'Europe/Berlin'");
            try (ResultSet rs = st.executeQuery("SELECT get_project_data('foo') #>> '{releases,0.1,released}'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("2001-02-03T05:05:06+01:00");
                assertThat(OffsetDateTime.parse(rs.getString(1)).toInstant())
                        .isEqualTo(Instant.parse("2001-02-03T04:05:06Z"));
            }
        }
        assertThat(dal.getProjectData("foo").releases().get("0.1").released())
                .isEqualTo(Instant.parse("2001-02-03T04:05:06Z"));
    }

    private Map<String, AbiStatus> abis() {
        return dal.getProjectData("foo").releases().get("0.1").abis();
    }

    @Test
    void abiMatrixWithoutBuilds() throws Exception {
        exec("DELETE FROM builds");
        assertThat(abis()).isEqualTo(Map.of("cp34m", new AbiStatus("pending", null),
                "cp35m", new AbiStatus("pending", null)));
    }

    @Test
    void abiMatrixForSkips() throws Exception {
        exec("DELETE FROM builds");
        dal.skipPackageVersion("foo", "0.1", "binary only");
        assertThat(abis()).isEqualTo(Map.of("cp34m", new AbiStatus("skip", null), "cp35m", new AbiStatus("skip", null)));
        assertThat(dal.getProjectData("foo").releases().get("0.1").skip()).isEqualTo("binary only");
        dal.skipPackageVersion("foo", "0.1", "");
        dal.skipPackage("foo", "pkg reason");
        assertThat(dal.getProjectData("foo").releases().get("0.1").skip()).isEqualTo("pkg reason");
        assertThat(abis().values()).extracting(AbiStatus::status).containsOnly("skip");
    }

    @Test
    void skipOverridesSuccess() {
        dal.skipPackage("foo", "no");
        assertThat(abis()).isEqualTo(Map.of("cp34m", new AbiStatus("skip", fixtureBuildId)));
    }

    @Test
    void abiMatrixForOneFailure() throws Exception {
        exec("DELETE FROM builds");
        int id = dal.logBuild(Builds.failure("foo", "0.1", "cp34m", 1));
        assertThat(abis()).isEqualTo(Map.of("cp34m", new AbiStatus("fail", id)));
    }

    @Test
    void abiMatrixForNoneAndAbi3Wheels() throws Exception {
        for (String abi : List.of("none", "abi3")) {
            exec("DELETE FROM builds");
            int id = dal.logBuild(Builds.success("foo", "0.1", "cp34m", 1, Builds.wheel("foo", "0.1", abi)));
            assertThat(abis()).as(abi).isEqualTo(Map.of("cp34m", new AbiStatus("success", id),
                    "cp35m", new AbiStatus("success", id)));
        }
    }

    @Test
    void buildWhoseFilesWereTakenOverIsAnError() throws Exception {
        dal.logBuild(Builds.success("foo", "0.1", "cp35m", 2,
                Builds.wheel("foo", "0.1", "cp34m", "linux_armv7l", 1, Builds.HASH_B, Map.of()),
                Builds.wheel("foo", "0.1", "cp34m", "linux_armv6l", 1, Builds.HASH_B, Map.of())));
        assertThat(abis()).isEqualTo(Map.of("cp34m", new AbiStatus("error", fixtureBuildId)));
    }

    @Test
    void skippedAbiIsNeverListed() throws Exception {
        exec("DELETE FROM builds");
        exec("UPDATE build_abis SET skip = 'old' WHERE abi_tag = 'cp35m'");
        assertThat(abis()).containsOnlyKeys("cp34m");
    }

    @Test
    void unknownPackage() throws Exception {
        ProjectData data = dal.getProjectData("nope");
        assertThat(data).isEqualTo(new ProjectData(null, null, Map.of()));
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery("SELECT get_project_data('nope')::text")) {
            rs.next();
            assertThat(rs.getString(1).replace(" ", "")).isEqualTo("{\"name\":null,\"description\":null,\"releases\":{}}");
        }
    }

    @Test
    void displayNameIsTheAliasSeenLast() {
        dal.addPackageName("foo", "Foo", Instant.parse("2020-01-01T00:00:00Z"));
        dal.addPackageName("foo", "FOO", Instant.parse("2019-01-01T00:00:00Z"));
        assertThat(dal.getProjectData("foo").name()).isEqualTo("Foo");
    }
}
