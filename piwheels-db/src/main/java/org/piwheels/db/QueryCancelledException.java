package org.piwheels.db;

/** A running statement was cancelled on request (SQLSTATE {@code 57014}), e.g. at shutdown. */
public class QueryCancelledException extends DatabaseException {

    private static final long serialVersionUID = 1L;

    /** A cancellation with the server's message. */
    public QueryCancelledException(String message, Throwable cause) {
        super(message, "57014", cause);
    }
}
