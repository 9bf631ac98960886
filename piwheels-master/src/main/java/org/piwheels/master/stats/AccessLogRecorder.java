package org.piwheels.master.stats;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.PushClient;
import org.piwheels.master.clients.RpcException;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.master.task.TaskKind;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AccessLogProtocol;
import org.piwheels.protocol.messages.AccessLogProtocol.LogDownload;
import org.piwheels.protocol.messages.AccessLogProtocol.LogJson;
import org.piwheels.protocol.messages.AccessLogProtocol.LogPage;
import org.piwheels.protocol.messages.AccessLogProtocol.LogProject;
import org.piwheels.protocol.messages.AccessLogProtocol.LogRecord;
import org.piwheels.protocol.messages.AccessLogProtocol.LogSearch;
import org.piwheels.protocol.messages.StatsProtocol;
import org.piwheels.protocol.transport.MessageSocket;
import org.zeromq.SocketType;

/**
 * Stores {@code piw-logger}'s access records ({@code master.lumberjack}, 0.23's
 * Lumberjack; components spec §5.3): each record goes to the database operation
 * of the same name. Once a minute it logs how many of each kind it stored and
 * tells the statistics task how many downloads there were.
 *
 * <p>Beyond 0.23: a record the database refuses is logged, counted and dropped;
 * 0.23 let the error stop the whole master.
 */
public final class AccessLogRecorder extends Task {
    /** The task's (0.23) name. */
    public static final String NAME = "master.lumberjack";
    static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);

    /** The record kinds, in the order the minute report lists them. */
    enum Kind {
        DOWNLOADS("downloads"), SEARCHES("searches"), PROJECT_HITS("project hits"),
        JSON_HITS("JSON hits"), PAGE_HITS("page hits");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final MessageSocket<NoMessage, LogRecord> logs;
    private final PushClient<StatsProtocol.StatsUpdate> stats;
    private final DbClient db;
    private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    private long dropped;

    public AccessLogRecorder(TaskContext context) {
        this(context, REPORT_INTERVAL);
    }

    /** @param reportInterval how often to report the counts (tests shorten the minute) */
    AccessLogRecorder(TaskContext context, Duration reportInterval) {
        super(NAME, TaskKind.PAUSEABLE, context);
        logs = context.transport().socket(SocketType.PULL, AccessLogProtocol.MASTER);
        logs.hwm(10).bind(context.config().logQueue());
        onReadable(logs, this::record);
        stats = new PushClient<>(context.transport(), StatsProtocol.REPORTER, context.config().statsQueue());
        db = new DbClient(context.transport(), context.config().dbQueue());
        every("log counts", reportInterval, this::report);
    }

    private void record() throws ProtocolException {
        LogRecord r = logs.recv();
        Kind kind;
        try {
            kind = store(r);
        } catch (RpcException e) {
            dropped++;
            log.error("dropped {} record: {}", r.getClass().getSimpleName(), e.getMessage());
            return;
        }
        counts.merge(kind, 1L, Long::sum);
    }

    private Kind store(LogRecord r) {
        if (r instanceof LogDownload) {
            db.logDownload(((LogDownload) r).request());
            return Kind.DOWNLOADS;
        } else if (r instanceof LogSearch) {
            db.logSearch(((LogSearch) r).request());
            return Kind.SEARCHES;
        } else if (r instanceof LogProject) {
            db.logProject(((LogProject) r).hit());
            return Kind.PROJECT_HITS;
        } else if (r instanceof LogJson) {
            db.logJson(((LogJson) r).hit());
            return Kind.JSON_HITS;
        } else {
            db.logPage(((LogPage) r).hit());
            return Kind.PAGE_HITS;
        }
    }

    private void report() {
        for (Kind kind : Kind.values()) {
            long n = counts.getOrDefault(kind, 0L);
            if (n > 0) {
                log.info("logged {} {} in the last minute", n, kind.label);
            }
        }
        if (dropped > 0) {
            log.warn("dropped {} records in the last minute after database errors", dropped);
        }
        stats.send(new StatsProtocol.LogDownload(counts.getOrDefault(Kind.DOWNLOADS, 0L)));
        counts.clear();
        dropped = 0;
    }

    @Override
    protected void closing() {
        db.close();
        stats.close();
    }
}
