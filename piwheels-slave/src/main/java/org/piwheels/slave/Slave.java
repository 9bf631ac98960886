package org.piwheels.slave;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.piwheels.cli.HostInfo;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Ack;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Built;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Busy;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Bye;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Cont;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Die;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Hello;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Idle;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sent;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sleep;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.records.SlaveHello;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;

/**
 * The slave's connection loop (components spec §6.3–§6.7, protocol §7.1.2): HELLO on
 * a new REQ socket, then one request per reply, reconnecting from the top with a new
 * socket when the master is silent for the master timeout. It stops on DIE or
 * {@link #requestStop()} (SIGTERM) and fails on anything unexpected; in every case
 * the build is cleaned up and BYE is the last message.
 */
public final class Slave {
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration SLICE = Duration.ofMillis(100);

    private final SlaveSettings settings;
    private final SlaveHello hello;
    private final StatusReporter status;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile boolean failed;
    private Logger log = LoggerFactory.getLogger("slave");
    private Long slaveId;
    private String indexUrl;
    private Builder build;

    /** Raised inside the loop when a stop was requested. */
    private static final class Stopped extends Exception {
    }

    /** Raised when the master went silent during an upload: the session starts over. */
    private static final class MasterSilent extends Exception {
    }

    /**
     * @param settings how to reach the master and build
     * @param host     the facts reported in HELLO and the statistics
     * @param tags     the building interpreter's tags
     */
    public Slave(SlaveSettings settings, HostInfo host, PythonTags tags) throws IOException {
        this.settings = settings;
        String[] os = host.osRelease();
        this.hello = new SlaveHello(settings.build().timeout(), settings.masterTimeout(), tags.pyVersion(), tags.abi(),
                tags.platform(), settings.label(), os[0], os[1], host.boardRevision(), host.boardSerial());
        this.status = new StatusReporter(host, settings.build().buildRoot());
    }

    /** @return what this slave says in HELLO */
    public SlaveHello hello() {
        return hello;
    }

    /** Asks the loop to stop as after DIE (the SIGTERM handler calls this). */
    public void requestStop() {
        stopRequested = true;
    }

    /** @return whether {@link #run()} ended in failure */
    public boolean failed() {
        return failed;
    }

    /** Waits for {@link #run()} to return. @return whether it has */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Talks to the master until told to stop.
     *
     * @throws SlaveFailure after BYE, when the master said something unexpected or a build would not end
     */
    public void run() throws SlaveFailure {
        try (Transport transport = new Transport()) {
            while (!stopRequested) {
                if (!session(transport)) {
                    break;
                }
            }
        } catch (SlaveFailure | RuntimeException e) {
            failed = true;
            throw e;
        } finally {
            finished.countDown();
        }
    }

    /** One connection. @return true to reconnect, false when stopped */
    private boolean session(Transport transport) throws SlaveFailure {
        try (MessageSocket<SlaveRequest, MasterReply> master = transport.socket(SocketType.REQ, SlaveDriverProtocol.SLAVE)) {
            master.hwm(10);
            master.linger(Duration.ofSeconds(1));
            // lets BYE go out even while a reply is awaited (a strict REQ socket would refuse it)
            master.zmq().setReqRelaxed(true);
            Handshakes.harden(master);
            if (settings.curve() != null) {
                settings.curve().secure(master);
            }
            master.connect(MasterAddress.tcp(settings.masterHost(), settings.slavePort()));
            slaveId = null;
            log = LoggerFactory.getLogger("slave");
            SlaveRequest request = new Hello(hello);
            try {
                while (request != null) {
                    master.send(request);
                    MasterReply reply = awaitReply(master);
                    if (reply == null) {
                        log.warn("Timed out waiting for master");
                        log.info("Resetting connection");
                        cleanUpBuild();
                        return true;
                    }
                    request = handle(reply, transport);
                }
            } catch (MasterSilent e) {
                log.warn("Timed out waiting for master during the upload");
                log.info("Resetting connection");
                cleanUpBuild();
                return true;
            } catch (Stopped e) {
                // SIGTERM: fall through to the orderly stop
            } catch (SlaveFailure | ProtocolException | IOException | RuntimeException e) {
                log.error("{}", e.getMessage() == null ? e.toString() : e.getMessage());
                bestEffortCleanUp();
                sayBye(master);
                throw e instanceof SlaveFailure ? (SlaveFailure) e : new SlaveFailure(e.toString(), e);
            }
            try {
                cleanUpBuild();
            } catch (SlaveFailure e) {
                sayBye(master);
                throw e;
            }
            log.warn("Shutting down on SIGTERM");
            sayBye(master);
            return false;
        }
    }

    private void sayBye(MessageSocket<SlaveRequest, MasterReply> master) {
        try {
            master.send(new Bye());
        } catch (ProtocolException | RuntimeException e) {
            log.debug("could not say BYE: {}", e.toString());
        }
    }

    /** Waits for the reply in 1 s polls. @return null after the master timeout */
    private MasterReply awaitReply(MessageSocket<SlaveRequest, MasterReply> master) throws ProtocolException, Stopped {
        long deadline = System.nanoTime() + settings.masterTimeout().toNanos();
        while (true) {
            checkStop();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            MasterReply reply = master.recv(Duration.ofNanos(Math.min(left, POLL.toNanos())));
            if (reply != null) {
                return reply;
            }
        }
    }

