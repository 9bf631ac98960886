package org.piwheels.master.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.piwheels.db.Database;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.TestConfigs;
import org.piwheels.master.db.DatabaseRouter;
import org.piwheels.master.db.DatabaseWorker;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.protocol.transport.Transport;

/**
 * The part of a master that task tests need: a transport, a context with inproc
 * queues, the database router with two workers on the test database, and the
 * fakes and tasks a test adds, all stopped in reverse order by {@link #close()}.
 */
public final class TaskRig implements AutoCloseable {
    private final Transport transport = new Transport();
    private final TaskContext context;
    private final List<Task> tasks = new ArrayList<>();
    private final List<AutoCloseable> fakes = new ArrayList<>();
    private final Journal journal = new Journal();

    public TaskRig(TestDatabase db, Path output) throws InterruptedException {
        context = new TaskContext(TestConfigs.inproc(output), transport, Clock.systemUTC());
        start(new DatabaseRouter(context));
        for (int i = 1; i <= 2; i++) {
            start(new DatabaseWorker(context, i, Database.open(db.config())));
        }
    }

    public TaskContext context() {
        return context;
    }

    public Transport transport() {
        return transport;
    }

    public Journal journal() {
        return journal;
    }

    /** Starts a task and waits until it is ready. */
    public <T extends Task> T start(T task) throws InterruptedException {
        tasks.add(task);
        task.start();
        assertThat(task.awaitReady(Duration.ofSeconds(30))).isTrue();
        return task;
    }

    /** Keeps a fake endpoint to close with the rig. */
    public <F extends AutoCloseable> F fake(F endpoint) {
        fakes.add(endpoint);
        return endpoint;
    }

    /** Stops a task and checks that it ended cleanly. */
    public static void stop(Task task) throws InterruptedException {
        task.quit();
        assertThat(task.join(Duration.ofSeconds(15))).as("%s stopped", task.name()).isTrue();
        assertThat(task.failure()).as("%s failure", task.name()).isNull();
    }

    @Override
    public void close() throws Exception {
        try {
            for (int i = tasks.size() - 1; i >= 0; i--) {
                if (tasks.get(i).isAlive()) {
                    stop(tasks.get(i));
                }
            }
        } finally {
            for (AutoCloseable f : fakes) {
                f.close();
            }
            transport.close();
        }
    }
}
