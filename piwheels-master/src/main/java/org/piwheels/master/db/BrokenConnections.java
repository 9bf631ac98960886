package org.piwheels.master.db;

import java.util.function.Supplier;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseException;
import org.piwheels.db.DatabaseUnavailableException;

/**
 * The one rule the master's own-connection writers (build recorder, access-log
 * recorder) share for an operation that fails as "unavailable": if the server does
 * not answer, it is an outage and the caller decides how to wait; if it answers, the
 * failure was a pooled connection left from before a restart (tried again at once,
 * the pool drops broken ones) or, when it keeps happening, the operation breaking its
 * own connection (a record too large to send, say): a refusal of its data, not an
 * outage to wait out.
 */
public final class BrokenConnections {
    /** How often an operation may break its connection while the server answers before it counts as refused. */
    public static final int ATTEMPTS = 3;

    private BrokenConnections() {
    }

    /**
     * @return the operation's result
     * @throws DatabaseUnavailableException when the server does not answer (an outage)
     * @throws DatabaseException when the database refused the operation, or it broke its
     *         connection {@link #ATTEMPTS} times while the server answered
     */
    public static <T> T run(Database db, Supplier<T> operation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.get();
            } catch (DatabaseUnavailableException e) {
                if (!db.answers()) {
                    throw e;
                }
                if (attempt >= ATTEMPTS) {
                    throw new DatabaseException("broke its connection " + attempt + " times while the server answers: "
                            + e.getMessage(), e.sqlState(), e);
                }
            }
        }
    }
}