    /** Reacts to a reply (§6.4). @return the next request, or null to stop */
    private SlaveRequest handle(MasterReply reply, Transport transport)
            throws SlaveFailure, IOException, Stopped, MasterSilent, ProtocolException {
        if (reply instanceof Die) {
            log.warn("Master requested termination");
            return null;
        }
        if (reply instanceof Ack) {
            require(slaveId == null, "Duplicate ACK");
            Ack ack = (Ack) reply;
            slaveId = ack.slaveId();
            indexUrl = ack.indexUrl();
            log = LoggerFactory.getLogger("slave-" + slaveId);
            log.info("Connected to master");
            return new Idle(status.stats());
        }
        require(slaveId != null, "Received " + reply.getClass().getSimpleName().toUpperCase() + " before ACK");
        if (reply instanceof Sleep) {
            log.info(((Sleep) reply).paused() ? "Sleeping: paused" : "Sleeping: no available jobs");
            pause(randomBetween(settings.sleepMin(), settings.sleepMax()));
            return new Idle(status.stats());
        }
        if (reply instanceof Build) {
            require(build == null, "Last build still exists");
            Build b = (Build) reply;
            log.warn("Building package {} version {}", b.packageName(), b.version());
            build = new Builder(b.packageName(), b.version(), indexUrl, settings.build());
            build.start();
            return new Busy(status.stats());
        }
        if (reply instanceof Cont) {
            require(build != null, "CONT without a build");
            if (waitForBuild(randomBetween(settings.contMin(), settings.contMax()))) {
                BuildResult result = build.result();
                if (result.status()) {
                    log.info("Build succeeded");
                } else {
                    log.warn("Build failed");
                }
                return new Built(result);
            }
            return new Busy(status.stats());
        }
        if (reply instanceof Send) {
            require(build != null && build.isDone() && build.result().status(), "SEND without a successful build");
            String name = ((Send) reply).filename();
            require(build.result().files().stream().map(FileState::filename).anyMatch(name::equals),
                    "SEND of an unknown file: " + name);
            log.info("Sending {} to master on {}", name, settings.masterHost());
            Path file = build.directory().resolve(name);
            FileUploader uploader = new FileUploader(transport, MasterAddress.tcp(settings.masterHost(), settings.filePort()),
                    settings.helloAgain(), settings.curve(), settings.masterTimeout());
            FileUploader.Outcome outcome = uploader.upload(slaveId, file, () -> stopRequested);
            if (outcome == FileUploader.Outcome.STOPPED) {
                throw new Stopped();
            }
            if (outcome == FileUploader.Outcome.MASTER_SILENT) {
                throw new MasterSilent();
            }
            return new Sent();
        }
        if (reply instanceof Done) {
            require(build != null, "DONE without a build");
            cleanUpBuild();
            return new Idle(status.stats());
        }
        throw new SlaveFailure("Unexpected reply " + reply);
    }

    /** Stops a running build (waiting up to the terminate wait), removes its directory, forgets it (§6.7). */
    private void cleanUpBuild() throws SlaveFailure {
        Builder b = build;
        if (b == null) {
            return;
        }
        build = null;
        try {
            if (!b.isDone()) {
                log.info("Terminating current build");
                b.stop();
                if (!b.await(settings.terminateWait())) {
                    log.error("Build failed to terminate");
                    throw new SlaveFailure("Build failed to terminate");
                }
            }
            log.info("Removing temporary build directories");
            b.remove();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlaveFailure("interrupted while cleaning up the build", e);
        } catch (IOException e) {
            throw new SlaveFailure("cannot remove the build directory: " + e.getMessage(), e);
        }
    }

    private void bestEffortCleanUp() {
        try {
            cleanUpBuild();
        } catch (SlaveFailure e) {
            log.error("{}", e.getMessage());
        }
    }

    /** Waits up to {@code d} for the build. @return whether it finished */
    private boolean waitForBuild(Duration d) throws Stopped, SlaveFailure {
        long deadline = System.nanoTime() + d.toNanos();
        try {
            while (!build.await(SLICE)) {
                checkStop();
                if (System.nanoTime() >= deadline) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlaveFailure("interrupted", e);
        }
    }

    private void pause(Duration d) throws Stopped, SlaveFailure {
        long deadline = System.nanoTime() + d.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                checkStop();
                Thread.sleep(Math.max(1, Math.min(SLICE.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SlaveFailure("interrupted", e);
        }
    }

    private void checkStop() throws Stopped {
        if (stopRequested) {
            throw new Stopped();
        }
    }

    /** A random wait in [min, max]; whole seconds when both ends are (as 0.23's randint). */
    static Duration randomBetween(Duration min, Duration max) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        if (min.toMillis() % 1000 == 0 && max.toMillis() % 1000 == 0) {
            return Duration.ofSeconds(r.nextLong(min.toSeconds(), max.toSeconds() + 1));
        }
        return Duration.ofMillis(r.nextLong(min.toMillis(), max.toMillis() + 1));
    }

    private static void require(boolean condition, String message) throws SlaveFailure {
        if (!condition) {
            throw new SlaveFailure(message);
        }
    }
}
