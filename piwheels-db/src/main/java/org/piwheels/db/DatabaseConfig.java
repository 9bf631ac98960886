package org.piwheels.db;

import java.util.Objects;

/**
 * How to reach the database as the application role.
 *
 * @param jdbcUrl  a {@code jdbc:postgresql:} URL
 * @param user     the (non-superuser) role to log in as
 * @param password its password, or null
 * @param poolSize maximum number of pooled connections
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize) {

    /** Validates the fields. */
    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be positive");
        }
    }

    /** A configuration with a small default pool (the master's database workers are few). */
    public static DatabaseConfig of(String jdbcUrl, String user, String password) {
        return new DatabaseConfig(jdbcUrl, user, password, 4);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + jdbcUrl + " as " + user + "]";
    }
}
