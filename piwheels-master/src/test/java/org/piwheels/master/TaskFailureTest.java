package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.task.TaskKind;
import org.piwheels.protocol.transport.AdminSecret;

/**
 * 0.23's last resort (components spec §4.2): a task that dies of an unexpected exception
 * asks the master to quit, and the master stops every other task in reverse start order.
 * The control queue asks for the admin credentials here, as it does by default.
 */
class TaskFailureTest {

    /** A task that records when it closes and, once told to, throws from its periodic handler. */
    private static final class Recording extends Task {
        private final List<String> closed;

        Recording(String name, TaskContext context, List<String> closed, AtomicBoolean failNow) {
            super(name, TaskKind.NON_STOP, context);
            this.closed = closed;
            if (failNow != null) {
                every("fail", Duration.ofMillis(50), () -> {
                    if (failNow.get()) {
                        throw new IllegalStateException("a bug nobody expected");
                    }
                });
            }
        }

        @Override
        protected void closing() {
            closed.add(name());
        }
    }

    @Test
    void anUnexpectedExceptionInOneTaskStopsTheWholeMasterInOrder(@TempDir Path output) throws Exception {
        MasterConfig config = RunningMaster.config(output, Duration.ofMinutes(1)).withAdminSecret(AdminSecret.generate());
        List<String> closed = new CopyOnWriteArrayList<>();
        AtomicBoolean failNow = new AtomicBoolean();
        try (Master master = new Master(config, new SystemdNotifier(null))) {
            master.start(context -> List.of(new Recording("test.first", context, closed, null),
                    new Recording("test.second", context, closed, failNow),
                    new Recording("test.third", context, closed, null),
                    new Recording("test.fourth", context, closed, null)));
            Thread loop = new Thread(() -> {
                try {
                    master.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-master");
            loop.start();
            try {
                failNow.set(true);
                loop.join(Duration.ofSeconds(30).toMillis());
                assertThat(loop.isAlive()).as("the master stopped by itself").isFalse();
            } finally {
                master.stop("test over");
                loop.join(Duration.ofSeconds(30).toMillis());
            }
            assertThat(master.anyTaskFailed()).isTrue();
            assertThat(closed).as("the failed task first, then the others in reverse start order")
                    .containsExactly("test.second", "test.fourth", "test.third", "test.first");
        }
    }
}
