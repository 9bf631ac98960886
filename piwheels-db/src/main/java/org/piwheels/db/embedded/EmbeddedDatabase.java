package org.piwheels.db.embedded;

import org.piwheels.db.DatabaseConfig;
import org.piwheels.db.schema.DatabaseInitializer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * A ready-to-use piwheels database on an embedded PostgreSQL: the server, the
 * application role {@value #APP_ROLE}, the database {@value #DATABASE}, and
 * the schema created or upgraded by the same {@link DatabaseInitializer} that
 * {@code piw-initdb} runs. For {@code piw-master --dev-mode} (persistent data
 * directory) and tests (temporary one).
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** Name of the database. */
    public static final String DATABASE = "piwheels";

    /** The unprivileged role the master connects as. */
    public static final String APP_ROLE = "piwheels";

    private final EmbeddedPostgresServer server;

    private EmbeddedDatabase(EmbeddedPostgresServer server) {
        this.server = server;
    }

    /**
     * Starts (creating if needed) the cluster in {@code dataDirectory} and
     * brings the database to the current schema version.
     *
     * @param port TCP port on 127.0.0.1, or 0 for any free port
     */
    public static EmbeddedDatabase start(Path dataDirectory, int port) throws SQLException {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDirectory, port, Map.of());
        try {
            ClusterAdmin admin = new ClusterAdmin(server);
            admin.createRole(APP_ROLE, false);
            admin.createDatabase(DATABASE);
            try (Connection c = server.connectAsSuperuser(DATABASE)) {
                DatabaseInitializer.run(c, APP_ROLE, question -> true);
            }
            return new EmbeddedDatabase(server);
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Makes ABIs build ABIs (the operator's job in production, where it is done in
     * SQL as the database owner); already registered ones are left as they are.
     */
    public void registerBuildAbis(java.util.Collection<String> abis) throws SQLException {
        try (Connection c = server.connectAsSuperuser(DATABASE)) {
            org.jooq.DSLContext sql = org.jooq.impl.DSL.using(c, org.jooq.SQLDialect.POSTGRES);
            for (String abi : abis) {
                sql.insertInto(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("build_abis")),
                                org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("abi_tag"), String.class))
                        .values(abi)
                        .onConflictDoNothing()
                        .execute();
            }
        }
    }

    /** The underlying server. */
    public EmbeddedPostgresServer server() {
        return server;
    }

    /** JDBC URL of the piwheels database. */
    public String jdbcUrl() {
        return server.jdbcUrl(DATABASE);
    }

    /** How the master connects: as {@value #APP_ROLE}, without password (loopback trust). */
    public DatabaseConfig applicationConfig() {
        return DatabaseConfig.of(jdbcUrl(), APP_ROLE, null);
    }

    /** Stops the server; the data directory stays. */
    @Override
    public void close() {
        server.close();
    }
}
