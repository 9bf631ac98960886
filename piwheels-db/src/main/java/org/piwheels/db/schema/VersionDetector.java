package org.piwheels.db.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Works out which schema version a database has (spec §1.6 step 3): the
 * {@code configuration} row if there is one, otherwise 0.23's catalog
 * heuristics for the versions before 0.6.
 */
public final class VersionDetector {

    private VersionDetector() {
    }

    /** Inspects the database behind {@code connection} (any role that can read the catalog). */
    public static DetectedVersion detect(Connection connection) throws SQLException {
        if (relationExists(connection, "configuration")) {
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version FROM public.configuration ORDER BY id LIMIT 1")) {
                return rs.next()
                        ? DetectedVersion.of(rs.getString(1))
                        : DetectedVersion.of(DetectedVersion.State.UNKNOWN_OBJECTS);
            }
        }
        if (!relationExists(connection, "packages")) {
            // 0.23 would "initialise" over anything here; we refuse to mix our schema with foreign objects.
            return publicIsEmpty(connection)
                    ? DetectedVersion.of(DetectedVersion.State.UNINITIALISED)
                    : DetectedVersion.of(DetectedVersion.State.UNKNOWN_OBJECTS);
        }
        if (!relationExists(connection, "files")) {
            return DetectedVersion.of(DetectedVersion.State.TOO_OLD);
        }
        return DetectedVersion.of(relationExists(connection, "statistics") ? "0.5" : "0.4");
    }

    private static boolean relationExists(Connection connection, String name) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = 'public' AND c.relname = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static boolean publicIsEmpty(Connection connection) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT (SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                             + " ON n.oid = c.relnamespace WHERE n.nspname = 'public')"
                             + " + (SELECT count(*) FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n"
                             + " ON n.oid = p.pronamespace WHERE n.nspname = 'public')")) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }
}
