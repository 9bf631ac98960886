package org.piwheels.db.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The role model beyond 0.23 (database spec §1.1-§1.4): what the master's role must
 * not be able to do, and the read-only reporting role. The master's role reads the
 * tables and writes only through the {@code SECURITY DEFINER} functions; a role that
 * can also change tables directly, create objects or roles, or owns (or inherits the
 * owner of) the database or its objects has more rights than the master needs. A
 * reporting role may read every table and view of schema {@code public} and nothing
 * else: no function, no sequence, no write.
 */
public final class RoleRights {
    private static final int SHOWN = 3;

    private RoleRights() {
    }

    /**
     * Checks the connected role.
     *
     * @return what it may do beyond the master's needs, one phrase each; empty when nothing
     */
    public static List<String> excessRights(Connection conn) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls,"
                     + " (SELECT pg_catalog.pg_has_role(current_user, datdba, 'USAGE') FROM pg_catalog.pg_database"
                     + "  WHERE datname = current_database()),"
                     + " pg_catalog.has_database_privilege(current_database(), 'CREATE'),"
                     + " pg_catalog.has_schema_privilege('public', 'CREATE')"
                     + " FROM pg_catalog.pg_roles WHERE rolname = current_user")) {
            rs.next();
            String[] what = {"is a superuser", "may create roles (CREATEROLE)", "may create databases (CREATEDB)",
                    "may replicate (REPLICATION)", "bypasses row-level security (BYPASSRLS)",
                    "owns the database", "may create schemas in the database", "may create objects in schema public"};
            for (int i = 0; i < what.length; i++) {
                if (rs.getBoolean(i + 1)) {
                    found.add(what[i]);
                }
            }
        }
        names(conn, "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')"
                + " AND pg_catalog.pg_has_role(current_user, c.relowner, 'USAGE')"
                + " ORDER BY c.relname", "owns", found);
        names(conn, "SELECT p.proname FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname = 'public' AND pg_catalog.pg_has_role(current_user, p.proowner, 'USAGE')"
                + " ORDER BY p.proname", "owns the functions", found);
        names(conn, "SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v')"
                + " AND pg_catalog.has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')"
                + " ORDER BY c.relname", "may change directly", found);
        return found;
    }

    /** Adds "{@code verb} a, b, c and N more" when the query finds names. */
    private static void names(Connection conn, String sql, String verb, List<String> found) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        if (!names.isEmpty()) {
            String shown = String.join(", ", names.subList(0, Math.min(SHOWN, names.size())));
            found.add(verb + " " + shown + (names.size() > SHOWN ? " and " + (names.size() - SHOWN) + " more" : ""));
        }
    }

    /**
     * Grants {@code role} read-only access: {@code CONNECT} on the database, {@code USAGE}
     * on schema public, {@code SELECT} on its tables and views as they are now (run it again
     * after an upgrade that adds tables). Runs on a superuser connection ({@code piw-initdb}).
     *
     * @param appRole the master's role, which must not double as the reporting role
     * @throws InitDbException when the role is missing, a superuser, the master's role or
     *                         has more rights than reading needs
     */
    public static void grantReadOnly(Connection admin, String role, String appRole) throws SQLException {
        if (!RoleChecker.isPlainRole(role)) {
            throw new InitDbException("User " + role + " is not a plain lower-case role name");
        }
        if (role.equals(appRole)) {
            throw new InitDbException("The reporting user must not be the master's user " + appRole);
        }
        try (PreparedStatement st = admin.prepareStatement(
                "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls"
                        + " FROM pg_catalog.pg_roles WHERE rolname = ?")) {
            st.setString(1, role);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new InitDbException("User " + role + " doesn't exist as a cluster user");
                }
                if (rs.getBoolean(1)) {
                    throw new InitDbException("User " + role
                            + " is a superuser or may create roles or databases; a reporting user must not");
                }
            }
        }
        try (Statement st = admin.createStatement()) {
            st.execute("GRANT CONNECT ON DATABASE \"" + currentDatabase(admin).replace("\"", "\"\"") + "\" TO " + role);
            st.execute("GRANT USAGE ON SCHEMA public TO " + role);
            st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
        }
    }

    private static String currentDatabase(Connection conn) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
