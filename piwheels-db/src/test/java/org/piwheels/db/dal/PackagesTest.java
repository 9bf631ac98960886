package org.piwheels.db.dal;

import org.junit.jupiter.api.Test;
import org.piwheels.db.PackageVersion;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Checklist §12-§20: packages, versions, names, skips, yanks, tests. */
class PackagesTest extends FixtureTest {

    @Test
    void addNewPackageOnlyOnce() throws Exception {
        assertThat(dal.addNewPackage("bar")).isTrue();
        assertThat(dal.addNewPackage("bar", "other", "other")).isFalse();
        assertThat(rows("SELECT package, skip, description FROM packages WHERE package = 'bar'"))
                .containsExactly("bar||");
        assertThat(dal.addNewPackage("baz", "skipped", "A description")).isTrue();
        assertThat(rows("SELECT skip, description FROM packages WHERE package = 'baz'"))
                .containsExactly("skipped|A description");
    }

    @Test
    void addNewPackageVersion() throws Exception {
        assertThat(dal.addNewPackageVersion("foo", "0.2", null, "")).isTrue();
        assertThat(dal.addNewPackageVersion("foo", "0.2", Instant.EPOCH, "x")).isFalse();
        LocalDateTime released = LocalDateTime.parse(rows(
                "SELECT to_char(released, 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM versions WHERE version = '0.2'").get(0));
        assertThat(Duration.between(released.toInstant(ZoneOffset.UTC), Instant.now()).abs())
                .isLessThan(Duration.ofMinutes(1));
        assertThat(rows("SELECT skip, yanked FROM versions WHERE version = '0.2'")).containsExactly("|f");
        assertSqlState(() -> dal.addNewPackageVersion("nope", "1.0", null, ""), "23503");
    }

    @Test
    void sqlFunctionTurnsNullReleaseIntoEpoch() throws Exception {
        try (var app = db.appConnection(); var st = app.createStatement()) {
            st.execute("SELECT add_new_package_version('foo', '0.3', NULL)");
        }
        assertThat(rows("SELECT released FROM versions WHERE version = '0.3'")).containsExactly("1970-01-01 00:00:00");
    }

    @Test
    void addPackageNameInsertsOrUpdatesSeen() throws Exception {
        dal.addPackageName("foo", "Foo", Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(rows("SELECT package, seen FROM package_names WHERE name = 'Foo'"))
                .containsExactly("foo|2020-01-01 00:00:00");
        dal.addPackageName("foo", "Foo", Instant.parse("2019-01-01T00:00:00Z"));
        assertThat(rows("SELECT seen FROM package_names WHERE name = 'Foo'")).containsExactly("2019-01-01 00:00:00");
        dal.addPackageName("foo", "FOO", null);
        assertThat(rows("SELECT seen FROM package_names WHERE name = 'FOO'")).containsExactly("1970-01-01 00:00:00");
        assertThat(count("SELECT count(*) FROM package_names")).isEqualTo(3);
        assertSqlState(() -> dal.addPackageName("nope", "Nope", null), "23503");
    }

    @Test
    void aliasesExcludeTheCanonicalName() {
        assertThat(dal.getPackageAliases("foo")).isEmpty();
        dal.addPackageName("foo", "Foo", null);
        dal.addPackageName("foo", "FOO", null);
        assertThat(dal.getPackageAliases("foo")).containsExactlyInAnyOrder("Foo", "FOO");
    }

    @Test
    void settersChangeExactlyOneField() throws Exception {
        dal.setPackageDescription("foo", "Desc");
        assertThat(rows("SELECT skip, description FROM packages")).containsExactly("|Desc");
        dal.skipPackage("foo", "reason");
        assertThat(rows("SELECT skip, description FROM packages")).containsExactly("reason|Desc");
        dal.skipPackage("foo", "");
        assertThat(rows("SELECT skip FROM packages")).containsExactly("");
        dal.skipPackageVersion("foo", "0.1", "binary only");
        assertThat(rows("SELECT skip, yanked FROM versions")).containsExactly("binary only|f");
        assertThat(rows("SELECT skip FROM packages")).containsExactly("");
        dal.yankVersion("foo", "0.1");
        assertThat(rows("SELECT skip, yanked FROM versions")).containsExactly("binary only|t");
        dal.unyankVersion("foo", "0.1");
        assertThat(rows("SELECT yanked FROM versions")).containsExactly("f");
    }

    @Test
    void settersOnMissingRowsAreSilent() throws Exception {
        dal.setPackageDescription("nope", "x");
        dal.skipPackage("nope", "x");
        dal.skipPackageVersion("foo", "9.9", "x");
        dal.yankVersion("nope", "0.1");
        dal.unyankVersion("foo", "9.9");
        assertThat(rows("SELECT package, skip, description FROM packages")).containsExactly("foo||");
        assertThat(rows("SELECT version, skip, yanked FROM versions")).containsExactly("0.1||f");
    }

    @Test
    void existenceTests() {
        assertThat(dal.testPackage("foo")).isTrue();
        assertThat(dal.testPackage("bar")).isFalse();
        assertThat(dal.testPackageVersion("foo", "0.1")).isTrue();
        assertThat(dal.testPackageVersion("foo", "0.2")).isFalse();
        dal.skipPackage("foo", "skipped");
        dal.skipPackageVersion("foo", "0.1", "skipped");
        assertThat(dal.testPackage("foo")).isTrue();
        assertThat(dal.testPackageVersion("foo", "0.1")).isTrue();
    }

    @Test
    void deletedMarkers() {
        assertThat(dal.packageMarkedDeleted("foo")).isFalse();
        assertThat(dal.getVersionsDeleted("foo")).isEmpty();
        dal.skipPackage("foo", "deleted");
        assertThat(dal.packageMarkedDeleted("foo")).isTrue();
        dal.skipPackageVersion("foo", "0.1", "deleted");
        assertThat(dal.getVersionsDeleted("foo")).containsExactly("0.1");
    }

    @Test
    void versionSkip() {
        assertThat(dal.getVersionSkip("foo", "0.1")).contains("");
        assertThat(dal.getVersionSkip("foo", "0.2")).isEmpty();
        dal.skipPackageVersion("foo", "0.1", "why");
        assertThat(dal.getVersionSkip("foo", "0.1")).contains("why");
    }

    @Test
    void allPackagesVersionsAndAbis() throws Exception {
        assertThat(dal.getAllPackages()).containsExactly("foo");
        assertThat(dal.getAllPackageVersions()).containsExactly(new PackageVersion("foo", "0.1"));
        exec("UPDATE build_abis SET skip = 'retired' WHERE abi_tag = 'cp35m'");
        assertThat(dal.getBuildAbis()).containsExactlyInAnyOrder("cp34m", "cp35m");
        assertThat(dal.getBuildAbis(true)).containsExactly("cp34m");
        assertThat(dal.getAllBuildIds()).containsExactly(fixtureBuildId);
    }
}
