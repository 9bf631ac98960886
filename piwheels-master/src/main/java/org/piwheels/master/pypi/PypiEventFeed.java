package org.piwheels.master.pypi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns PyPI's changelog into {@link PypiEvent}s: paces the requests, feeds the
 * answers through the {@link ReorderBuffer}, translates the released rows, drops
 * repeated file events ({@link VersionCache}) and attaches descriptions.
 *
 * <p>Pacing (beyond 0.23, which asked once per 10 s and died on most errors):
 * <ul>
 * <li>at most one request per {@link #poll()};</li>
 * <li>while catching up (the answer's newest row is more than {@link #CATCH_UP_LAG}
 *     old) the next request is due {@link #CATCH_UP_INTERVAL} later, so capped
 *     answers are paged through at about one request a second;</li>
 * <li>otherwise, or after an empty answer, {@link #IDLE_INTERVAL} later (0.23's 10 s);</li>
 * <li>after a failure of any kind, after an exponential back-off with jitter
 *     ({@link #BACKOFF_BASE} to {@link #BACKOFF_CAP}), or the server's
 *     {@code Retry-After} if longer; the read position is kept, so the
 *     next request resumes exactly where the failed one would have.</li>
 * </ul>
 */
public final class PypiEventFeed {

    public static final Duration IDLE_INTERVAL = Duration.ofSeconds(10);
    public static final Duration CATCH_UP_INTERVAL = Duration.ofSeconds(1);
    public static final Duration CATCH_UP_LAG = Duration.ofMinutes(10);
    public static final Duration BACKOFF_BASE = Duration.ofSeconds(20);
    public static final Duration BACKOFF_CAP = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger("master.cloud_gazer");

    private final ChangelogSource changelog;
    private final ProjectDescriptions descriptions;
    private final Backoff backoff;
    private final Clock clock;
    private final int versionCacheSize;
    private final ReorderBuffer buffer;
    private VersionCache versions;
    private Instant nextRequest;
    private long newestSerial;

    public PypiEventFeed(ChangelogSource changelog, ProjectDescriptions descriptions, Backoff backoff,
                         Clock clock, int versionCacheSize, long serial) {
        this.changelog = changelog;
        this.descriptions = descriptions;
        this.backoff = backoff;
        this.clock = clock;
        this.versionCacheSize = versionCacheSize;
        this.buffer = new ReorderBuffer(serial);
        this.versions = new VersionCache(versionCacheSize);
        this.nextRequest = clock.instant();
    }

    /** The serial of the first event not yet released. */
    public long serial() {
        return buffer.serial();
    }

    /** The newest serial PyPI has answered with so far (0 before any rows). */
    public long newestSerial() {
        return newestSerial;
    }

    /** When the next request to PyPI is due. */
    public Instant nextRequest() {
        return nextRequest;
    }

    /** The timestamp of the oldest event not yet released, if known. */
    public Instant pendingSince() {
        Long ts = buffer.pendingTimestamp();
        return ts == null ? null : Instant.ofEpochSecond(ts);
    }

    /**
     * Forgets everything since {@code serial} and reads again from there at once:
     * after events could not be applied, so none of them is lost. The version
     * cache is cleared too, or it would suppress the replayed file events.
     */
    public void restartFrom(long serial) {
        buffer.reset(serial);
        versions = new VersionCache(versionCacheSize);
        nextRequest = clock.instant();
    }

    /** Makes at most one request to PyPI, if one is due. */
    public FeedBatch poll() {
        Instant now = clock.instant();
        if (now.isBefore(nextRequest)) {
            return new FeedBatch(FeedBatch.Outcome.WAITING, List.of(), buffer.serial());
        }
        List<ChangelogRow> rows;
        try {
            rows = changelog.changelogSince(buffer.nextRequestSerial());
        } catch (PypiException e) {
            Duration wait = backoff.next();
            if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(wait) > 0) {
                wait = e.retryAfter().get();
            }
            nextRequest = now.plus(wait);
            if (e.isTransient()) {
                LOG.warn("PyPI changelog unavailable ({}); retrying in {} s", e.getMessage(), wait.toSeconds());
            } else {
                LOG.error("PyPI changelog request refused ({}); retrying in {} s", e.getMessage(), wait.toSeconds());
            }
            return new FeedBatch(FeedBatch.Outcome.FAILED, List.of(), buffer.serial());
        }
        backoff.reset();
        if (rows.isEmpty()) {
            nextRequest = now.plus(IDLE_INTERVAL);
            return new FeedBatch(FeedBatch.Outcome.EMPTY, List.of(), buffer.serial());
        }
        nextRequest = now.plus(catchingUp(rows, now) ? CATCH_UP_INTERVAL : IDLE_INTERVAL);
        newestSerial = Math.max(newestSerial, rows.get(rows.size() - 1).serial());
        List<PypiEvent> events = translate(buffer.offer(rows));
        return new FeedBatch(FeedBatch.Outcome.ROWS, events, buffer.serial());
    }

    private static boolean catchingUp(List<ChangelogRow> rows, Instant now) {
        long newest = rows.stream().mapToLong(ChangelogRow::timestamp).max().orElseThrow();
        return Instant.ofEpochSecond(newest).isBefore(now.minus(CATCH_UP_LAG));
    }

    private List<PypiEvent> translate(List<ChangelogRow> released) {
        List<PypiEvent> events = new ArrayList<>();
        for (ChangelogRow row : released) {
            Instant ts = Instant.ofEpochSecond(row.timestamp());
            switch (ChangelogActionText.classify(row.action())) {
                case SOURCE_FILE -> file(events, row, ts, PypiAction.SOURCE);
                case BINARY_FILE -> file(events, row, ts, PypiAction.CREATE);
                case CREATE_PROJECT -> events.add(new PypiEvent(row.name(), null, ts, PypiAction.CREATE,
                        describe(row), row.serial()));
                case REMOVE -> {
                    if (row.version() != null) {
                        versions.forget(row.name(), row.version());
                    }
                    events.add(new PypiEvent(row.name(), row.version(), ts, PypiAction.REMOVE, null, row.serial()));
                }
                case YANK -> events.add(new PypiEvent(row.name(), row.version(), ts, PypiAction.YANK, null,
                        row.serial()));
                case UNYANK -> events.add(new PypiEvent(row.name(), row.version(), ts, PypiAction.UNYANK, null,
                        row.serial()));
                case IGNORED -> {
                    // new release, remove file, owner changes, renames, docupdate...: nothing to build
                }
            }
        }
        return events;
    }

    private void file(List<PypiEvent> events, ChangelogRow row, Instant ts, PypiAction action) {
        if (row.version() == null) {
            return; // a file event always names its release; a malformed row is not worth a crash
        }
        versions.admit(row.name(), row.version(), ts, action).ifPresent(first -> {
            ProjectSummary summary = descriptions.summary(row.name(), row.serial(), clock.instant());
            events.add(new PypiEvent(row.name(), row.version(), first, action,
                    summary == null ? null : summary.text(), row.serial(),
                    summary == null ? null : summary.requiresPython(row.version())));
        });
    }

    private String describe(ChangelogRow row) {
        return descriptions.describe(row.name(), row.serial(), clock.instant());
    }
}
