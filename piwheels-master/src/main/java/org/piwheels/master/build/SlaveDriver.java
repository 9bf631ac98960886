package org.piwheels.master.build;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.piwheels.db.Database;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.FsClient;
import org.piwheels.master.clients.PushClient;
import org.piwheels.master.clients.RpcException;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.task.TaskKind;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.BuildQueueProtocol;
import org.piwheels.protocol.messages.BuildQueueProtocol.QueueUpdate;
import org.piwheels.protocol.messages.MonitorStatusProtocol;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Slave;
import org.piwheels.protocol.messages.SkipProtocol;
import org.piwheels.protocol.messages.SkipProtocol.SkipReply;
import org.piwheels.protocol.messages.SkipProtocol.SkipRequest;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Bye;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Die;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Done;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Hello;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Send;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.messages.StatsProtocol;
import org.piwheels.protocol.messages.TaskControlProtocols;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.transport.Addressed;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.RouterSocket;
import org.zeromq.SocketType;

/**
 * Coordinates the build slaves (0.23's SlaveDriver, components spec §5.8): hands out
 * builds from the per-ABI queues, takes results, has the file receiver fetch and
 * verify the wheels, logs builds, asks for pages, and tells the monitors what every
 * slave is doing. The reply table lives in {@link SlaveReplies}, per-slave state in
 * {@link SlaveState}; this class moves messages.
 *
 * <p>Beyond 0.23: a non-HELLO first message from an unknown connection (a slave that
 * talked to an earlier master run) is answered DIE, so the slave starts over at once
 * instead of waiting out its five-minute timeout.
 */
public final class SlaveDriver extends Task {
    /** The 0.23 task name (logger and control queue). */
    public static final String NAME = "master.slave_driver";
    /** How often silent slaves are looked for. */
    static final Duration SWEEP = Duration.ofSeconds(10);
    /** How long a deleted package or version stays out of the build queues. */
    static final Duration DELETION_EXCLUSION = Duration.ofHours(1);
    /**
     * How long a reply may wait for room towards its slave. A live slave (a REQ socket) never
     * has more than one reply outstanding, so only a broken connection makes a send wait; JeroMQ
     * would otherwise block the driver, and every other slave, for good (seen with 2,000
     * simulated slaves whose process died). The reply is then dropped as for a vanished slave.
     */
    static final Duration SEND_TIMEOUT = Duration.ofMillis(200);

    private final RouterSocket<MasterReply, SlaveRequest> slaves;
    private final MessageSocket<NoMessage, QueueUpdate> builds;
    private final MessageSocket<SkipReply, SkipRequest> skips;
    private final PushClient<MonitorStatusProtocol.StatusMessage> status;
    private final PushClient<StatsProtocol.StatsUpdate> stats;
    private final DbClient db;
    private final FsClient fs;
    private final Map<String, SlaveState> states = new LinkedHashMap<>();
    private final BuildQueues queues = new BuildQueues();
    private final SlaveReplies replies;
    /** Slaves (by identity) whose finished build is being recorded: their build is no longer unfinished. */
    private final Set<String> recording = new HashSet<>();
    private final BuildRecorder recorder;
    private long nextId = 1;

    /**
     * @param context  the master's shared context
     * @param recorderDb the connection on which finished builds are recorded (closed with the task)
     */
    public SlaveDriver(TaskContext context, Database recorderDb) {
        super(NAME, TaskKind.PAUSING, context, TaskControlProtocols.SLAVE_DRIVER);
        MasterConfig config = context.config();
        slaves = onReadable(context.transport().router(SlaveDriverProtocol.MASTER), this::onSlave);
        context.curve(slaves).bind(config.slaveQueue());
        slaves.zmq().setSendTimeOut((int) SEND_TIMEOUT.toMillis());
        builds = onReadable(context.transport().socket(SocketType.PULL, BuildQueueProtocol.SLAVE_DRIVER), this::onQueue);
        builds.hwm(10);
        builds.bind(config.buildsQueue());
        skips = onReadable(context.transport().socket(SocketType.REP, SkipProtocol.SLAVE_DRIVER), this::onSkip);
        skips.bind(MasterConfig.SKIP);
        status = new PushClient<>(context.transport(), MonitorStatusProtocol.MASTER, MasterConfig.STATUS_INTERNAL);
        stats = new PushClient<>(context.transport(), StatsProtocol.REPORTER, config.statsQueue());
        db = new DbClient(context.transport(), config.dbQueue());
        fs = new FsClient(context.transport(), config.fsQueue());
        replies = new SlaveReplies(queues, config.pypiSimple(), log, context::rejected);
        recorder = new BuildRecorder(context.transport(), config, recorderDb, log);
        onReadable(recorder.wakeSocket(), this::onRecorded);
        every("expiry sweep", SWEEP, this::expireSilentSlaves);
    }

    @Override
    protected void closing() {
        recorder.close();
        status.close();
        stats.close();
        db.close();
        fs.close();
    }

    // ---- slaves -------------------------------------------------------------------

