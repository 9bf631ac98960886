package org.piwheels.monitor.live;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.db.DatabaseConfig;
import org.piwheels.master.Master;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.MasterTasks;

/**
 * The real master, every task of it, in this JVM on a test database: the queues a
 * monitor and a slave reach are TCP ports on loopback, the rest inproc. PyPI points
 * at a closed port (the follower just backs off); the build queue is recomputed every
 * second.
 */
final class RunningMaster implements AutoCloseable {
    private final MasterConfig config;
    private Master master;
    private Thread loop;
    private boolean closed;

    private RunningMaster(MasterConfig config, Master master) {
        this.config = config;
        use(master);
    }

    private void use(Master m) {
        master = m;
        closed = false;
        loop = new Thread(() -> {
            try {
                m.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-master");
    }

    /**
     * Binds the master's own queues (so monitors can connect at once); {@link #start}
     * then brings up the tasks.
     */
    static RunningMaster bind(Path output) throws IOException {
        String loopback = "tcp://127.0.0.1:";
        // the status and control queues ask for the admin credentials, as a packaged master's do
        org.piwheels.protocol.transport.AdminSecret secret = org.piwheels.protocol.transport.AdminSecret.generate();
        secret.write(output.resolveSibling(ADMIN_SECRET));
        MasterConfig config = new MasterConfig("postgres:///unused", output, false, List.of(),
                "http://127.0.0.1:9/pypi", "http://127.0.0.1:9/simple", "http://127.0.0.1:9/pypi",
                loopback + freePort(), loopback + freePort(), "inproc://import", "inproc://log",
                loopback + freePort(), loopback + freePort(),
                "inproc://web", "inproc://builds", "inproc://db", "inproc://fs", "inproc://stats", QUEUE_INTERVAL)
                .withAdminSecret(secret);
        return new RunningMaster(config, new Master(config, new SystemdNotifier(null)));
    }

    /** Starts the tasks (each must become ready) and runs the main loop on its own thread. */
    void start(DatabaseConfig db) throws Exception {
        try {
            master.start(context -> MasterTasks.create(context, db));
        } catch (Exception e) {
            master.stop("start-up failed");
            master.run();
            throw e;
        }
        loop.start();
    }

    /** The planner's timer: a version added while the master runs is queued within a second or so. */
    static final Duration QUEUE_INTERVAL = Duration.ofSeconds(1);

    /** The admin credentials file, beside the web root. */
    static final String ADMIN_SECRET = "admin.secret";

    /** @return the admin credentials the monitor must give */
    org.piwheels.protocol.transport.AdminSecret adminSecret() {
        return config.adminSecret();
    }

    /** @return the file holding them (mode 0640) */
    Path adminSecretFile() {
        return config.outputPath().resolveSibling(ADMIN_SECRET);
    }

    String statusQueue() {
        return config.statusQueue();
    }

    String controlQueue() {
        return config.controlQueue();
    }

    String slaveQueue() {
        return config.slaveQueue();
    }

    /** The stopped master's process ends: its sockets close (the monitor's connection drops). */
    void exit() {
        if (loop.isAlive()) {
            throw new IllegalStateException("the master is still running");
        }
        closeMaster();
    }

    /**
     * A new master process on the same addresses and database, after {@link #exit}, as
     * systemd restarts one: it binds at once, then its tasks start.
     */
    void restart(DatabaseConfig db) throws Exception {
        exit();
        use(new Master(config, new SystemdNotifier(null)));
        start(db);
    }

    /** @return whether the main loop ended (QUIT, or a task's failure) within the wait */
    boolean awaitStopped(Duration wait) throws InterruptedException {
        loop.join(wait.toMillis());
        return !loop.isAlive();
    }

    @Override
    public void close() throws Exception {
        if (loop.isAlive()) {
            master.stop("the test is over");
            loop.join(Duration.ofSeconds(30).toMillis());
        }
        closeMaster();
    }

    private void closeMaster() {
        if (!closed) {
            closed = true;
            master.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
