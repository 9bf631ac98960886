package org.piwheels.benchmarks.db;

import org.piwheels.db.embedded.ClusterAdmin;
import org.piwheels.db.embedded.EmbeddedDatabase;
import org.piwheels.db.embedded.EmbeddedPostgresServer;
import org.piwheels.db.schema.DatabaseInitializer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where the scale tools find their database: an embedded PostgreSQL in a data
 * directory (started with the settings below, schema created or upgraded by
 * {@link DatabaseInitializer}, as {@code piw-initdb} does), or an existing
 * server given by a JDBC URL and an admin (superuser) role.
 */
final class ScaleServer implements AutoCloseable {

    /** Server settings used for every embedded run (documented in docs/benchmarks.md). */
    static Map<String, String> settings(boolean loading) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("shared_buffers", "4GB");
        s.put("work_mem", "64MB");
        s.put("maintenance_work_mem", "1GB");
        s.put("effective_cache_size", "12GB");
        s.put("random_page_cost", "1.1");
        s.put("max_wal_size", "16GB");
        s.put("checkpoint_timeout", "30min");
        s.put("jit", "off");
        if (loading) {
            // Only while the generator loads; a crash then means "generate again".
            s.put("fsync", "off");
            s.put("synchronous_commit", "off");
            s.put("full_page_writes", "off");
        }
        return s;
    }

    private final EmbeddedPostgresServer embedded;
    private final String jdbcUrl;
    private final String admin;
    private final String appRole;

    private ScaleServer(EmbeddedPostgresServer embedded, String jdbcUrl, String admin, String appRole) {
        this.embedded = embedded;
        this.jdbcUrl = jdbcUrl;
        this.admin = admin;
        this.appRole = appRole;
    }

    /** Starts (creating if needed) the embedded cluster in {@code dataDir} and initialises the schema. */
    static ScaleServer embedded(Path dataDir, int port, boolean loading, Map<String, String> extra) throws SQLException {
        Map<String, String> s = settings(loading);
        s.putAll(extra);
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, port, s);
        try {
            ClusterAdmin clusterAdmin = new ClusterAdmin(server);
            clusterAdmin.createRole(EmbeddedDatabase.APP_ROLE, false);
            clusterAdmin.createDatabase(EmbeddedDatabase.DATABASE);
            ScaleServer result = new ScaleServer(server, server.jdbcUrl(EmbeddedDatabase.DATABASE),
                    EmbeddedPostgresServer.SUPERUSER, EmbeddedDatabase.APP_ROLE);
            result.initialise();
            return result;
        } catch (SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** An existing server: {@code jdbcUrl} of the piwheels database, {@code admin} a superuser. */
    static ScaleServer external(String jdbcUrl, String admin, String appRole) throws SQLException {
        ScaleServer result = new ScaleServer(null, jdbcUrl, admin, appRole);
        result.initialise();
        return result;
    }

    private void initialise() throws SQLException {
        try (Connection c = connectAdmin()) {
            DatabaseInitializer.run(c, appRole, question -> true);
        }
    }

    Connection connectAdmin() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", admin);
        String pw = System.getenv("PIWHEELS_SCALE_PASSWORD");
        if (pw != null) {
            props.setProperty("password", pw);
        }
        return DriverManager.getConnection(jdbcUrl, props);
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    String appRole() {
        return appRole;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** Parses {@code --name value} pairs. */
    static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String key = args[i].substring(2);
            int eq = key.indexOf('=');
            if (eq >= 0) {
                o.put(key.substring(0, eq), key.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                o.put(key, args[++i]);
            } else {
                o.put(key, "true");
            }
        }
        return o;
    }

    /** The server named by the options: {@code --dsn URL --admin ROLE [--app-role ROLE]} or {@code --data DIR [--port N]}. */
    static ScaleServer fromOptions(Map<String, String> o, boolean loading) throws SQLException {
        if (o.containsKey("dsn")) {
            return external(o.get("dsn"), o.getOrDefault("admin", "postgres"), o.getOrDefault("app-role", "piwheels"));
        }
        Map<String, String> extra = new LinkedHashMap<>();
        o.forEach((k, v) -> {
            if (k.startsWith("pg.")) {
                extra.put(k.substring(3), v);
            }
        });
        return embedded(Path.of(o.getOrDefault("data", "/tmp/piwheels-scale/data")),
                Integer.parseInt(o.getOrDefault("port", "0")), loading, extra);
    }
}
