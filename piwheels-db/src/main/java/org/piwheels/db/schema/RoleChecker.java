package org.piwheels.db.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * Checks the two roles {@code piw-initdb} works with (spec §1.6 step 2): the
 * connected role must be a cluster superuser, the application role must exist
 * and must not be one.
 */
public final class RoleChecker {

    // The role name is substituted into SQL as 0.23 does; only plain lower-case
    // identifiers can be substituted without quoting and mean the same role.
    private static final Pattern PLAIN_ROLE = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");

    private RoleChecker() {
    }

    /** @return whether {@code role} is a plain lower-case identifier, safe to put into SQL as it is */
    static boolean isPlainRole(String role) {
        return PLAIN_ROLE.matcher(role).matches();
    }

    /** Refuses (with 0.23's messages) unless both roles are as required. */
    public static void check(Connection admin, String appRole) throws SQLException {
        if (!PLAIN_ROLE.matcher(appRole).matches()) {
            throw new InitDbException("User " + appRole + " is not a plain lower-case role name");
        }
        String current;
        boolean currentSuper;
        try (PreparedStatement st = admin.prepareStatement(
                "SELECT current_user, rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user");
             ResultSet rs = st.executeQuery()) {
            rs.next();
            current = rs.getString(1);
            currentSuper = rs.getBoolean(2);
        }
        if (!currentSuper) {
            throw new InitDbException("User " + current + " is not a cluster superuser");
        }
        try (PreparedStatement st = admin.prepareStatement(
                "SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = ?")) {
            st.setString(1, appRole);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new InitDbException("User " + appRole + " doesn't exist as a cluster user");
                }
                if (rs.getBoolean(1)) {
                    throw new InitDbException("User " + appRole + " is a cluster superuser; this is not recommended");
                }
            }
        }
    }
}
