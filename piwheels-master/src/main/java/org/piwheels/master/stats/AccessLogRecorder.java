package org.piwheels.master.stats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseException;
import org.piwheels.db.DatabaseUnavailableException;
import org.piwheels.master.clients.PushClient;
import org.piwheels.master.db.BrokenConnections;
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
import org.piwheels.protocol.records.PageHit;
import org.piwheels.protocol.records.PipRequest;
import org.piwheels.protocol.transport.MessageSocket;
import org.zeromq.SocketType;

/**
 * Stores {@code piw-logger}'s access records ({@code master.lumberjack}, 0.23's
 * Lumberjack; components spec §5.3): each record goes to the database operation
 * of the same name. Once a minute it logs how many of each kind it stored and
 * tells the statistics task how many downloads there were.
 *
 * <p>Beyond 0.23: a record the database refuses is logged, counted and dropped;
 * 0.23 let the error stop the whole master. While the database is unreachable or
 * restarting, the records already taken are held (at most one batch) and retried
 * every {@link #RETRY} until it is back, and no more are read meanwhile, so they
 * wait in the queue (and then in the logger) instead of being lost. And for a busy mirror the records
 * waiting in the queue are stored together, up to {@value #BATCH} in one
 * transaction on the task's own connection (like the build-queue planner's), instead
 * of one database request and one commit each.
 */
public final class AccessLogRecorder extends Task {
    /** The task's (0.23) name. */
    public static final String NAME = "master.lumberjack";
    static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);
    /** The most records stored in one transaction. */
    static final int BATCH = 1000;
    /** How often records held while the database is away are tried again. */
    static final Duration RETRY = Duration.ofMillis(500);

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
    private final Database db;
    private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    private long dropped;
    /** Records taken from the queue but not stored because the database was away; retried in order. */
    private final List<LogRecord> held = new ArrayList<>();

    /** @param db the task's own connection to the database, closed with the task */
    public AccessLogRecorder(TaskContext context, Database db) {
        this(context, db, REPORT_INTERVAL);
    }

    /** @param reportInterval how often to report the counts (tests shorten the minute) */
    AccessLogRecorder(TaskContext context, Database db, Duration reportInterval) {
        super(NAME, TaskKind.PAUSEABLE, context);
        logs = context.admin(context.transport().socket(SocketType.PULL, AccessLogProtocol.MASTER), "log queue");
        // room for a whole batch (0.23: 10), so a busy logger's records are stored together
        logs.hwm(BATCH).bind(context.config().logQueue());
        onReadable(logs, this::record);
        stats = new PushClient<>(context.transport(), StatsProtocol.REPORTER, context.config().statsQueue());
        this.db = db;
        every("log counts", reportInterval, this::report);
        every("retry held records", RETRY, this::retryHeld);
    }

    /** Takes every record already queued (up to {@link #BATCH}) and stores them in one transaction. */
    private void record() throws ProtocolException {
        List<LogRecord> batch = new ArrayList<>();
        batch.add(logs.recv());
        while (batch.size() < BATCH) {
            LogRecord next;
            try {
                next = logs.recv(Duration.ZERO);
            } catch (ProtocolException e) {
                context.rejected(e.protocol()); // as the task loop does, without losing the batch
                log.error("{}", e.getMessage());
                continue;
            }
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        store(batch);
    }

    /** Stores the records in one transaction, or one by one if the database refuses one; holds them if it is away. */
    private void store(List<LogRecord> batch) {
        List<PipRequest> downloads = new ArrayList<>();
        List<PipRequest> searches = new ArrayList<>();
        List<PageHit> projects = new ArrayList<>();
        List<PageHit> json = new ArrayList<>();
        List<PageHit> pages = new ArrayList<>();
        for (LogRecord r : batch) {
            if (r instanceof LogDownload) {
                downloads.add(((LogDownload) r).request());
            } else if (r instanceof LogSearch) {
                searches.add(((LogSearch) r).request());
            } else if (r instanceof LogProject) {
                projects.add(((LogProject) r).hit());
            } else if (r instanceof LogJson) {
                json.add(((LogJson) r).hit());
            } else {
                pages.add(((LogPage) r).hit());
            }
        }
        try {
            db.logAccesses(downloads, searches, projects, json, pages);
        } catch (DatabaseException e) {
            if (e instanceof DatabaseUnavailableException away && !db.answers()) {
                hold(batch, away);
                return;
            }
            // one bad record refuses the whole batch (a record can also break the connection, e.g. one too
            // large to send, while the server answers everyone else): store them one by one, drop only the bad
            for (int i = 0; i < batch.size(); i++) {
                try {
                    storeAlone(batch.get(i));
                } catch (DatabaseUnavailableException away) {
                    hold(batch.subList(i, batch.size()), away);
                    return;
                }
            }
            return;
        }
        counts.merge(Kind.DOWNLOADS, (long) downloads.size(), Long::sum);
        counts.merge(Kind.SEARCHES, (long) searches.size(), Long::sum);
        counts.merge(Kind.PROJECT_HITS, (long) projects.size(), Long::sum);
        counts.merge(Kind.JSON_HITS, (long) json.size(), Long::sum);
        counts.merge(Kind.PAGE_HITS, (long) pages.size(), Long::sum);
    }

    private void hold(List<LogRecord> records, DatabaseUnavailableException e) {
        if (held.isEmpty()) {
            log.error("the database is unavailable; holding {} records and retrying every {} ms: {}",
                    records.size(), RETRY.toMillis(), e.getMessage());
        }
        held.addAll(records);
        watch(logs, false); // the rest wait in the queue until these are stored
    }

    private void retryHeld() {
        if (held.isEmpty()) {
            return;
        }
        List<LogRecord> again = new ArrayList<>(held);
        held.clear();
        store(again);
        if (held.isEmpty()) {
            log.warn("the database is back; stored {} held records", again.size());
            watch(logs, true);
        }
    }

    /** @throws DatabaseUnavailableException if the database is away (the record is then not dropped) */
    private void storeAlone(LogRecord r) {
        Kind kind;
        try {
            kind = BrokenConnections.run(db, () -> storeOne(r));
        } catch (DatabaseUnavailableException e) {
            throw e;
        } catch (DatabaseException e) {
            dropped++;
            log.error("dropped {} record: {}", r.getClass().getSimpleName(), e.getMessage());
            return;
        }
        counts.merge(kind, 1L, Long::sum);
    }

    private Kind storeOne(LogRecord r) {
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
        if (!held.isEmpty()) {
            List<LogRecord> last = new ArrayList<>(held);
            held.clear();
            store(last);
            if (!held.isEmpty()) {
                log.error("stopping while the database is unavailable: {} access records not stored", held.size());
            }
        }
        db.close();
        stats.close();
    }
}
