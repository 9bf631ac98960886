package org.piwheels.db.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A PostgreSQL cluster run from zonky's binaries in a data directory of our
 * choosing, listening on 127.0.0.1 only, with {@code postgres} as the cluster
 * superuser (trust authentication, loopback only).
 *
 * <p>The data directory survives {@link #close()}: the caller decides whether it
 * is persistent (development) or temporary (tests).
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** The cluster superuser created by {@code initdb}. */
    public static final String SUPERUSER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final PostgresBinaries binaries;
    private final ServerUser user;
    private final Path dataDirectory;
    private final int port;
    private boolean running;

    private EmbeddedPostgresServer(PostgresBinaries binaries, ServerUser user, Path dataDirectory, int port) {
        this.binaries = binaries;
        this.user = user;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /**
     * Starts a server on {@code dataDirectory}, creating the cluster first if
     * the directory holds none.
     *
     * @param dataDirectory where the cluster lives
     * @param port          TCP port on 127.0.0.1, or 0 for any free port
     * @param settings      extra server settings ({@code -c name=value})
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, Map<String, String> settings) {
        PostgresBinaries binaries = PostgresBinaries.unpack();
        ServerUser user = ServerUser.forCurrentProcess();
        Path data = dataDirectory.toAbsolutePath();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(binaries, user, data, port == 0 ? freePort() : port);
        server.initIfNeeded();
        server.startServer(settings);
        return server;
    }

    /** Starts a server with default settings on any free port. */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        return start(dataDirectory, 0, Map.of());
    }

    /** The TCP port the server listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** The cluster's data directory. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new connection to {@code database} as {@code role} (no password: trust authentication). */
    public Connection connect(String database, String role) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", role);
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    /** A new superuser connection to {@code database}. */
    public Connection connectAsSuperuser(String database) throws SQLException {
        return connect(database, SUPERUSER);
    }

    private void initIfNeeded() {
        try {
            if (Files.exists(dataDirectory.resolve("PG_VERSION"))) {
                return;
            }
            Files.createDirectories(dataDirectory);
            try (var entries = Files.list(dataDirectory)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalStateException(dataDirectory + " is neither empty nor a PostgreSQL data directory");
                }
            }
            Files.setPosixFilePermissions(dataDirectory, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            user.ensureReachable(dataDirectory);
            user.own(dataDirectory);
            LOG.info("Creating a PostgreSQL cluster in {}", dataDirectory);
            ProcessRunner.run(user.wrap(List.of(
                    binaries.program("initdb").toString(),
                    "-D", dataDirectory.toString(),
                    "-U", SUPERUSER,
                    "-A", "trust",
                    "-E", "UTF-8",
                    "--no-locale",
                    "--no-sync")), dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the PostgreSQL cluster in " + dataDirectory, e);
        }
    }

    private void startServer(Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("listen_addresses", "127.0.0.1");
        // No Unix socket: its default directory (/var/run/postgresql) need not exist or be writable.
        all.put("unix_socket_directories", "");
        all.put("port", Integer.toString(port));
        all.putAll(settings);
        try {
            writeSettings(all);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the server settings", e);
        }
        List<String> command = new ArrayList<>(List.of(
                binaries.program("pg_ctl").toString(),
                "-D", dataDirectory.toString(),
                "-l", dataDirectory.resolve("server.log").toString(),
                "-w", "-t", "120",
                "start"));
        ProcessRunner.run(user.wrap(command), dataDirectory);
        running = true;
        LOG.info("PostgreSQL started on 127.0.0.1:{} (data {})", port, dataDirectory);
    }

    private void writeSettings(Map<String, String> settings) throws IOException {
        // postgresql.auto.conf is read last and is PostgreSQL's own place for overrides.
        StringBuilder text = new StringBuilder("# Written by piwheels EmbeddedPostgresServer at every start.\n");
        settings.forEach((k, v) -> text.append(k).append(" = '").append(v.replace("'", "''")).append("'\n"));
        Path file = dataDirectory.resolve("postgresql.auto.conf");
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        user.own(file);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1", e);
        }
    }

    /** Stops the server (fast shutdown); the data directory stays. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        ProcessRunner.run(user.wrap(List.of(
                binaries.program("pg_ctl").toString(),
                "-D", dataDirectory.toString(),
                "-m", "fast", "-w", "-t", "60",
                "stop")), dataDirectory);
        LOG.info("PostgreSQL on port {} stopped", port);
    }
}
