package org.piwheels.db.schema;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The logic of {@code piw-initdb} after connecting (spec §1.6, §1.8): check
 * the roles, detect the version, decide, confirm, then create or upgrade the
 * schema in one transaction. {@code piw-initdb} and the embedded database both
 * use it, so they cannot drift apart.
 */
public final class DatabaseInitializer {

    /** What a run did. */
    public enum Outcome {
        /** An empty database received the schema. */
        INITIALISED,
        /** A 0.23 (or earlier Java) schema was adopted and upgraded. */
        UPGRADED,
        /** The schema already was the current version; nothing changed. */
        CURRENT,
        /** The operator declined; nothing changed. */
        DECLINED
    }

    /** Asks the operator a yes/no question. */
    @FunctionalInterface
    public interface Confirmation {
        /** True for yes. */
        boolean confirm(String question);
    }

    private static final Logger LOG = LoggerFactory.getLogger("initdb");

    private DatabaseInitializer() {
    }

    /**
     * Runs the whole procedure on {@code admin}, a superuser connection to the
     * target database; commits on success and rolls back on any failure.
     *
     * @throws InitDbException with the operator-facing reason when refusing or failing
     */
    public static Outcome run(Connection admin, String appRole, Confirmation confirmation) throws SQLException {
        boolean autoCommit = admin.getAutoCommit();
        admin.setAutoCommit(false);
        try {
            Outcome outcome = runInTransaction(admin, appRole, confirmation);
            if (outcome == Outcome.INITIALISED || outcome == Outcome.UPGRADED) {
                admin.commit();
                LOG.info("Complete");
            } else {
                admin.rollback();
            }
            return outcome;
        } catch (SQLException | RuntimeException e) {
            admin.rollback();
            throw e;
        } finally {
            admin.setAutoCommit(autoCommit);
        }
    }

    private static Outcome runInTransaction(Connection admin, String appRole, Confirmation confirmation)
            throws SQLException {
        LOG.info("Checking username and superuser status");
        RoleChecker.check(admin, appRole);
        LOG.info("Administration and master users verified");
        LOG.info("Detecting database version");
        DetectedVersion detected = VersionDetector.detect(admin);
        boolean initialise;
        String question;
        switch (detected.state()) {
            case TOO_OLD:
                throw new InitDbException("Database version older than 0.4; cannot upgrade");
            case UNKNOWN_OBJECTS:
                throw new InitDbException("Database contains objects but no piwheels version"
                        + " (no configuration row); refusing to touch it");
            case UNINITIALISED:
                LOG.warn("Database appears to be uninitialized");
                initialise = true;
                question = "Do you wish to initialize the database?";
                break;
            default:
                String version = detected.version();
                if (SchemaVersions.CURRENT.equals(version)) {
                    LOG.warn("Database is the current version");
                    return Outcome.CURRENT;
                }
                if (SchemaVersions.OLDER_UPSTREAM.contains(version)) {
                    throw new InitDbException("Database version " + version + " is older than "
                            + SchemaVersions.PIWHEELS_0_23 + "; upgrade it with piwheels "
                            + SchemaVersions.PIWHEELS_0_23 + "'s piw-initdb first");
                }
                if (!SchemaVersions.UPGRADABLE.contains(version)) {
                    throw new InitDbException("Unable to find upgrade path from " + version
                            + " to " + SchemaVersions.CURRENT);
                }
                LOG.warn("Detected database version {}", version);
                initialise = false;
                question = "Do you wish to proceed with the upgrade to " + SchemaVersions.CURRENT + "?";
        }
        if (!confirmation.confirm(question)) {
            return Outcome.DECLINED;
        }
        LOG.warn(initialise ? "Initializing database at version {}" : "Upgrading database to version {}",
                SchemaVersions.CURRENT);
        LOG.warn("Have patience: this can be a long operation!");
        SchemaMigrator.migrate(admin, SchemaVersions.CHANGELOG, appRole);
        DetectedVersion after = VersionDetector.detect(admin);
        if (!SchemaVersions.CURRENT.equals(after.version())) {
            throw new InitDbException("Schema change finished at version " + after.version()
                    + " instead of " + SchemaVersions.CURRENT);
        }
        return initialise ? Outcome.INITIALISED : Outcome.UPGRADED;
    }
}
