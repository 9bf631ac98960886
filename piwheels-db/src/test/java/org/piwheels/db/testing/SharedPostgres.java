package org.piwheels.db.testing;

import org.piwheels.db.embedded.ClusterAdmin;
import org.piwheels.db.embedded.EmbeddedDatabase;
import org.piwheels.db.embedded.EmbeddedPostgresServer;
import org.piwheels.db.schema.DatabaseInitializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Map;

/**
 * The one PostgreSQL server of a test JVM, started on first use and stopped at
 * JVM exit, with a template database initialised once; test classes get
 * copies of it.
 */
public final class SharedPostgres {

    /** The initialised database every test database is copied from. */
    public static final String TEMPLATE = "piwheels_template";

    /** The application role of every test database. */
    public static final String APP_ROLE = EmbeddedDatabase.APP_ROLE;

    private static SharedPostgres instance;

    private final EmbeddedPostgresServer server;
    private final ClusterAdmin admin;

    private SharedPostgres(EmbeddedPostgresServer server) {
        this.server = server;
        this.admin = new ClusterAdmin(server);
    }

    /** The server, started (and the template built) on first call. */
    public static synchronized SharedPostgres get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static SharedPostgres start() {
        Path root;
        try {
            root = Files.createTempDirectory("piwheels-test-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Durability is worthless for throw-away test data; these make DDL-heavy tests fast.
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(root.resolve("data"), 0, Map.of(
                "fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            deleteQuietly(root);
        }, "piwheels-test-pg-stop"));
        SharedPostgres shared = new SharedPostgres(server);
        try {
            shared.admin.createRole(APP_ROLE, false);
            shared.admin.createDatabase(TEMPLATE);
            try (Connection c = server.connectAsSuperuser(TEMPLATE)) {
                DatabaseInitializer.run(c, APP_ROLE, question -> true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build the template database", e);
        }
        return shared;
    }

    /** The running server. */
    public EmbeddedPostgresServer server() {
        return server;
    }

    /** Superuser operations on the server. */
    public ClusterAdmin admin() {
        return admin;
    }

    private static void deleteQuietly(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort at JVM exit; the OS cleans temp eventually.
        }
    }
}
