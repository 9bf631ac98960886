package org.piwheels.db.schema;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseConfig;
import org.piwheels.db.SchemaVersionMismatchException;
import org.piwheels.db.testing.SharedPostgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checklist §5-§11: role checks, version detection, initialise/current/decline, refusals. */
class InitializerTest {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static SharedPostgres pg;

    @BeforeAll
    static void start() throws SQLException {
        pg = SharedPostgres.get();
        pg.admin().createRole("admin_not_super", false);
        pg.admin().createRole("app_super", true);
    }

    static String freshDatabase() throws SQLException {
        String name = "init_" + COUNTER.incrementAndGet();
        pg.admin().dropDatabase(name);
        pg.admin().createDatabase(name);
        return name;
    }

    static DatabaseInitializer.Outcome run(String database, String appRole, boolean answer) throws SQLException {
        try (Connection c = pg.server().connectAsSuperuser(database)) {
            return DatabaseInitializer.run(c, appRole, q -> answer);
        }
    }

    static List<String> rows(String database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = pg.server().connectAsSuperuser(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    static void exec(String database, String sql) throws SQLException {
        try (Connection c = pg.server().connectAsSuperuser(database); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static long publicObjects(String database) throws SQLException {
        return Long.parseLong(rows(database, "SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname IN ('public', 'liquibase')) + (SELECT count(*) FROM pg_namespace WHERE nspname = 'liquibase')").get(0));
    }

    @Test
    void refusesANonSuperuserAdmin() throws SQLException {
        String db = freshDatabase();
        try (Connection c = pg.server().connect(db, "admin_not_super")) {
            assertThatThrownBy(() -> DatabaseInitializer.run(c, "piwheels", q -> true))
                    .isInstanceOf(InitDbException.class)
                    .hasMessage("User admin_not_super is not a cluster superuser");
        }
    }

    @Test
    void refusesAMissingOrSuperuserApplicationRole() throws SQLException {
        String db = freshDatabase();
        assertThatThrownBy(() -> run(db, "nobody_here", true))
                .isInstanceOf(InitDbException.class)
                .hasMessage("User nobody_here doesn't exist as a cluster user");
        assertThatThrownBy(() -> run(db, "app_super", true))
                .isInstanceOf(InitDbException.class)
                .hasMessage("User app_super is a cluster superuser; this is not recommended");
        assertThat(publicObjects(db)).isZero();
    }

    @Test
    void declinedPromptChangesNothing() throws SQLException {
        String db = freshDatabase();
        assertThat(run(db, "piwheels", false)).isEqualTo(DatabaseInitializer.Outcome.DECLINED);
        assertThat(publicObjects(db)).isZero();
    }

    @Test
    void initialisesThenReportsCurrent() throws SQLException {
        String db = freshDatabase();
        assertThat(run(db, "piwheels", true)).isEqualTo(DatabaseInitializer.Outcome.INITIALISED);
        assertThat(rows(db, "SELECT id || '|' || version || '|' || pypi_serial FROM configuration"))
                .containsExactly("1|" + SchemaVersions.CURRENT + "|0");
        assertThat(rows(db, "SELECT get_pypi_serial()")).containsExactly("0");
        String before = rows(db, "SELECT count(*) || ':' || max(dateexecuted) FROM liquibase.databasechangelog").get(0);
        List<String> questions = new ArrayList<>();
        try (Connection c = pg.server().connectAsSuperuser(db)) {
            assertThat(DatabaseInitializer.run(c, "piwheels", q -> questions.add(q)))
                    .isEqualTo(DatabaseInitializer.Outcome.CURRENT);
        }
        assertThat(questions).isEmpty();
        assertThat(rows(db, "SELECT count(*) || ':' || max(dateexecuted) FROM liquibase.databasechangelog"))
                .containsExactly(before);
    }

    @Test
    void detectsVersionsWithoutConfiguration() throws SQLException {
        String db = freshDatabase();
        try (Connection c = pg.server().connectAsSuperuser(db)) {
            assertThat(VersionDetector.detect(c).state()).isEqualTo(DetectedVersion.State.UNINITIALISED);
            Fixtures.exec(c, "CREATE TABLE packages (package varchar(200))");
            assertThat(VersionDetector.detect(c).state()).isEqualTo(DetectedVersion.State.TOO_OLD);
            assertThatThrownBy(() -> DatabaseInitializer.run(c, "piwheels", q -> true))
                    .hasMessage("Database version older than 0.4; cannot upgrade");
            Fixtures.exec(c, "CREATE TABLE files (filename varchar(255))");
            assertThat(VersionDetector.detect(c)).isEqualTo(new DetectedVersion(DetectedVersion.State.VERSIONED, "0.4"));
            assertThatThrownBy(() -> DatabaseInitializer.run(c, "piwheels", q -> true))
                    .hasMessageContaining("Database version 0.4 is older than 0.23");
            Fixtures.exec(c, "CREATE VIEW statistics AS SELECT 1 AS x");
            assertThat(VersionDetector.detect(c).version()).isEqualTo("0.5");
        }
    }

    @Test
    void refusesUnknownObjectsWithoutVersion() throws SQLException {
        String db = freshDatabase();
        exec(db, "CREATE TABLE something_else (x integer)");
        assertThatThrownBy(() -> run(db, "piwheels", true))
                .isInstanceOf(InitDbException.class)
                .hasMessageContaining("no piwheels version");
    }

    @Test
    void refusesOlderNewerAndUnknownVersions() throws SQLException {
        String db = freshDatabase();
        exec(db, "CREATE TABLE configuration (id integer, version varchar(16), pypi_serial bigint)");
        for (String version : List.of("0.22", "0.4")) {
            exec(db, "DELETE FROM configuration; INSERT INTO configuration VALUES (1, '" + version + "', 0)");
            assertThatThrownBy(() -> run(db, "piwheels", true))
                    .hasMessage("Database version " + version + " is older than 0.23;"
                            + " upgrade it with piwheels 0.23's piw-initdb first");
        }
        for (String version : List.of("0.0", "0.24", "0.23-j99", "custom")) {
            exec(db, "DELETE FROM configuration; INSERT INTO configuration VALUES (1, '" + version + "', 0)");
            assertThatThrownBy(() -> run(db, "piwheels", true))
                    .hasMessage("Unable to find upgrade path from " + version + " to " + SchemaVersions.CURRENT);
        }
    }

    @Test
    void failedUpgradeLeavesNothingBehind() throws SQLException {
        String db = freshDatabase();
        // A "0.23" database lacking the files table: the routines changeset cannot be applied.
        exec(db, "CREATE TABLE configuration (id integer, version varchar(16), pypi_serial bigint);"
                + " INSERT INTO configuration VALUES (1, '0.23', 0)");
        assertThatThrownBy(() -> run(db, "piwheels", true)).isInstanceOf(InitDbException.class);
        assertThat(rows(db, "SELECT count(*) FROM pg_namespace WHERE nspname = 'liquibase'")).containsExactly("0");
        assertThat(rows(db, "SELECT version FROM configuration")).containsExactly("0.23");
        assertThat(rows(db, "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname = 'public'")).containsExactly("0");
    }

    @Test
    void dalRefusesAnotherSchemaVersion() throws SQLException {
        String db = freshDatabase();
        run(db, "piwheels", true);
        DatabaseConfig config = DatabaseConfig.of(pg.server().jdbcUrl(db), "piwheels", null);
        try (Database dal = Database.open(config)) {
            assertThat(dal.getPypiSerial()).isZero();
        }
        for (String version : List.of("0.0", SchemaVersions.PIWHEELS_0_23)) {
            exec(db, "UPDATE configuration SET version = '" + version + "'");
            assertThatThrownBy(() -> Database.open(config))
                    .isInstanceOf(SchemaVersionMismatchException.class)
                    .hasMessage("database version " + version + " does not match software version " + SchemaVersions.CURRENT);
        }
    }

    /** Statement helper shared with the adoption test. */
    static final class Fixtures {
        static void exec(Connection c, String sql) throws SQLException {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }
    }
}
