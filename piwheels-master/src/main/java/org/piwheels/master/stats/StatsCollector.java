package org.piwheels.master.stats;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.piwheels.cli.HostInfo;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.PushClient;
import org.piwheels.master.clients.RpcException;
import org.piwheels.master.clients.WebClient;
import org.piwheels.master.pypi.FollowerStatus;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.task.TaskKind;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.MonitorStatusProtocol;
import org.piwheels.protocol.messages.StatsProtocol;
import org.piwheels.protocol.messages.StatsProtocol.StatsUpdate;
import org.piwheels.protocol.messages.TaskControlProtocols;
import org.piwheels.protocol.records.DownloadCounts;
import org.piwheels.protocol.records.MasterStats;
import org.piwheels.protocol.transport.MessageSocket;
import org.zeromq.SocketType;

/**
 * Gathers the master's statistics ({@code master.big_brother}, 0.23's BigBrother;
 * components spec §5.6): host figures every 10 s, published to monitors as
 * {@code STATS} and kept in a history of 100 that the control message
 * {@code STATS} replays; database figures every 60 s for the home page; the
 * search index every 60 minutes. Other tasks report disk space, queue lengths and
 * downloads on the stats queue; {@code HOME} there makes the home page and search
 * index due at once. Pausing: while paused the periodic work is skipped, but
 * reports are still taken in.
 *
 * <p>Beyond 0.23: until the file receiver's first {@code STATFS}, the disk figures
 * are read from the output path (so the first reports are not zero), and a database or web
 * queue failure is logged and retried at the next period instead of stopping the
 * master.
 */
public final class StatsCollector extends Task {
    /** The task's (0.23) name. */
    public static final String NAME = "master.big_brother";
    static final int HISTORY = 100;