    private void onSlave() throws ProtocolException {
        Addressed<SlaveRequest> message = slaves.recv();
        byte[] identity = message.identity();
        SlaveRequest request = message.message();
        String key = HexFormat.of().formatHex(identity);
        Instant now = context.clock().instant();
        SlaveState slave = states.get(key);
        if (slave == null) {
            if (request instanceof Bye) {
                log.info("shutdown of a slave this master does not know");
                return;
            }
            if (!(request instanceof Hello hello)) {
                log.error("invalid first message from slave connection {}: {}; telling it to start over", key,
                        SlaveDriverProtocol.MASTER.reverse().actionOf(request));
                context.rejected(SlaveReplies.PROTOCOL_ERRORS);
                slaves.send(identity, new Die());
                return;
            }
            slave = new SlaveState(nextId++, identity, hello.hello(), now);
            states.put(key, slave);
        }
        publish(slave.recordRequest(request, now, log));
        Outcome outcome = replies.decide(slave, request, paused(), now);
        if (request instanceof Bye) {
            states.remove(key);
            abandonTransfer(slave);
            releaseUnfinished(slave);
            publish(slave.recordReply(new Die())); // monitors drop it; the slave gets no reply
        }
        carryOut(slave, outcome);
    }

    private void carryOut(SlaveState slave, Outcome outcome) throws ProtocolException {
        if (outcome instanceof Outcome.Reply r) {
            reply(slave, r.reply());
        } else if (outcome instanceof Outcome.SendFile s) {
            sendFile(slave, s.file());
        } else if (outcome instanceof Outcome.VerifyFile v) {
            boolean verified;
            try {
                Optional<Map<String, String>> published = fs.verifyAndPublish(slave.id(), slave.build().packageName());
                published.ifPresent(slave.build()::coreMetadata);
                verified = published.isPresent();
            } catch (RpcException e) {
                log.error("{}: cannot verify {}: {}", slave.label(), v.file().filename(), e.getMessage());
                verified = false;
            }
            carryOut(slave, replies.afterVerify(slave, v.file(), verified));
        } else if (outcome instanceof Outcome.RecordBuild b) {
            // DONE follows once the build is recorded (onRecorded); meanwhile the other slaves are answered
            SlaveBuild build = slave.build();
            recording.add(HexFormat.of().formatHex(slave.identity()));
            recorder.submit(new BuildRecorder.Job(HexFormat.of().formatHex(slave.identity()), slave.label(),
                    build.state(), build.output(), build.packageName(), build.version(), b.filesAdded(),
                    build.coreMetadata()));
        }
    }

    private void onRecorded() throws ProtocolException {
        for (String key : recorder.finished()) {
            recording.remove(key);
            SlaveState slave = states.get(key);
            if (slave == null) {
                log.info("a slave went away while its build was recorded");
            } else {
                reply(slave, new Done());
            }
        }
    }

    private void sendFile(SlaveState slave, FileState file) throws ProtocolException {
        try {
            fs.expect(slave.id(), file);
        } catch (RpcException e) {
            // without a receiver waiting the slave cannot send; give the build up (it stays reserved, then is retried)
            log.error("{}: the file receiver refused {}: {}", slave.label(), file.filename(), e.getMessage());
            if (String.valueOf(e.getMessage()).contains(FileReceiver.NO_SPACE)) {
                // beyond 0.23: a full disk is no fault of the build; it goes back to the queue, to be built
                // again once space is freed. Every slave sleeps until a monitor wakes them (the master's
                // disk guard pauses the whole farm too, but only at its next check: without this the
                // build would go straight out again, and fail again)
                log.warn("the output disk is full: putting every slave to sleep until a monitor wakes them");
                forSlaves(null, SlaveState::sleep);
                SlaveBuild build = slave.build();
                queues.release(slave.hello().nativeAbi(), build.packageName(), build.version(),
                        context.clock().instant());
            }
            reply(slave, new Done());
            return;
        }
        reply(slave, new Send(file.filename()));
    }

    private void reply(SlaveState slave, MasterReply reply) throws ProtocolException {
        publish(slave.recordReply(reply));
        if (reply instanceof Build) {
            sendQueueLengths();
        }
        if (!slaves.send(slave.identity(), reply)) {
            log.warn("{}: gone before its reply {}", slave.label(), reply);
        }
    }

    private void publish(List<Slave> messages) {
        messages.forEach(status::send);
    }

    private void expireSilentSlaves() {
        Instant now = context.clock().instant();
        for (var it = states.values().iterator(); it.hasNext(); ) {
            SlaveState slave = it.next();
            if (slave.expired(now)) {
                if (slave.lastReply() instanceof Build b) {
                    log.warn("{}: timed out while building {} {} for {}", slave.label(), b.packageName(),
                            b.version(), slave.hello().nativeAbi());
                } else if (slave.lastReply() instanceof Send send) {
                    log.warn("{}: timed out during SEND: its upload of {} stopped answering the file queue; "
                            + "the upload is abandoned", slave.label(), send.filename());
                } else {
                    log.warn("{}: timed out during {}", slave.label(), slave.lastReply() == null ? "nothing"
                            : SlaveDriverProtocol.MASTER.actionOf(slave.lastReply()));
                }
                status.send(slave.expiredStatus());
                it.remove();
                abandonTransfer(slave);
                releaseUnfinished(slave);
            }
        }
    }

