package org.piwheels.master.queue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.piwheels.db.Database;
import org.piwheels.db.QueryCancelledException;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.task.TaskKind;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.messages.TaskControlProtocols;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.messages.BuildQueueProtocol;
import org.piwheels.protocol.messages.BuildQueueProtocol.QueueUpdate;
import org.piwheels.protocol.records.BuildRequest;
import org.piwheels.protocol.transport.MessageSocket;
import org.zeromq.SocketType;

/**
 * Computes the build queue ({@code master.the_architect}, 0.23's TheArchitect;
 * components spec §5.10): at start and then periodically it runs the database's
 * build-queue query (at most 100000 rows) on its own connection and pushes the
 * result to the slave driver as {@code QUEUE}. 0.23 did this every 60 minutes, so
 * a new release waited up to an hour; ours runs every {@code --queue-interval}
 * (30 s by default).
 *
 * <p>The query runs on a helper thread so the task keeps answering its control
 * queue: on QUIT a running query is cancelled on the server (logged as
 * {@code Cancelled query during shutdown}) and the task stops at once. Beyond
 * 0.23, {@link #refreshSoon()} asks for a new queue within about a second, e.g.
 * when new versions have arrived; requests made while a query runs are coalesced
 * into one more run after it.
 */
public final class BuildQueuePlanner extends Task {
    /** The task's (0.23) name. */
    public static final String NAME = "master.the_architect";
    static final int LIMIT = 100_000;
    private static final Duration CHECK = Duration.ofSeconds(1);
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

    private final Database database;
    private final MessageSocket<QueueUpdate, NoMessage> builds;
    private final ExecutorService worker;
    private final AtomicBoolean refreshWanted = new AtomicBoolean();
    private Future<Map<String, List<BuildRequest>>> running;
    private boolean runAgain;

    /** @param database the planner's own connection (the planner closes it) */
    public BuildQueuePlanner(TaskContext context, Database database) {
        super(NAME, TaskKind.PAUSEABLE, context, TaskControlProtocols.PLANNER);
        this.database = database;
        builds = owned(context.transport().socket(SocketType.PUSH, BuildQueueProtocol.PLANNER));
        builds.hwm(10).linger(Duration.ofSeconds(1));
        builds.connect(context.config().buildsQueue());
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "the_architect-q");
            t.setDaemon(true);
            return t;
        });
        every("update build queue", context.config().queueInterval(), this::startQuery);
        every("deliver build queue", CHECK, this::deliver);
    }

    /** REFRESH on the control queue: the other tasks' way to ask for {@link #refreshSoon()}. */
    @Override
    protected void onControl(Message message) throws Exception {
        if (message instanceof TaskControlProtocols.Refresh) {
            refreshSoon();
        } else {
            super.onControl(message);
        }
    }

    /**
     * Asks for a fresh build queue within about a second. Safe to call from any
     * thread (the master calls it when new versions or builds change the queue).
     */
    public void refreshSoon() {
        refreshWanted.set(true);
    }

    private void startQuery() {
        if (running != null) {
            runAgain = true;
            return;
        }
        log.debug("computing the build queue");
        running = worker.submit(() -> database.getBuildQueue(LIMIT));
    }

    private void deliver() throws Exception {
        if (refreshWanted.getAndSet(false)) {
            startQuery();
        }
        if (running == null || !running.isDone()) {
            return;
        }
        Future<Map<String, List<BuildRequest>>> done = running;
        running = null;
        try {
            Map<String, List<BuildRequest>> queue = done.get();
            builds.send(new BuildQueueProtocol.Queue(queue));
            log.info("queued {} builds for {} ABIs", queue.values().stream().mapToInt(List::size).sum(), queue.size());
        } catch (ExecutionException e) {
            // the database may be restarting: the next run tries again
            log.error("cannot compute the build queue: {}", e.getCause().getMessage());
        }
        if (runAgain) {
            runAgain = false;
            startQuery();
        }
    }

    @Override
    protected void closing() throws InterruptedException {
        try {
            if (running != null) {
                cancel(running);
            }
        } finally {
            worker.shutdownNow();
            database.close();
        }
    }

    // The query may not have reached the server yet when we first cancel, so keep trying.
    private void cancel(Future<?> query) throws InterruptedException {
        long deadline = System.nanoTime() + CANCEL_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            database.cancelBuildQueue();
            try {
                query.get(100, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // still running
            } catch (ExecutionException e) {
                if (e.getCause() instanceof QueryCancelledException) {
                    log.warn("Cancelled query during shutdown");
                } else {
                    log.error("build queue query failed during shutdown: {}", e.getCause().getMessage());
                }
                return;
            }
        }
        log.error("build queue query did not stop within {} s", CANCEL_WAIT.toSeconds());
    }
}
