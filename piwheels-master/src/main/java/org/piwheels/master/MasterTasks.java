package org.piwheels.master;

import java.util.ArrayList;
import java.util.List;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseConfig;
import org.piwheels.master.admin.AdminRequestHandler;
import org.piwheels.master.build.FileReceiver;
import org.piwheels.master.build.SlaveDriver;
import org.piwheels.master.db.DatabaseRouter;
import org.piwheels.master.db.DatabaseWorker;
import org.piwheels.master.pypi.PypiFollower;
import org.piwheels.master.queue.BuildQueuePlanner;
import org.piwheels.master.stats.AccessLogRecorder;
import org.piwheels.master.stats.StatsCollector;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.web.PageRequestDebouncer;
import org.piwheels.master.web.SiteWriterTask;

/**
 * The master's tasks in the 0.23 start order, which is a dependency order of binds
 * and connects (components spec §3.2): each task binds what later ones connect to.
 */
public final class MasterTasks {
    private MasterTasks() {
    }

    /**
     * Constructs every task.
     *
     * @param db how the database workers and the planner connect
     */
    public static List<Task> create(TaskContext context, DatabaseConfig db) {
        List<Task> tasks = new ArrayList<>();
        tasks.add(new DatabaseRouter(context));
        for (int i = 1; i <= 3; i++) {
            tasks.add(new DatabaseWorker(context, i, Database.open(db)));
        }
        tasks.add(new AccessLogRecorder(context, Database.open(db)));
        tasks.add(new SiteWriterTask(context));
        tasks.add(new PageRequestDebouncer(context));
        StatsCollector stats = new StatsCollector(context);
        tasks.add(stats);
        tasks.add(new FileReceiver(context));
        tasks.add(new SlaveDriver(context, Database.open(db)));
        tasks.add(new AdminRequestHandler(context));
        tasks.add(new BuildQueuePlanner(context, Database.open(db)));
        PypiFollower follower = new PypiFollower(context);
        stats.followPypiFollower(follower::status); // beyond 0.23: the follower's figures, see pypi-follower.md
        tasks.add(follower);
        return tasks;
    }
}
