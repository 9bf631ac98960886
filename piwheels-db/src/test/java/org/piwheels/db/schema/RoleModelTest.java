package org.piwheels.db.schema;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.piwheels.db.DatabaseException;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checklist §2-§4: what the application role and PUBLIC can and cannot do. */
@ExtendWith(PiwheelsDatabaseExtension.class)
class RoleModelTest {

    private static final List<String> TABLES = List.of("configuration", "packages", "package_names", "versions",
            "build_abis", "builds", "files", "dependencies", "downloads", "searches", "project_page_hits",
            "project_json_downloads", "web_page_hits", "rewrites_pending", "preinstalled_apt_packages");

    private static void assertDenied(Statement st, String sql) {
        assertThatThrownBy(() -> st.execute(sql))
                .as(sql)
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("42501");
    }

    @Test
    void applicationRoleReadsEverythingButWritesNothing(TestDatabase db) throws SQLException {
        try (Connection admin = db.adminConnection()) {
            Fixtures.standard(admin);
        }
        try (Connection app = db.appConnection(); Statement st = app.createStatement()) {
            for (String table : TABLES) {
                st.executeQuery("SELECT * FROM " + table).close();
                assertDenied(st, "INSERT INTO " + table + " SELECT * FROM " + table + " LIMIT 1");
                assertDenied(st, "UPDATE " + table + " SET " + firstColumn(table) + " = " + firstColumn(table));
                assertDenied(st, "DELETE FROM " + table);
                assertDenied(st, "TRUNCATE " + table);
            }
            st.executeQuery("SELECT * FROM builds_pending").close();
            assertDenied(st, "SELECT nextval('builds_build_id_seq')");
            assertDenied(st, "CREATE TABLE public.mine (x integer)");
            assertDenied(st, "SELECT * FROM liquibase.databasechangelog");
            // Writes through the functions work.
            st.execute("SELECT add_new_package('viafunction')");
        }
    }

    private static String firstColumn(String table) {
        return switch (table) {
            case "configuration" -> "id";
            case "build_abis", "preinstalled_apt_packages" -> "abi_tag";
            case "builds" -> "build_id";
            case "files", "dependencies", "downloads" -> "filename";
            case "web_page_hits" -> "page";
            default -> "package";
        };
    }

    @Test
    void otherRolesCannotConnect(TestDatabase db) throws SQLException {
        db.clusterAdmin().createRole("stranger", false);
        assertThatThrownBy(() -> db.server().connect(db.name(), "stranger").close())
                .isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("42501");
    }

    @Test
    void revokedExecuteMakesTheOperationFailAndTheServiceSurvives(TestDatabase db) throws SQLException {
        try (Connection admin = db.adminConnection()) {
            Fixtures.standard(admin);
            Fixtures.exec(admin, "REVOKE EXECUTE ON FUNCTION test_package(text) FROM " + db.appRole());
            try {
                assertThatThrownBy(() -> db.dal().testPackage("foo"))
                        .isInstanceOf(DatabaseException.class)
                        .extracting(e -> ((DatabaseException) e).sqlState())
                        .isEqualTo("42501");
                assertThat(db.dal().testPackageVersion("foo", "0.1")).isTrue();
            } finally {
                Fixtures.exec(admin, "GRANT EXECUTE ON FUNCTION test_package(text) TO " + db.appRole());
            }
            assertThat(db.dal().testPackage("foo")).isTrue();
        }
    }

    @Test
    void dalReportsWhetherItIsASuperuser(TestDatabase db) {
        assertThat(db.dal().isSuperuser()).isFalse();
    }
}
