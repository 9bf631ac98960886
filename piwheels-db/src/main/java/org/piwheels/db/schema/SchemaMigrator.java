package org.piwheels.db.schema;

import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.changelog.ChangeLogParameters;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DatabaseChangelogCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
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

    // Liquibase logs through java.util.logging (failures in full, with SQL); our
    // InitDbException carries the reason instead. Keep a strong
    // reference so the level setting is not garbage-collected with the logger.
    private static final java.util.logging.Logger LIQUIBASE_LOG = java.util.logging.Logger.getLogger("liquibase");

    static {
        LIQUIBASE_LOG.setLevel(java.util.logging.Level.OFF);
    }

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
        // Liquibase would print progress to stdout; route it to its (quietened) logger instead.
        Map<String, Object> settings = Map.of(
                "liquibase.analytics.enabled", false,
                "liquibase.showBanner", false,
                Scope.Attr.ui.name(), new LoggerUIService(),
                Scope.Attr.resourceAccessor.name(),
                new ClassLoaderResourceAccessor(SchemaMigrator.class.getClassLoader()));
        try {
            Scope.child(settings, () -> {
                Database database = DatabaseFactory.getInstance()
                        .findCorrectDatabaseImplementation(new SingleTransactionConnection(admin));
                database.setDefaultSchemaName("public");
                database.setLiquibaseSchemaName(LIQUIBASE_SCHEMA);
                ChangeLogParameters parameters = new ChangeLogParameters(database);
                parameters.set(APP_ROLE_PARAMETER, appRole);
                new CommandScope(UpdateCommandStep.COMMAND_NAME)
                        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
                        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, changelog)
                        .addArgumentValue(DatabaseChangelogCommandStep.CHANGELOG_PARAMETERS, parameters)
                        .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.OFF)
                        .setOutput(OutputStream.nullOutputStream())
                        .execute();
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

    /**
     * Hands Liquibase the caller's connection but keeps one transaction open:
     * a Liquibase "commit" becomes a savepoint and a "rollback" returns to the
     * latest one, which is exactly what they would mean on their own.
     */
    private static final class SingleTransactionConnection extends JdbcConnection {

        private final Connection connection;
        private Savepoint committed;

        SingleTransactionConnection(Connection connection) throws SQLException {
            super(connection);
            this.connection = connection;
            this.committed = connection.setSavepoint();
        }

        @Override
        public void commit() throws DatabaseException {
            try {
                connection.releaseSavepoint(committed);
                committed = connection.setSavepoint();
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
        }

        @Override
        public void rollback() throws DatabaseException {
            try {
                connection.rollback(committed);
            } catch (SQLException e) {
                throw new DatabaseException(e);
            }
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
