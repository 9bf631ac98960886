package org.piwheels.protocol.messages;

import org.piwheels.protocol.Action;
import org.piwheels.protocol.Message;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.Protocol;
import org.piwheels.protocol.records.PageHit;
import org.piwheels.protocol.records.PipRequest;

/**
 * {@code lumberjack}: {@code piw-logger} (PUSH) feeds web-server access records to
 * the master (PULL, default {@code ipc:///tmp/piw-logger}); no replies (spec §6.4).
 */
public final class AccessLogProtocol {
    private AccessLogProtocol() {
    }

    /** One access record. */
    public sealed interface LogRecord extends Message {
    }

    /** A wheel was downloaded. @param request the download */
    @Action("LOGDOWNLOAD")
    public record LogDownload(PipRequest request) implements LogRecord {
    }

    /** pip looked a package up in the simple index. @param request the look-up */
    @Action("LOGSEARCH")
    public record LogSearch(PipRequest request) implements LogRecord {
    }

    /** A project page was visited. @param hit the visit */
    @Action("LOGPROJECT")
    public record LogProject(PageHit hit) implements LogRecord {
    }

    /** A project's JSON was fetched. @param hit the visit */
    @Action("LOGJSON")
    public record LogJson(PageHit hit) implements LogRecord {
    }

    /** Another page was visited. @param hit the visit */
    @Action("LOGPAGE")
    public record LogPage(PageHit hit) implements LogRecord {
    }

    /** The master's side: receives only. */
    public static final Protocol<NoMessage, LogRecord> MASTER =
            Protocol.of("lumberjack", NoMessage.class, LogRecord.class);

    /** The logger's side: sends only. */
    public static final Protocol<LogRecord, NoMessage> LOGGER = MASTER.reverse();
}
