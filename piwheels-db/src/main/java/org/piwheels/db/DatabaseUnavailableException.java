package org.piwheels.db;

/**
 * The database could not be reached (connection lost or refused, server
 * shutting down or starting up, pool exhausted): a transient condition the
 * caller may retry after a pause. Nothing was changed.
 */
public class DatabaseUnavailableException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** A transient failure with the server's message and SQLSTATE (may be null). */
    public DatabaseUnavailableException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }
}
