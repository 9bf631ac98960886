package org.piwheels.db.dal;

import org.junit.jupiter.api.Test;
import org.piwheels.protocol.records.FileState;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Checklist §21-§28: deletion and build logging. */
class BuildLoggingTest extends FixtureTest {

    private void addAccessRows() throws Exception {
        exec("INSERT INTO downloads (filename, accessed_by, accessed_at) VALUES ('"
                + org.piwheels.db.testing.Fixtures.WHEEL_V7 + "', '10.0.0.1', '2020-01-01')");
        exec("INSERT INTO searches (package, accessed_by, accessed_at) VALUES ('foo', '10.0.0.1', '2020-01-01')");
        exec("INSERT INTO project_page_hits (package, accessed_by, accessed_at) VALUES ('foo', '::1', '2020-01-01')");
        exec("INSERT INTO rewrites_pending VALUES ('foo', '2020-01-01', 'BOTH')");
    }

    @Test
    void deletePackageCascadesButKeepsLogs() throws Exception {
        addAccessRows();
        dal.deletePackage("foo");
        for (String table : List.of("packages", "package_names", "versions", "builds", "files", "dependencies")) {
            assertThat(count("SELECT count(*) FROM " + table)).as(table).isZero();
        }
        for (String table : List.of("downloads", "searches", "project_page_hits", "rewrites_pending")) {
            assertThat(count("SELECT count(*) FROM " + table)).as(table).isEqualTo(1);
        }
    }

