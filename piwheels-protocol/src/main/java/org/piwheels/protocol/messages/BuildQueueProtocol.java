package org.piwheels.protocol.messages;

import java.util.List;
import java.util.Map;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.records.BuildRequest;

/**
 * {@code the_architect}: the build-queue planner (PUSH) replaces the slave driver's
 * queues (PULL) (internal; spec §6.7.5).
 */
public final class BuildQueueProtocol {
    private BuildQueueProtocol() {
    }

    /** A queue update. */
    public sealed interface QueueUpdate extends Message {
    }

    /** The new queues. @param queues ABI to ordered pending builds */
    public record Queue(Map<String, List<BuildRequest>> queues) implements QueueUpdate {
    }

    /** The slave driver's side. */
    public static final Protocol<NoMessage, QueueUpdate> SLAVE_DRIVER =
            Protocol.of("the_architect", NoMessage.class, QueueUpdate.class);

    /** The planner's side. */
    public static final Protocol<QueueUpdate, NoMessage> PLANNER = SLAVE_DRIVER.reverse();
}
