package org.piwheels.db;

/**
 * A database operation failed; the transaction was rolled back and the
 * database is unchanged by it. {@link #sqlState()} gives PostgreSQL's code
 * (e.g. {@code 23503}) when there is one.
 */
public class DatabaseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String sqlState;

    /** A failure with the server's message and SQLSTATE (may be null). */
    public DatabaseException(String message, String sqlState, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    /** PostgreSQL's SQLSTATE, or {@code null}. */
    public String sqlState() {
        return sqlState;
    }
}