    @Test
    void deleteVersionRemovesOnlyThatVersion() throws Exception {
        dal.addNewPackageVersion("foo", "0.2", null, "");
        dal.logBuild(Builds.success("foo", "0.2", "cp34m", 2, Builds.wheel("foo", "0.2", "cp34m")));
        dal.deleteVersion("foo", "0.2");
        assertThat(rows("SELECT version FROM versions")).containsExactly("0.1");
        assertThat(count("SELECT count(*) FROM builds")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM files")).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM dependencies")).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM packages")).isEqualTo(1);
    }

    @Test
    void deleteBuildRemovesAllBuildsOfTheVersion() throws Exception {
        dal.deleteBuild("foo", "0.2");
        assertThat(count("SELECT count(*) FROM builds")).isEqualTo(1);
        dal.logBuild(Builds.failure("foo", "0.1", "cp35m", 3));
        dal.deleteBuild("foo", "0.1");
        assertThat(count("SELECT count(*) FROM builds")).isZero();
        assertThat(count("SELECT count(*) FROM files")).isZero();
        assertThat(count("SELECT count(*) FROM dependencies")).isZero();
        assertThat(dal.testPackageVersion("foo", "0.1")).isTrue();
        assertThat(dal.getBuildQueue(10)).containsOnlyKeys("cp34m");
    }

    @Test
    void successfulBuildStoresFilesAndDependencies() throws Exception {
        exec("DELETE FROM builds");
        FileState v7 = Builds.wheel("foo", "0.1", "cp34m", "linux_armv7l", 123456, Builds.HASH_A,
                Map.of("apt", List.of("libc6", "libfoo"), "pip", List.of("bar")));
        FileState v6 = Builds.wheel("foo", "0.1", "cp34m", "linux_armv6l", 123456, Builds.HASH_A,
                Map.of("apt", List.of("libc6")));
        int id = dal.logBuild(Builds.success("foo", "0.1", "cp34m", 1, v7, v6));
        assertThat(rows("SELECT build_id, status, built_by, abi_tag, duration FROM builds"))
                .containsExactly(id + "|t|1|cp34m|00:01:00");
        LocalDateTime builtAt = LocalDateTime.parse(rows(
                "SELECT to_char(built_at, 'YYYY-MM-DD\"T\"HH24:MI:SS') FROM builds").get(0));
        assertThat(Duration.between(builtAt.toInstant(ZoneOffset.UTC), Instant.now()).abs())
                .isLessThan(Duration.ofMinutes(1));
        assertThat(rows("SELECT filename, build_id, filesize, filehash, requires_python, location FROM files ORDER BY 1"))
                .containsExactly(
                        v6.filename() + "|" + id + "|123456|" + Builds.HASH_A + "|>=3|/simple",
                        v7.filename() + "|" + id + "|123456|" + Builds.HASH_A + "|>=3|/simple");
        assertThat(rows("SELECT filename, tool, dependency FROM dependencies ORDER BY 1, 2, 3")).containsExactly(
                v6.filename() + "|apt|libc6",
                v7.filename() + "|apt|libc6", v7.filename() + "|apt|libfoo", v7.filename() + "|pip|bar");
    }

    @Test
    void failedBuildHasNoFiles() throws Exception {
        int id = dal.logBuild(Builds.failure("foo", "0.1", "cp35m", 2));
        assertThat(rows("SELECT status, abi_tag FROM builds WHERE build_id = " + id)).containsExactly("f|cp35m");
        assertThat(count("SELECT count(*) FROM files WHERE build_id = " + id)).isZero();
    }

    @Test
    void rebuildTakesOverFilenames() throws Exception {
        FileState again = Builds.wheel("foo", "0.1", "cp34m", "linux_armv7l", 999, Builds.HASH_B, Map.of());
        assertThat(again.filename()).isEqualTo(org.piwheels.db.testing.Fixtures.WHEEL_V7);
        int id = dal.logBuild(Builds.success("foo", "0.1", "cp34m", 2, again));
        assertThat(rows("SELECT build_id, filesize, filehash FROM files WHERE filename = '" + again.filename() + "'"))
                .containsExactly(id + "|999|" + Builds.HASH_B);
        assertThat(count("SELECT count(*) FROM dependencies WHERE filename = '" + again.filename() + "'")).isZero();
        assertThat(count("SELECT count(*) FROM builds WHERE build_id = " + fixtureBuildId)).isEqualTo(1);
    }

    @Test
    void emptySuccessfulBuildIsAccepted() throws Exception {
        int id = dal.logBuild(Builds.success("foo", "0.1", "cp35m", 2));
        assertThat(rows("SELECT status FROM builds WHERE build_id = " + id)).containsExactly("t");
        assertThat(count("SELECT count(*) FROM files WHERE build_id = " + id)).isZero();
    }

    @Test
    void errorsRollBackTheWholeCall() throws Exception {
        long builds = count("SELECT count(*) FROM builds");
        FileState badDep = new FileState("x-0.1-cp34-cp34m-linux_armv7l.whl", 1, Builds.HASH_A, "x", "0.1",
                "cp34", "cp34m", "linux_armv7l", null, Map.of("conda", List.of("y")), "/simple");
        assertSqlState(() -> dal.logBuild(Builds.success("foo", "0.1", "cp35m", 2, badDep)), "23514");
        assertSqlState(() -> dal.logBuild(Builds.success("nope", "0.1", "cp35m", 2)), "23503");
        assertSqlState(() -> dal.logBuild(Builds.failure("foo", "0.1", "cp35m", -1)), "23514");
        assertThat(count("SELECT count(*) FROM builds")).isEqualTo(builds);
        assertThat(count("SELECT count(*) FROM files")).isEqualTo(2);
    }

    @Test
    void dependencyOnUnknownFileIsRejected() throws Exception {
        try (var app = db.appConnection(); var st = app.createStatement()) {
            assertThatSqlState(() -> st.execute("SELECT log_build_success('foo', '0.1', 2, INTERVAL '1 s', 'cp35m',"
                    + " ARRAY[]::files[], ARRAY[ROW('ghost.whl', 'apt', 'x')::dependencies])"), "23503");
        }
        assertThat(count("SELECT count(*) FROM builds")).isEqualTo(1);
    }

    @Test
    void twoBuildsOfOneVersionBySameSlaveInOneTransactionCollide() throws Exception {
        try (var app = db.appConnection()) {
            app.setAutoCommit(false);
            try (var st = app.createStatement()) {
                st.execute("SELECT log_build_failure('foo', '0.1', 7, INTERVAL '1 s', 'cp35m')");
                assertThatSqlState(() -> st.execute(
                        "SELECT log_build_failure('foo', '0.1', 7, INTERVAL '1 s', 'cp35m')"), "23505");
            }
            app.rollback();
        }
    }

    interface SqlCall {
        void run() throws java.sql.SQLException;
    }

    static void assertThatSqlState(SqlCall call, String state) {
        try {
            call.run();
            throw new AssertionError("expected SQLSTATE " + state);
        } catch (java.sql.SQLException e) {
            assertThat(e.getSQLState()).isEqualTo(state);
        }
    }
}
