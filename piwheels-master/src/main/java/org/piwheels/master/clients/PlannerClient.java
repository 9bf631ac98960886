package org.piwheels.master.clients;

import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.TaskControlProtocols;

/**
 * Asks the build-queue planner to recompute the queue soon (beyond 0.23, which
 * waited for its hourly run), over the planner's control queue. Requests are
 * cheap: the planner merges those that arrive while it is busy.
 */
public final class PlannerClient {
    /** The planner's task name. */
    public static final String PLANNER = "master.the_architect";

    private final TaskContext context;

    public PlannerClient(TaskContext context) {
        this.context = context;
    }

    /** Requests a refresh; a planner that is not running simply misses it. */
    public void refresh() {
        try {
            Task.sendControl(context, PLANNER, TaskControlProtocols.PLANNER.reverse(), new TaskControlProtocols.Refresh());
        } catch (ProtocolException e) {
            throw new IllegalStateException(e);
        }
    }
}
