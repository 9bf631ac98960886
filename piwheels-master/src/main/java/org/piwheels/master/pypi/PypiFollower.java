package org.piwheels.master.pypi;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.Version;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.PlannerClient;
import org.piwheels.master.clients.SkipClient;
import org.piwheels.master.clients.WebClient;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.task.TaskKind;

/**
 * Follows PyPI's changelog ({@code master.cloud_gazer}, 0.23's CloudGazer;
 * components spec §5.11): registers new packages and versions, yanks, unyanks
 * and removals in the database, and asks for the pages to be rewritten.
 *
 * <p>The work is done by {@link ChangelogFollower}; this class gives it the
 * master's queues and a turn every second. The follower paces its own requests
 * (10 s when up to date as in 0.23, about 1 s while catching up, longer after
 * failures), so the one-second turn only bounds how soon it can act.
 */
public final class PypiFollower extends Task {

    /** The task's (0.23) name. */
    public static final String NAME = "master.cloud_gazer";
    static final Duration TURN = Duration.ofSeconds(1);
    static final Duration STATUS_LOG = Duration.ofMinutes(10);

    private final DbClient db;
    private final WebClient web;
    private final SkipClient skip;
    private final ChangelogFollower follower;
    private volatile FollowerStatus status;
    private final QueueFollowerActions actions;
    private final PlannerClient planner;

    public PypiFollower(TaskContext context) {
        super(NAME, TaskKind.PAUSEABLE, context);
        MasterConfig config = context.config();
        db = new DbClient(context.transport(), config.dbQueue());
        web = new WebClient(context.transport(), config.webQueue());
        skip = new SkipClient(context.transport());
        PypiConfig pypi = PypiConfig.of(URI.create(config.pypiXmlrpc()), URI.create(config.pypiJson()),
                Version.VERSION).withSimple(URI.create(config.pypiSimple()));
        actions = new QueueFollowerActions(db, web, skip);
        planner = new PlannerClient(context);
        follower = ChangelogFollower.create(new BatchingFollowerActions(actions, actions), pypi, config.devMode(),
                context.clock(), new SecureRandom()::nextDouble, true);
        every("read_pypi", TURN, this::readPypi);
        every("report", STATUS_LOG, this::report);
    }

    @Override
    protected void once() {
        follower.start();
        status = follower.status();
    }

    /** The follower's figures as of its last turn; safe to call from any thread. */
    public FollowerStatus status() {
        return status;
    }

    private void readPypi() {
        follower.step();
        status = follower.status();
        if (actions.takeBuildableChanges()) {
            planner.refresh(); // beyond 0.23: new versions need not wait for the hourly queue
        }
    }

    private void report() {
        log.info("{}", follower.status().summary());
    }

    @Override
    protected void closing() {
        db.close();
        web.close();
        skip.close();
    }
}
