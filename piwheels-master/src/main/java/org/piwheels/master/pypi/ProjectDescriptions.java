package org.piwheels.master.pypi;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Descriptions for events: an LRU cache of PyPI's answers in front of the JSON
 * API, refusing answers older than the event (beyond 0.23), and a queue of
 * lookups to try again later.
 */
public final class ProjectDescriptions {

    /** 0.23's cache size. */
    public static final int DEFAULT_CACHE_SIZE = 100;
    /** Retries attempted per call of {@link #retryDue}, so one loop turn stays short. */
    static final int RETRIES_PER_TURN = 10;
    /**
     * After PyPI's JSON API failed transiently, lookups are not even tried for this
     * long (their retries are queued instead), so a catch-up through thousands of
     * events does not wait out a timeout for each while the JSON API is down.
     */
    public static final Duration QUIET_AFTER_TROUBLE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger("master.cloud_gazer");

    private final ProjectSummarySource source;
    private final DescriptionRetries retries = new DescriptionRetries();
    private final LinkedHashMap<String, ProjectSummary> cache;
    private Instant quietUntil = Instant.MIN;

    public ProjectDescriptions(ProjectSummarySource source, int cacheSize) {
        this.source = source;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ProjectSummary> eldest) {
                return size() > cacheSize;
            }
        };
    }

    /**
     * @param eventSerial the serial of the event needing the description
     * @return the description, or {@code null} if unknown for now (a retry is then queued
     *         unless PyPI says the project is gone)
     */
    public String describe(String name, long eventSerial, Instant now) {
        ProjectSummary summary = summary(name, eventSerial, now);
        return summary == null ? null : summary.text();
    }

    /**
     * As {@link #describe}, but the whole answer (with each release's Requires-Python).
     *
     * @return null if unknown for now
     */
    public ProjectSummary summary(String name, long eventSerial, Instant now) {
        ProjectSummary cached = cache.get(name);
        if (cached != null && cached.isFreshFor(eventSerial)) {
            return cached;
        }
        if (now.isBefore(quietUntil)) {
            retries.schedule(name, eventSerial, now);
            return null;
        }
        return lookUp(name, eventSerial, now).orElse(null);
    }

    /**
     * Looks up again the descriptions whose retry is due.
     *
     * @return project name → description, for those now known
     */
    public Map<String, String> retryDue(Instant now) {
        Map<String, String> texts = new LinkedHashMap<>();
        retryDueSummaries(now).forEach((name, summary) -> texts.put(name, summary.text()));
        return texts;
    }

    /** As {@link #retryDue}, with the whole answers (for Requires-Python). */
    public Map<String, ProjectSummary> retryDueSummaries(Instant now) {
        Map<String, ProjectSummary> found = new LinkedHashMap<>();
        List<String> due = retries.due(now, RETRIES_PER_TURN);
        for (String name : due) {
            long minSerial = retries.minSerial(name);
            try {
                Optional<ProjectSummary> summary = source.summaryOf(name);
                if (summary.isEmpty()) {
                    retries.cancel(name);
                } else if (summary.get().isFreshFor(minSerial)) {
                    cache.put(name, summary.get());
                    retries.succeeded(name);
                    found.put(name, summary.get());
                } else {
                    giveUpOrWait(name, now);
                }
            } catch (PypiException e) {
                giveUpOrWait(name, now);
            }
        }
        return found;
    }

    /** Forgets any pending retry for a project that was removed. */
    public void forget(String name) {
        retries.cancel(name);
        cache.remove(name);
    }

    public int pendingRetries() {
        return retries.size();
    }

    private Optional<ProjectSummary> lookUp(String name, long eventSerial, Instant now) {
        try {
            Optional<ProjectSummary> summary = source.summaryOf(name);
            if (summary.isEmpty()) {
                return summary;
            }
            if (!summary.get().isFreshFor(eventSerial)) {
                LOG.info("stale JSON for {} (serial {} < {}); will look again later",
                        name, summary.get().lastSerial(), eventSerial);
                retries.schedule(name, eventSerial, now);
                return Optional.empty();
            }
            cache.put(name, summary.get());
            retries.succeeded(name); // an earlier event's retry is answered too
            return summary;
        } catch (PypiException e) {
            if (e.isTransient()) {
                LOG.warn("description of {} unavailable: {}", name, e.getMessage());
                quietUntil = now.plus(QUIET_AFTER_TROUBLE);
            } else {
                LOG.error("{}", e.getMessage());
            }
            retries.schedule(name, eventSerial, now);
            return Optional.empty();
        }
    }

    private void giveUpOrWait(String name, Instant now) {
        if (!retries.failed(name, now)) {
            LOG.warn("giving up looking up the description of {}", name);
        }
    }
}