    /** How often each periodic job runs. */
    record Timings(Duration hostStats, Duration homePage, Duration searchIndex) {
        static final Timings STANDARD = new Timings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(60));
    }

    private final MessageSocket<NoMessage, StatsUpdate> inbox;
    private final PushClient<MonitorStatusProtocol.StatusMessage> status;
    private final WebClient web;
    private final DbClient db;
    private final HostInfo host;
    private final Path outputPath;
    private final MasterFigures figures = new MasterFigures();
    private final Deque<MasterStats> history = new ArrayDeque<>();
    private final Periodic homePage;
    private final Periodic searchIndex;
    private boolean initialStatsNeeded = true;
    private volatile Supplier<FollowerStatus> followerSource = () -> null;
    private volatile FollowerStatus follower;
    private boolean diskReported;
    private volatile Map<String, Long> rejections = Map.of();
    private Map<String, Long> loggedRejections = Map.of();

    public StatsCollector(TaskContext context) {
        this(context, Timings.STANDARD, new HostInfo());
    }

    StatsCollector(TaskContext context, Timings timings, HostInfo host) {
        super(NAME, TaskKind.PAUSING, context, TaskControlProtocols.STATS);
        this.host = host;
        this.outputPath = context.config().outputPath();
        inbox = context.transport().socket(SocketType.PULL, StatsProtocol.COLLECTOR);
        inbox.hwm(10).bind(context.config().statsQueue());
        onReadable(inbox, this::receive);
        status = new PushClient<>(context.transport(), MonitorStatusProtocol.MASTER, MasterConfig.STATUS_INTERNAL);
        web = new WebClient(context.transport(), context.config().webQueue());
        db = new DbClient(context.transport(), context.config().dbQueue());
        every("update stats", timings.hostStats(), this::updateStats);
        homePage = every("update homepage", timings.homePage(), this::updateHomePage);
        searchIndex = every("update search index", timings.searchIndex(), this::updateSearchIndex);
    }

    private void receive() throws ProtocolException {
        StatsUpdate update = inbox.recv();
        if (update instanceof StatsProtocol.StatFs) {
            StatsProtocol.StatFs fs = (StatsProtocol.StatFs) update;
            figures.disk(fs.diskSize(), fs.diskFree());
            diskReported = true;
        } else if (update instanceof StatsProtocol.StatBq) {
            figures.buildsPending(((StatsProtocol.StatBq) update).queueLengths());
        } else if (update instanceof StatsProtocol.LogDownload) {
            figures.addDownloads(((StatsProtocol.LogDownload) update).count());
        } else {
            force(searchIndex);
            force(homePage);
        }
    }

    private void updateStats() {
        if (paused()) {
            return;
        }
        try {
            long[] mem = host.memory();
            figures.memory(mem[0], mem[1], mem[2], mem[3]);
            figures.load(host.loadAverage(), host.cpuTemperature());
        } catch (IOException e) {
            log.warn("cannot read host statistics: {}", e.getMessage());
        }
        if (!diskReported) {
            try {
                long[] disk = HostInfo.disk(outputPath);
                figures.disk(disk[0], disk[1]);
            } catch (IOException e) {
                log.debug("cannot read the output path's disk: {}", e.getMessage());
            }
        }
        rejections = context.rejections();
        MasterStats stats = figures.snapshot(context.clock().instant());
        if (history.size() == HISTORY) {
            history.removeFirst();
        }
        history.addLast(stats);
        status.send(new MonitorStatusProtocol.Stats(stats));
    }

    private void updateHomePage() {
        if (paused()) {
            return;
        }
        try {
            if (initialStatsNeeded) {
                figures.downloadsAll(db.initialDownloads());
                initialStatsNeeded = false;
            }
            figures.database(db.statistics());
            web.home(figures.snapshot(context.clock().instant()));
            logRejections();
            follower = followerSource.get();
            if (follower != null) {
                log.debug("PyPI follower {}", follower.summary());
            }
        } catch (RpcException e) {
            log.error("cannot update the home page: {}", e.getMessage());
        }
    }

    /**
     * Beyond 0.23: where to read the PyPI follower's figures (serial, lag, events per
     * minute, errors). The 0.23 status protocol has no field for them, so they are
     * not sent to monitors; they are read with the database figures and logged.
     */
    public void followPypiFollower(Supplier<FollowerStatus> source) {
        followerSource = source;
    }

    /**
     * Beyond 0.23: the rejected messages so far, per queue or kind, as of the last host
     * figures (every 10 s). The 0.23 {@code STATS} message has no field for them, so
     * monitors do not see them; they are logged with the database figures (every 60 s)
     * whenever they have changed.
     */
    public Map<String, Long> rejections() {
        return rejections;
    }

    private void logRejections() {
        Map<String, Long> now = rejections;
        if (!now.equals(loggedRejections)) {
            loggedRejections = now;
            long total = now.values().stream().mapToLong(Long::longValue).sum();
            log.info("statistics: {} rejected messages so far: {}", total, now);
        }
    }

    /** The PyPI follower's figures as of the last database-figures update, or null before one. */
    public FollowerStatus pypiFollower() {
        return follower;
    }

    private void updateSearchIndex() {
        if (paused()) {
            return;
        }
        try {
            Map<String, DownloadCounts> index = new LinkedHashMap<>();
            db.searchIndex().forEach((pkg, e) -> index.put(pkg, new DownloadCounts(e.downloadsRecent(), e.downloadsAll())));
            web.search(index);
        } catch (RpcException e) {
            log.error("cannot update the search index: {}", e.getMessage());
        }
    }

    @Override
    protected void onControl(Message message) throws Exception {
        if (message instanceof TaskControlProtocols.Stats) {
            // a monitor said HELLO: give it the whole recent picture
            for (MasterStats stats : history) {
                status.send(new MonitorStatusProtocol.Stats(stats));
            }
        } else {
            super.onControl(message);
        }
    }

    @Override
    protected void closing() {
        db.close();
        web.close();
        status.close();
    }
}
