package org.piwheels.master;

import java.nio.file.Path;
import org.piwheels.cli.ExitCodes;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseConfig;
import org.piwheels.db.Dsn;
import org.piwheels.db.embedded.EmbeddedDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a master up and down: the database (the configured one, or an embedded
 * PostgreSQL in development mode), the checks the master makes before it starts
 * (not a superuser, the schema version ours), the tasks, and an orderly stop on
 * SIGTERM or Ctrl+C.
 */
public final class MasterLauncher {
    private static final Logger LOG = LoggerFactory.getLogger("master");

    private final MasterConfig config;
    private final Path embeddedData;
    private final java.util.List<String> embeddedAbis;
    private final SystemdNotifier systemd;

    /**
     * @param config       the configuration
     * @param embeddedData where to keep an embedded PostgreSQL, or null to use {@code config.dsn()}
     * @param embeddedAbis the build ABIs to register in the embedded database
     * @param systemd      the service manager notifier
     */
    public MasterLauncher(MasterConfig config, Path embeddedData, java.util.List<String> embeddedAbis,
                          SystemdNotifier systemd) {
        this.config = config;
        this.embeddedData = embeddedData;
        this.embeddedAbis = embeddedAbis;
        this.systemd = systemd;
    }

    /** @return the exit status */
    public int runUntilStopped() throws Exception {
        EmbeddedDatabase embedded = null;
        try {
            DatabaseConfig db;
            if (embeddedData != null) {
                LOG.warn("using an embedded PostgreSQL in {}", embeddedData);
                embedded = EmbeddedDatabase.start(embeddedData, 0);
                if (!embeddedAbis.isEmpty()) {
                    embedded.registerBuildAbis(embeddedAbis);
                    LOG.warn("build ABIs of the embedded database include {}", embeddedAbis);
                }
                db = embedded.applicationConfig();
            } else {
                db = Dsn.parse(config.dsn()).toConfig(2);
            }
            String refusal = checkDatabase(db);
            if (refusal != null) {
                LOG.error("{}", refusal);
                return ExitCodes.FAILED;
            }
            return run(db);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /** @return why the master must not use this database, or null if it may */
    static String checkDatabase(DatabaseConfig db) {
        try (Database probe = Database.open(db)) {
            if (probe.isSuperuser()) {
                return "refusing to run as a PostgreSQL superuser (" + db.user()
                        + "); connect as the unprivileged role that piw-initdb set up";
            }
            probe.checkVersion();
            java.util.List<String> excess = probe.excessRights();
            if (!excess.isEmpty()) {
                return "refusing to run as " + db.user() + ", which has more rights than the master needs: "
                        + String.join("; ", excess) + "; connect as the ordinary role that piw-initdb set up";
            }
            return null;
        } catch (org.piwheels.db.SchemaVersionMismatchException e) {
            return e.getMessage() + "; run piw-initdb to bring the database to this version";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private int run(DatabaseConfig db) throws Exception {
        try (Master master = new Master(config, systemd)) {
            Thread hook = new Thread(() -> {
                master.stop("shutting down on signal");
                try {
                    master.awaitStopped();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "master-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                master.start(context -> MasterTasks.create(context, db));
            } catch (Exception e) {
                LOG.error("{}", e.getMessage());
                master.stop("start-up failed");
                master.run();
                return ExitCodes.FAILED;
            }
            master.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting through the hook
            }
            return master.anyTaskFailed() ? ExitCodes.FAILED : ExitCodes.OK;
        }
    }
}
