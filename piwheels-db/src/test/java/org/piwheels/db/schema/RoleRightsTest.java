package org.piwheels.db.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;

/** The master's role has no rights beyond its needs; others are named; the reporting role only reads. */
@ExtendWith(PiwheelsDatabaseExtension.class)
class RoleRightsTest {

    @Test
    void theApplicationRoleHasNothingToSpare(TestDatabase db) throws SQLException {
        try (Connection app = db.appConnection()) {
            assertThat(RoleRights.excessRights(app)).isEmpty();
        }
        assertThat(db.dal().excessRights()).isEmpty();
    }

    @Test
    void theSuperuserHasEverything(TestDatabase db) throws SQLException {
        try (Connection admin = db.adminConnection()) {
            assertThat(RoleRights.excessRights(admin)).contains("is a superuser", "may create roles (CREATEROLE)",
                    "may create databases (CREATEDB)", "owns the database", "may create schemas in the database",
                    "may create objects in schema public")
                    .anyMatch(s -> s.startsWith("owns builds, builds_pending,") || s.startsWith("owns build_abis"))
                    .anyMatch(s -> s.startsWith("owns the functions "))
                    .anyMatch(s -> s.startsWith("may change directly "));
        }
    }

    @Test
    void extraRightsOfAnOrdinaryRoleAreEachNamed(TestDatabase db) throws SQLException {
        String role = "rr_" + db.name().toLowerCase().replaceAll("[^a-z0-9_]", "_");
        db.clusterAdmin().createRole(role, false);
        try (Connection admin = db.adminConnection(); Statement st = admin.createStatement()) {
            // the application role's rights (as a member) plus a few too many
            st.execute("GRANT " + db.appRole() + " TO " + role);
            st.execute("GRANT CONNECT ON DATABASE \"" + db.name() + "\" TO " + role);
            st.execute("ALTER ROLE " + role + " CREATEDB CREATEROLE");
            st.execute("GRANT CREATE ON SCHEMA public TO " + role);
            st.execute("GRANT INSERT ON packages TO " + role);
            st.execute("CREATE ROLE " + role + "_owner");
            st.execute("GRANT " + role + "_owner TO " + role);
            st.execute("ALTER TABLE searches OWNER TO " + role + "_owner");
        }
        try (Connection c = db.server().connect(db.name(), role)) {
            List<String> excess = RoleRights.excessRights(c);
            assertThat(excess).hasSize(5).contains("may create roles (CREATEROLE)", "may create databases (CREATEDB)",
                    "may create objects in schema public", "may change directly packages, searches")
                    .anyMatch(s -> s.startsWith("owns searches"));
        }
    }

    @Test
    void aReportingRoleReadsEverythingAndChangesNothing(TestDatabase db) throws SQLException {
        String role = "rep_" + db.name().toLowerCase().replaceAll("[^a-z0-9_]", "_");
        db.clusterAdmin().createRole(role, false);
        try (Connection admin = db.adminConnection()) {
            Fixtures.standard(admin);
            assertThatThrownBy(() -> RoleRights.grantReadOnly(admin, db.appRole(), db.appRole()))
                    .hasMessageContaining("must not be the master's user");
            assertThatThrownBy(() -> RoleRights.grantReadOnly(admin, "nobody_here", db.appRole()))
                    .hasMessageContaining("doesn't exist");
            RoleRights.grantReadOnly(admin, role, db.appRole());
        }
        try (Connection c = db.server().connect(db.name(), role); Statement st = c.createStatement()) {
            for (String table : List.of("packages", "versions", "builds", "files", "downloads", "configuration",
                    "builds_pending")) {
                st.executeQuery("SELECT count(*) FROM " + table).close();
            }
            assertDenied(st, "INSERT INTO packages (package) VALUES ('x')");
            assertDenied(st, "SELECT add_new_package('viafunction')");
            assertDenied(st, "SELECT nextval('builds_build_id_seq')");
            assertDenied(st, "CREATE TABLE public.mine (x integer)");
            assertThat(RoleRights.excessRights(c)).isEmpty();
        }
    }

    private static void assertDenied(Statement st, String sql) {
        assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("42501");
    }
}
