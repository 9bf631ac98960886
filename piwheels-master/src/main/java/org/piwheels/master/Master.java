package org.piwheels.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.piwheels.cli.HostInfo;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.master.build.OutputDisk;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.messages.MasterControlProtocol.ControlRequest;
import org.piwheels.protocol.messages.MonitorStatusProtocol;
import org.piwheels.protocol.messages.MonitorStatusProtocol.StatusMessage;
import org.piwheels.protocol.messages.TaskControlProtocols;
import org.piwheels.protocol.records.MasterHello;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Poller;
import org.piwheels.protocol.transport.QueueSocket;
import org.piwheels.protocol.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;

/**
 * The master's main loop (components spec §3.2–§3.4): binds the control and status
 * queues, starts the tasks in dependency order, relays task status to monitors,
 * obeys control messages, guards the output disk, and shuts the tasks down in
 * reverse order on QUIT, SIGTERM or Ctrl+C.
 */
public final class Master implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("master");
    private static final Duration LOOP = Duration.ofSeconds(5);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final long MIN_FREE_BYTES = 1L << 30;
    // each notification runs systemd-notify: not once per relayed status message
    private static final long WATCHDOG_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    /**
     * The most status messages relayed in one turn of the loop. The slave driver sends two
     * per slave request; one turn (a poll and a disk check) per message cost more CPU than
     * the relaying, and the senders block while the internal queue is full.
     */
    static final int STATUS_BATCH = 64;

    /** What the tasks of a master are, in start order. */
    public interface TaskFactory {
        /** @return the tasks, constructed (and so bound) in dependency order */
        List<Task> create(TaskContext context) throws Exception;
    }

    private final MasterConfig config;
    private final Transport transport;
    private final TaskContext context;
    private final SystemdReporter systemd;
    private final Instant started;
    private final MessageSocket<NoMessage, ControlRequest> control;
    private final MessageSocket<NoMessage, StatusMessage> statusIn;
    private final MessageSocket<StatusMessage, NoMessage> statusOut;
    private final List<Task> tasks = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private volatile boolean running;
    private boolean diskGuardFired;
    private final OutputDisk outputDisk;
    private volatile long minFreeBytes = MIN_FREE_BYTES;
    private long lastWatchdog;
    private Map<String, Long> loggedRejections = Map.of();
    private long rejectionsLoggedAt = System.nanoTime();

    /**
     * Binds the master's own queues.
     *
     * @param config  the configuration
     * @param systemd the service manager notifier
     */
    public Master(MasterConfig config, SystemdNotifier systemd) {
        this.config = config;
        this.systemd = new SystemdReporter(systemd);
        this.transport = new Transport();
        this.context = new TaskContext(config, transport, Clock.systemUTC());
        this.started = Instant.now();
        this.outputDisk = new OutputDisk(config.outputPath());
        control = context.admin(transport.socket(SocketType.PULL, MasterControlProtocol.MASTER), "control queue");
        control.hwm(10).bind(config.controlQueue());
        statusIn = transport.socket(SocketType.PULL, MonitorStatusProtocol.MONITOR);
        statusIn.hwm(10).bind(MasterConfig.STATUS_INTERNAL);
        statusOut = context.admin(transport.socket(SocketType.PUB, MonitorStatusProtocol.MASTER), "status queue");
        statusOut.bind(config.statusQueue());
        allowGroupWrite(config.controlQueue());
        allowGroupWrite(config.statusQueue());
    }

    /**
     * Sets how little free space on the output disk puts the farm to sleep (default 1 GiB;
     * tests use a small file system and a small limit).
     */
    public void minimumFreeSpace(long bytes) {
        minFreeBytes = bytes;
    }

    /** @return the context the tasks share */
    public TaskContext context() {
        return context;
    }

    /**
     * Constructs and starts the tasks, each of which must become ready within 60 s.
     *
     * @throws IllegalStateException if one does not
     */
    public void start(TaskFactory factory) throws Exception {
        tasks.addAll(factory.create(context));
        LOG.info("starting tasks");
        for (Task t : tasks) {
            t.start();
        }
        LOG.info("started all tasks");
        for (Task t : tasks) {
            if (!t.awaitReady(READY_TIMEOUT) || t.failure() != null) {
                throw new IllegalStateException("task " + t.name() + " failed to start"
                        + (t.failure() != null ? ": " + t.failure().getMessage() : ""));
            }
        }
        LOG.info("all tasks ready");
        running = true;
        systemd.ready();
    }

    /** Runs the main loop until QUIT, {@link #stop(String)} or a task's failure. */
    public void run() throws InterruptedException {
        try (Poller poller = transport.poller()) {
            poller.register(control).register(statusIn);
            lastWatchdog = System.nanoTime() - WATCHDOG_EVERY_NANOS;
            while (running && stopReason.get() == null) {
                watchdog();
                List<QueueSocket> ready = poller.poll(LOOP);
                checkDisk();
                logRejections();
                stopIfATaskFailed();
                if (ready.contains(statusIn)) {
                    relayStatus();
                }
                if (ready.contains(control)) {
                    handleControl();
                }
            }
            running = false;
            LOG.warn("{}", stopReason.get());
        } finally {
            shutdown();
        }
    }

    /**
     * A task that died of an unexpected exception asks for QUIT on the control queue;
     * should that message be lost (e.g. refused by the queue's authentication), the
     * dead task is still noticed here, within a turn of the loop.
     */
    private void stopIfATaskFailed() {
        for (Task t : tasks) {
            if (t.failure() != null) {
                stop("task " + t.name() + " failed: " + t.failure());
                return;
            }
        }
    }

    /** WATCHDOG=1 on a turn of the loop, at most once a second (turns come at least every 5 s). */
    private void watchdog() {
        long now = System.nanoTime();
        if (now - lastWatchdog >= WATCHDOG_EVERY_NANOS) {
            lastWatchdog = now;
            systemd.watchdog();
        }
    }

    /** Asks the main loop to end (from a signal handler or another thread). */
    public void stop(String reason) {
        stopReason.compareAndSet(null, reason);
    }

    /** Waits until the master has shut down. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Relays the status messages waiting, up to {@link #STATUS_BATCH}, in order. */
    private void relayStatus() {
        int relayed = 0;
        do {
            try {
                statusOut.send(statusIn.recv());
            } catch (ProtocolException e) {
                context.rejected(e.protocol());
                LOG.error("{}", e.getMessage());
            }
        } while (++relayed < STATUS_BATCH && statusIn.hasWaiting());
    }

    private void handleControl() throws InterruptedException {
        ControlRequest m;
        try {
            m = control.recv();
        } catch (ProtocolException e) {
            context.rejected(e.protocol());
            LOG.error("{}", e.getMessage());
            return;
        }
        try {
            if (m instanceof MasterControlProtocol.Hello) {
                LOG.warn("sending status to new monitor");
                statusOut.send(new MonitorStatusProtocol.Hello(hello()));
                sendTo("master.big_brother", new TaskControlProtocols.Stats());
                sendTo("master.slave_driver", new TaskControlProtocols.Hello());
            } else if (m instanceof MasterControlProtocol.Quit) {
                stop("shutting down on QUIT message");
            } else if (m instanceof MasterControlProtocol.Kill) {
                Long id = ((MasterControlProtocol.Kill) m).slaveId();
                LOG.warn(id == null ? "killing all slaves" : "killing slave " + id);
                sendTo("master.slave_driver", new TaskControlProtocols.Kill(id));
            } else if (m instanceof MasterControlProtocol.Skip) {
                Long id = ((MasterControlProtocol.Skip) m).slaveId();
                LOG.warn(id == null ? "skipping all slaves" : "skipping slave " + id);
                sendTo("master.slave_driver", new TaskControlProtocols.Skip(id));
            } else if (m instanceof MasterControlProtocol.Sleep) {
                Long id = ((MasterControlProtocol.Sleep) m).slaveId();
                sleep(id);
            } else if (m instanceof MasterControlProtocol.Wake) {
                Long id = ((MasterControlProtocol.Wake) m).slaveId();
                if (id == null) {
                    // beyond 0.23: a wake re-arms the disk guard (0.23 fired it once per run), and does
                    // not wake anything while the disk is still too full
                    diskGuardFired = false;
                    checkDisk();
                    if (diskGuardFired) {
                        LOG.warn("not waking: the output disk is still too full");
                        return;
                    }
                    LOG.warn("waking all slaves and master");
                    broadcast(new TaskControlProtocols.Resume());
                } else {
                    LOG.warn("waking slave {}", id);
                }
                sendTo("master.slave_driver", new TaskControlProtocols.Wake(id));
            }
        } catch (ProtocolException e) {
            LOG.error("cannot forward control message: {}", e.getMessage());
        }
    }

    private void sleep(Long id) throws ProtocolException {
        if (id == null) {
            LOG.warn("sleeping all slaves and master");
            broadcast(new TaskControlProtocols.Pause());
        } else {
            LOG.warn("sleeping slave {}", id);
        }
        sendTo("master.slave_driver", new TaskControlProtocols.Sleep(id));
    }

    private void checkDisk() {
        if (diskGuardFired) {
            return;
        }
        try {
            long free = outputDisk.free();
            if (free >= 0 && free <= minFreeBytes) {
                diskGuardFired = true;
                LOG.warn("Forcing sleep due to lack of disk space ({} MB free)", free >> 20);
                LOG.warn("Wake-up must be performed from monitor (or restart)");
                sleep(null);
            }
        } catch (IOException | ProtocolException e) {
            LOG.debug("disk check failed: {}", e.getMessage());
        }
    }

    /** Logs the per-protocol counts of rejected messages when they have grown, at most once per {@link #LOOP}. */
    private void logRejections() {
        if (System.nanoTime() - rejectionsLoggedAt < LOOP.toNanos()) {
            return;
        }
        rejectionsLoggedAt = System.nanoTime();
        Map<String, Long> now = context.rejections();
        if (!now.equals(loggedRejections)) {
            loggedRejections = now;
            LOG.warn("rejected messages so far, per protocol: {}", now);
        }
    }

    private void broadcast(TaskControlProtocols.TaskCommand command) throws ProtocolException {
        for (Task t : tasks) {
            if (t.isAlive()) {
                Task.sendControl(context, t.name(), TaskControlProtocols.TASK.reverse(), command);
            }
        }
    }

    /** Sends an extended control message to one task if it runs. */
    private void sendTo(String taskName, Object message) throws ProtocolException {
        for (Task t : tasks) {
            if (t.name().equals(taskName) && t.isAlive()) {
                if (message instanceof TaskControlProtocols.SlaveDriverCommand) {
                    Task.sendControl(context, taskName, TaskControlProtocols.SLAVE_DRIVER.reverse(),
                            (TaskControlProtocols.SlaveDriverCommand) message);
                } else {
                    Task.sendControl(context, taskName, TaskControlProtocols.STATS.reverse(),
                            (TaskControlProtocols.StatsCommand) message);
                }
            }
        }
    }

    private MasterHello hello() {
        HostInfo host = new HostInfo();
        String[] os = host.osRelease();
        String revision;
        String serial;
        try {
            revision = host.boardRevision();
            serial = host.boardSerial();
        } catch (IOException e) {
            revision = "unknown";
            serial = "unknown";
        }
        return new MasterHello(started, HostInfo.hostName(), os[0], os[1], revision, serial);
    }

    private void shutdown() throws InterruptedException {
        systemd.stopping();
        LOG.info("stopping tasks");
        for (int i = tasks.size() - 1; i >= 0; i--) {
            Task t = tasks.get(i);
            if (t.isAlive()) {
                t.quit();
            }
            while (!t.join(Duration.ofSeconds(1))) {
                drainStatus();
            }
            systemd.extendTimeout(10_000_000L);
        }
        LOG.info("stopped all tasks");
        control.close();
        statusIn.close();
        statusOut.close();
        LOG.info("closed all queues");
        systemd.close(Duration.ofSeconds(20));
        stopped.countDown();
    }

    /** Discards queued status messages so no stopping task blocks on a full queue. */
    private void drainStatus() {
        try {
            while (statusIn.recv(Duration.ZERO) != null) {
                // discarded
            }
        } catch (ProtocolException e) {
            // discarded as well
        }
    }

    /** Lets group members (e.g. a monitor user) connect to an ipc:// socket file. */
    private static void allowGroupWrite(String address) {
        if (!address.startsWith("ipc://")) {
            return;
        }
        Path p = Path.of(address.substring("ipc://".length()));
        try {
            if (Files.exists(p)) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                perms.add(PosixFilePermission.GROUP_WRITE);
                Files.setPosixFilePermissions(p, perms);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot change permissions of {}: {}", p, e.getMessage());
        }
    }

    /** @return whether any task stopped on its own (a failure) */
    public boolean anyTaskFailed() {
        return tasks.stream().anyMatch(t -> t.failure() != null);
    }

    @Override
    public void close() {
        transport.close();
    }
}