    /**
     * Beyond 0.23: a slave that leaves (or goes silent) while the file receiver waits
     * for its upload would leave a temporary file as big as the wheel until the
     * master stops; slave ids are never reused, so nothing else would replace it.
     */
    private void abandonTransfer(SlaveState slave) {
        if (slave.lastReply() instanceof Send) {
            try {
                fs.abandon(slave.id());
            } catch (RpcException e) {
                log.error("{}: cannot abandon its transfer: {}", slave.label(), e.getMessage());
            }
        }
    }

    /**
     * Beyond 0.23: a slave that vanished (timed out or said BYE) while building or
     * uploading gives its build back to the queue at once, so that another slave picks
     * it up instead of waiting out the vanished slave's build timeout. A build being
     * recorded, or one refused by a DIE, is left alone.
     */
    private void releaseUnfinished(SlaveState slave) {
        String abi = slave.hello().nativeAbi();
        Instant now = context.clock().instant();
        if (slave.lastReply() instanceof Build b) {
            log.warn("{}: returning {} {} to the build queue", slave.label(), b.packageName(), b.version());
            queues.release(abi, b.packageName(), b.version(), now);
        } else if (slave.lastReply() instanceof Send && slave.build() != null
                && !recording.contains(HexFormat.of().formatHex(slave.identity()))) {
            SlaveBuild build = slave.build();
            log.warn("{}: returning {} {} to the build queue", slave.label(), build.packageName(), build.version());
            queues.release(abi, build.packageName(), build.version(), now);
        }
    }

    // ---- build queues and deletions -------------------------------------------------

    private void onQueue() throws ProtocolException {
        BuildQueueProtocol.Queue update = (BuildQueueProtocol.Queue) builds.recv();
        log.info("refreshing build-queue");
        Set<String> abis;
        try {
            abis = db.buildAbis(false);
        } catch (RpcException e) {
            log.error("cannot read the build ABIs, keeping the old queues: {}", e.getMessage());
            return;
        }
        Set<String> ignored = new TreeSet<>(update.queues().keySet());
        ignored.removeAll(abis);
        if (!ignored.isEmpty()) {
            log.warn("ignoring queues of ABIs that are not build ABIs: {}", ignored);
        }
        queues.refresh(update.queues(), abis, context.clock().instant());
        sendQueueLengths();
    }

    private void sendQueueLengths() {
        stats.send(new StatsProtocol.StatBq(queues.lengths()));
    }

    private void onSkip() throws ProtocolException {
        SkipRequest request;
        try {
            request = skips.recv();
        } catch (ProtocolException e) {
            // a REP socket must answer every request or it jams
            context.rejected(e.protocol());
            log.error("{}", e.getMessage());
            skips.send(new SkipProtocol.Ok());
            return;
        }
        String pkg;
        String version;
        if (request instanceof SkipProtocol.DelVer v) {
            pkg = v.packageName();
            version = v.version();
        } else {
            pkg = ((SkipProtocol.DelPkg) request).packageName();
            version = null;
        }
        log.info("marking package {} {} as excluded", pkg, version == null ? "" : version);
        Set<String> abis;
        try {
            abis = db.buildAbis(false);
        } catch (RpcException e) {
            log.error("cannot read the build ABIs, excluding for the known ones: {}", e.getMessage());
            abis = queues.abis();
        }
        Instant now = context.clock().instant();
        queues.delete(pkg, version, abis, now.plus(DELETION_EXCLUSION));
        for (SlaveState slave : states.values()) {
            if (slave.lastReply() instanceof Build b && b.packageName().equals(pkg)
                    && (version == null || b.version().equals(version))) {
                slave.skip();
            }
        }
        skips.send(new SkipProtocol.Ok());
    }

    // ---- monitor control ------------------------------------------------------------

    @Override
    protected void onControl(Message message) {
        if (message instanceof TaskControlProtocols.Hello) {
            List<Slave> all = new ArrayList<>();
            states.values().forEach(s -> all.addAll(s.replay()));
            publish(all);
        } else if (message instanceof TaskControlProtocols.Kill k) {
            forSlaves(k.slaveId(), SlaveState::kill);
        } else if (message instanceof TaskControlProtocols.Sleep s) {
            forSlaves(s.slaveId(), SlaveState::sleep);
        } else if (message instanceof TaskControlProtocols.Skip s) {
            forSlaves(s.slaveId(), SlaveState::skip);
        } else if (message instanceof TaskControlProtocols.Wake w) {
            forSlaves(w.slaveId(), SlaveState::wake);
        } else {
            throw new IllegalStateException("unknown control message " + message);
        }
    }

    /** Applies a flag change to one slave, or to every slave for a null id; an unknown id is ignored. */
    private void forSlaves(Long slaveId, Consumer<SlaveState> change) {
        for (SlaveState s : states.values()) {
            if (slaveId == null || s.id() == slaveId) {
                change.accept(s);
            }
        }
    }
}
