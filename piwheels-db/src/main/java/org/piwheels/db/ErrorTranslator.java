package org.piwheels.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** Sorts database failures into the exception types callers act on. */
final class ErrorTranslator {

    // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now,
    // 53300 too_many_connections: all pass once the server is back.
    private static final Set<String> TRANSIENT_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private ErrorTranslator() {
    }

    static DatabaseException translate(Throwable failure) {
        if (failure instanceof DatabaseException known) {
            return known;
        }
        SQLException sql = findSqlException(failure);
        String state = sql == null ? null : sql.getSQLState();
        String message = sql == null ? String.valueOf(failure.getMessage()) : sql.getMessage();
        if ("57014".equals(state)) {
            return new QueryCancelledException(message, failure);
        }
        if (isTransient(sql, state)) {
            return new DatabaseUnavailableException(message, state, failure);
        }
        return new DatabaseException(message, state, failure);
    }

    private static boolean isTransient(SQLException sql, String state) {
        if (sql instanceof SQLTransientConnectionException) {
            return true;
        }
        return state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state));
    }

    private static SQLException findSqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
