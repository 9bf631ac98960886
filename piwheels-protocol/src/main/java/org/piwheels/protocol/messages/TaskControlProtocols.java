package org.piwheels.protocol.messages;

import org.piwheels.protocol.Message;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.Nullable;
import org.piwheels.protocol.Protocol;

/**
 * The control queues of the master's tasks (internal; spec §6.7.1): every task
 * takes {@code task_control}; the slave driver and the statistics task take
 * extended sets.
 */
public final class TaskControlProtocols {
    private TaskControlProtocols() {
    }

    /** {@code task_control}: what every task obeys. */
    public sealed interface TaskCommand extends Message {
    }

    /** {@code slave_driver_control}: task control plus the slave actions of a monitor. */
    public sealed interface SlaveDriverCommand extends Message {
    }

    /** {@code big_brother_control}: task control plus a replay of the statistics. */
    public sealed interface StatsCommand extends Message {
    }

    /**
     * {@code planner_control} (beyond 0.23): task control plus a request to recompute
     * the build queue now, sent when new versions arrive or packages are unskipped, so
     * that they need not wait for the hourly run.
     */
    public sealed interface PlannerCommand extends Message {
    }

    /** Pause. */
    public record Pause() implements TaskCommand, SlaveDriverCommand, StatsCommand, PlannerCommand {
    }

    /** Resume. */
    public record Resume() implements TaskCommand, SlaveDriverCommand, StatsCommand, PlannerCommand {
    }

    /** Stop the task. */
    public record Quit() implements TaskCommand, SlaveDriverCommand, StatsCommand, PlannerCommand {
    }

    /** Recompute the build queue soon. */
    public record Refresh() implements PlannerCommand {
    }

    /** Replay every slave's state to the monitors. */
    public record Hello() implements SlaveDriverCommand {
    }

    /** Kill slave(s). @param slaveId a slave, or null for all */
    public record Kill(@Nullable Long slaveId) implements SlaveDriverCommand {
    }

    /** Pause slave(s). @param slaveId a slave, or null for all */
    public record Sleep(@Nullable Long slaveId) implements SlaveDriverCommand {
    }

    /** Skip the builds of slave(s). @param slaveId a slave, or null for all */
    public record Skip(@Nullable Long slaveId) implements SlaveDriverCommand {
    }

    /** Clear the flags of slave(s). @param slaveId a slave, or null for all */
    public record Wake(@Nullable Long slaveId) implements SlaveDriverCommand {
    }

    /** Replay the statistics history to the monitors. */
    public record Stats() implements StatsCommand {
    }

    /** A task's side of {@code task_control}. */
    public static final Protocol<NoMessage, TaskCommand> TASK =
            Protocol.of("task_control", NoMessage.class, TaskCommand.class);

    /** The slave driver's side of {@code slave_driver_control}. */
    public static final Protocol<NoMessage, SlaveDriverCommand> SLAVE_DRIVER =
            Protocol.of("slave_driver_control", NoMessage.class, SlaveDriverCommand.class);

    /** The build-queue planner's side of {@code planner_control}. */
    public static final Protocol<NoMessage, PlannerCommand> PLANNER =
            Protocol.of("planner_control", NoMessage.class, PlannerCommand.class);

    /** The statistics task's side of {@code big_brother_control}. */
    public static final Protocol<NoMessage, StatsCommand> STATS =
            Protocol.of("big_brother_control", NoMessage.class, StatsCommand.class);
}
