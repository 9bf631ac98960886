package org.piwheels.db.testing;

import org.piwheels.db.Database;
import org.piwheels.db.DatabaseConfig;
import org.piwheels.db.embedded.ClusterAdmin;
import org.piwheels.db.embedded.EmbeddedPostgresServer;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A database of its own for one test class, copied from the initialised
 * template: the DAL as the application role, plus raw connections.
 */
public final class TestDatabase implements AutoCloseable {

    private final SharedPostgres shared;
    private final String name;
    private Database dal;

    TestDatabase(SharedPostgres shared, String name) {
        this.shared = shared;
        this.name = name;
    }

    /** The database name. */
    public String name() {
        return name;
    }

    /** The application role. */
    public String appRole() {
        return SharedPostgres.APP_ROLE;
    }

    /** JDBC URL of this database. */
    public String jdbcUrl() {
        return shared.server().jdbcUrl(name);
    }

    /** Connection settings of the application role. */
    public DatabaseConfig config() {
        return DatabaseConfig.of(jdbcUrl(), appRole(), null);
    }

    /** The data-access layer, connected as the application role (opened once, closed with the class). */
    public synchronized Database dal() {
        if (dal == null) {
            dal = Database.open(config());
        }
        return dal;
    }

    /** A new connection as the application role. */
    public Connection appConnection() throws SQLException {
        return shared.server().connect(name, appRole());
    }

    /** A new superuser connection (for fixtures the application role cannot write). */
    public Connection adminConnection() throws SQLException {
        return shared.server().connectAsSuperuser(name);
    }

    /** The shared server. */
    public EmbeddedPostgresServer server() {
        return shared.server();
    }

    /** Superuser operations on the shared server. */
    public ClusterAdmin clusterAdmin() {
        return shared.admin();
    }

    @Override
    public synchronized void close() throws SQLException {
        if (dal != null) {
            dal.close();
            dal = null;
        }
        shared.admin().dropDatabase(name);
    }
}
