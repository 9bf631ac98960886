package org.piwheels.db.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * The operator's set-up work on an embedded cluster, done as its superuser:
 * the steps 0.23 leaves to {@code createuser} and {@code createdb}.
 */
public final class ClusterAdmin {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EmbeddedPostgresServer server;

    /** Administers {@code server}. */
    public ClusterAdmin(EmbeddedPostgresServer server) {
        this.server = server;
    }

    /** Creates a login role unless it exists; {@code superuser} only for tests of refusals. */
    public void createRole(String role, boolean superuser) throws SQLException {
        try (Connection c = server.connectAsSuperuser("postgres")) {
            if (exists(c, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?", role)) {
                return;
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE ROLE " + identifier(role) + " LOGIN" + (superuser ? " SUPERUSER" : ""));
            }
        }
    }

    /** Creates an empty database (owned by the superuser) unless it exists. */
    public void createDatabase(String name) throws SQLException {
        try (Connection c = server.connectAsSuperuser("postgres")) {
            if (databaseExists(c, name)) {
                return;
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + identifier(name));
            }
        }
    }

    /**
     * Creates {@code name} as a copy of {@code template} and repeats the
     * database-level grants, which a copy does not inherit (schema and object
     * privileges are copied with the contents).
     */
    public void cloneDatabase(String template, String name, String appRole) throws SQLException {
        try (Connection c = server.connectAsSuperuser("postgres"); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + identifier(name) + " TEMPLATE " + identifier(template));
            st.execute("REVOKE ALL ON DATABASE " + identifier(name) + " FROM PUBLIC");
            st.execute("GRANT CONNECT, TEMP ON DATABASE " + identifier(name) + " TO " + identifier(appRole));
        }
    }

    /** Drops a database, disconnecting its sessions. */
    public void dropDatabase(String name) throws SQLException {
        try (Connection c = server.connectAsSuperuser("postgres"); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + identifier(name) + " WITH (FORCE)");
        }
    }

    /** Whether the database exists. */
    public boolean databaseExists(String name) throws SQLException {
        try (Connection c = server.connectAsSuperuser("postgres")) {
            return databaseExists(c, name);
        }
    }

    private static boolean databaseExists(Connection c, String name) throws SQLException {
        return exists(c, "SELECT 1 FROM pg_catalog.pg_database WHERE datname = ?", name);
    }

    private static boolean exists(Connection c, String query, String value) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(query)) {
            st.setString(1, value);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    // Names are our own constants or test-chosen; refuse anything needing quotes.
    private static String identifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain identifier: " + name);
        }
        return name;
    }
}
