package org.piwheels.db.schema;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.resource.ClassLoaderResourceAccessor;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Applies a Liquibase changelog in ONE database transaction, with Liquibase's
 * bookkeeping tables in schema {@value #LIQUIBASE_SCHEMA} so that schema
 * {@code public} stays exactly as piwheels 0.23 has it.
 *
 * <p>Liquibase commits after every changeset; we suppress those commits so an
 * upgrade is all-or-nothing, like 0.23's {@code piw-initdb} (PostgreSQL DDL is
 * transactional). The caller commits or rolls back.
 */
public final class SchemaMigrator {

    /** Schema holding Liquibase's DATABASECHANGELOG and lock tables. */
    public static final String LIQUIBASE_SCHEMA = "liquibase";

    /** Changelog parameter naming the application role. */
    public static final String APP_ROLE_PARAMETER = "appRole";

    private SchemaMigrator() {
    }

    /**
     * Runs every pending changeset of {@code changelog} on {@code admin}
     * (autocommit off; not committed here).
     */
    public static void migrate(Connection admin, String changelog, String appRole) throws SQLException {
        admin.setAutoCommit(false);
        try (Statement st = admin.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + LIQUIBASE_SCHEMA);
            st.execute("REVOKE ALL ON SCHEMA " + LIQUIBASE_SCHEMA + " FROM PUBLIC");
        }
        Map<String, Object> settings = Map.of(
                "liquibase.analytics.enabled", false,
                "liquibase.showBanner", false);
        try {
            Scope.child(settings, () -> {
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new SingleTransactionConnection(admin));
                database.setDefaultSchemaName("public");
                database.setLiquibaseSchemaName(LIQUIBASE_SCHEMA);
                Liquibase liquibase = new Liquibase(changelog,
                        new ClassLoaderResourceAccessor(SchemaMigrator.class.getClassLoader()), database);
                liquibase.setChangeLogParameter(APP_ROLE_PARAMETER, appRole);
                liquibase.update(new Contexts(), new LabelExpression());
            });
        } catch (Exception e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof SQLException)) {
                cause = cause.getCause();
            }
            String detail = cause != null ? cause.getMessage() : e.getMessage();
            throw new InitDbException("Schema change failed: " + detail, e);
        }
    }

    /** Hands Liquibase the caller's connection but keeps the transaction open. */
    private static final class SingleTransactionConnection extends JdbcConnection {

        SingleTransactionConnection(Connection connection) {
            super(connection);
        }

        @Override
        public void commit() {
            // The caller commits once, after every changeset succeeded.
        }

        @Override
        public void setAutoCommit(boolean autoCommit) throws DatabaseException {
            // Autocommit would end our single transaction; leave it off.
        }

        @Override
        public void close() {
            // The caller owns the connection.
        }
    }
}
