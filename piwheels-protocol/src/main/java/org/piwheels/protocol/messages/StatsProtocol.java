package org.piwheels.protocol.messages;

import java.util.Map;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.Protocol;

/**
 * {@code big_brother}: tasks (PUSH) feed figures to the statistics task (PULL)
 * (internal; spec §6.7.3).
 */
public final class StatsProtocol {
    private StatsProtocol() {
    }

    /** A figure for the statistics. */
    public sealed interface StatsUpdate extends Message {
    }

    /** The output file system's size. @param diskSize bytes @param diskFree bytes available */
    public record StatFs(long diskSize, long diskFree) implements StatsUpdate {
    }

    /** Build-queue lengths. @param queueLengths ABI to queued builds */
    public record StatBq(Map<String, Long> queueLengths) implements StatsUpdate {
    }

    /** Regenerate the home page and search index now. */
    public record Home() implements StatsUpdate {
    }

    /** Downloads logged lately. @param count how many */
    public record LogDownload(long count) implements StatsUpdate {
    }

    /** The statistics task's side. */
    public static final Protocol<NoMessage, StatsUpdate> COLLECTOR =
            Protocol.of("big_brother", NoMessage.class, StatsUpdate.class);

    /** A reporting task's side. */
    public static final Protocol<StatsUpdate, NoMessage> REPORTER = COLLECTOR.reverse();
}
