package org.piwheels.master.pypi;

import org.piwheels.protocol.PackageNames;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PyPI follower's logic without the task plumbing: reads the state once,
 * then on each {@link #step()} asks the {@link PypiEventFeed} for a batch,
 * applies it through the {@link PypiEventHandler} and persists the serial.
 *
 * <p>The serial is persisted only after a whole batch has been applied; if
 * applying fails the feed is rewound to the persisted serial, so the batch is
 * read and applied again (every operation is idempotent) and nothing is lost,
 * whether the task survives the error or the master restarts.
 */
public final class ChangelogFollower {

    private static final Logger LOG = LoggerFactory.getLogger("master.cloud_gazer");
    /**
     * Beyond 0.23: a gap of more serials than this (or an empty database) is closed
     * by reconcile mode rather than by replaying the changelog. PyPI makes very
     * roughly 100 000 serials a day, so this is a few weeks' outage.
     */
    public static final long RECONCILE_GAP = 2_000_000;
    /** Projects compared per turn in reconcile mode, so PAUSE and QUIT still act within seconds. */
    static final int RECONCILE_PER_TURN = 20;
    /**
     * Events applied together ({@link FollowerActions#beginBatch}): one read and one
     * write transaction each, and the serial stored after the whole answer.
     */
    static final int EVENTS_PER_TRANSACTION = 5_000;

    private enum Mode { DECIDING, LISTING, RECONCILING, FOLLOWING }

    private final FollowerActions actions;
    private final PypiEventFeed feed;
    private final ProjectDescriptions descriptions;
    private final Backoff backoff;
    private final boolean devMode;
    private final Clock clock;
    private final PypiIndex index;
    private final ProjectSummarySource json;
    private final EventRate rate = new EventRate();
    private PypiEventHandler handler;
    private long serial;
    private long failedRequests;
    private Mode mode = Mode.FOLLOWING;
    private Reconciler reconciler;
    private Instant nextIndexRequest = Instant.MIN;
    private long indexSerial;
    /**
     * Versions whose event came without the project's JSON (lookup failed or stale):
     * their Requires-Python is stored when the description retry succeeds.
     */
    private final Map<String, Set<String>> awaitingRequiresPython = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > AWAITING_LIMIT;
        }
    };
    private static final int AWAITING_LIMIT = 10_000;

    /** A follower that only ever follows the changelog (0.23's behaviour). */
    public ChangelogFollower(FollowerActions actions, PypiEventFeed feed, ProjectDescriptions descriptions,
                             Backoff backoff, boolean devMode, Clock clock) {
        this(actions, feed, descriptions, backoff, devMode, clock, null, null);
    }

    /**
     * @param index PyPI's last serial and listing, for reconcile mode; null: never reconcile
     * @param json  project documents for reconcile mode
     */
    public ChangelogFollower(FollowerActions actions, PypiEventFeed feed, ProjectDescriptions descriptions,
                             Backoff backoff, boolean devMode, Clock clock, PypiIndex index,
                             ProjectSummarySource json) {
        this.actions = actions;
        this.feed = feed;
        this.descriptions = descriptions;
        this.backoff = backoff;
        this.devMode = devMode;
        this.clock = clock;
        this.index = index;
        this.json = json;
    }

    /**
     * The production wiring: real HTTP clients for both PyPI APIs, 0.23's cache sizes.
     *
     * @param clock     the master's clock
     * @param random    jitter for the back-off, values in [0, 1)
     * @param reconcile whether a large gap is closed by reconcile mode
     */
    public static ChangelogFollower create(FollowerActions actions, PypiConfig config, boolean devMode,
                                           Clock clock, DoubleSupplier random, boolean reconcile) {
        HttpClient http = PypiHttp.newClient(config);
        JsonProjectSummaryClient json = new JsonProjectSummaryClient(http, config);
        ProjectDescriptions descriptions = new ProjectDescriptions(json, ProjectDescriptions.DEFAULT_CACHE_SIZE);
        Backoff backoff = new Backoff(PypiEventFeed.BACKOFF_BASE, PypiEventFeed.BACKOFF_CAP, random);
        XmlRpcChangelogClient changelog = new XmlRpcChangelogClient(http, config);
        PypiEventFeed feed = new PypiEventFeed(changelog, descriptions, backoff,
                clock, VersionCache.DEFAULT_CAPACITY, 0);
        PypiIndex index = null;
        if (reconcile) {
            SimpleListingClient listing = new SimpleListingClient(http, config);
            index = new PypiIndex() {
                @Override
                public long lastSerial() throws PypiException {
                    return changelog.lastSerial();
                }

                @Override
                public SimpleListing listing() throws PypiException {
                    return listing.fetch();
                }
            };
        }
        return new ChangelogFollower(actions, feed, descriptions, backoff, devMode, clock, index, json);
    }

    /** As {@link #create(FollowerActions, PypiConfig, boolean, Clock, DoubleSupplier, boolean)}, without reconcile mode. */
    public static ChangelogFollower create(FollowerActions actions, PypiConfig config, boolean devMode,
                                           Clock clock, DoubleSupplier random) {
        return create(actions, config, devMode, clock, random, false);
    }

    /** The task's one-time initialisation: {@code ALLPKGS}, then {@code GETPYPI}. */
    public void start() {
        LOG.info("retrieving current state");
        handler = new PypiEventHandler(actions, new HashSet<>(actions.allPackages()), devMode);
        serial = actions.pypiSerial();
        feed.restartFrom(serial);
        mode = index == null ? Mode.FOLLOWING : Mode.DECIDING;
        LOG.info("querying upstream");
    }

    /** One turn: at most one changelog request, its events applied, the serial persisted. */
    public FeedBatch step() {
        if (handler == null) {
            throw new IllegalStateException("start() first");
        }
        if (mode != Mode.FOLLOWING) {
            return reconcileTurn();
        }
        FeedBatch batch = feed.poll();
        if (batch.outcome() == FeedBatch.Outcome.FAILED) {
            failedRequests++;
        }
        try {
            List<PypiEvent> events = batch.events();
            for (int from = 0; from < events.size(); from += EVENTS_PER_TRANSACTION) {
                List<PypiEvent> part = events.subList(from, Math.min(events.size(), from + EVENTS_PER_TRANSACTION));
                actions.beginBatch(part);
                for (PypiEvent event : part) {
                    apply(event);
                }
                actions.endBatch();
            }
            if (batch.serial() > serial) {
                actions.setPypiSerial(batch.serial());
                serial = batch.serial();
            }
        } catch (RuntimeException e) {
            actions.abandonBatch();
            feed.restartFrom(serial);
            throw e;
        }
        rate.record(clock.instant(), batch.events().size());
        applyLateDescriptions();
        return batch;
    }

    private void apply(PypiEvent event) {
        handler.handle(event);
        if (event.action() == PypiAction.REMOVE && event.version() == null) {
            descriptions.forget(event.name());
            awaitingRequiresPython.remove(event.name());
        } else if (event.version() != null && event.description() == null
                && (event.action() == PypiAction.CREATE || event.action() == PypiAction.SOURCE)) {
            awaitingRequiresPython.computeIfAbsent(event.name(), k -> new HashSet<>()).add(event.version());
        }
    }

    /** Reconcile mode's turn: decide, fetch the listing, or compare a few projects. */
    private FeedBatch reconcileTurn() {
        Instant now = clock.instant();
        if (now.isBefore(nextIndexRequest)) {
            return new FeedBatch(FeedBatch.Outcome.WAITING, List.of(), serial);
        }
        int applied = 0;
        try {
            switch (mode) {
                case DECIDING -> decide();
                case LISTING -> {
                    SimpleListing listing = index.listing();
                    indexSerial = Math.max(indexSerial, listing.lastSerial());
                    java.util.Set<String> packages = actions.allPackages();
                    reconciler = new Reconciler(json, listing, serial, packages,
                            packages.isEmpty() ? java.util.Set.of() : actions.allVersions());
                    LOG.warn("reconciling {} projects with PyPI's listing (serial {})",
                            reconciler.remaining(), listing.lastSerial());
                    mode = Mode.RECONCILING;
                }
                case RECONCILING -> applied = reconcileSome(now);
                case FOLLOWING -> throw new IllegalStateException("not reconciling");
            }
            backoff.reset();
        } catch (PypiException e) {
            failedRequests++;
            Duration wait = backoff.next();
            if (e.retryAfter().isPresent() && e.retryAfter().get().compareTo(wait) > 0) {
                wait = e.retryAfter().get();
            }
            nextIndexRequest = now.plus(wait);
            if (e.isTransient()) {
                LOG.warn("PyPI unavailable while reconciling ({}); retrying in {} s", e.getMessage(), wait.toSeconds());
            } else {
                LOG.error("PyPI refused a reconcile request ({}); retrying in {} s", e.getMessage(), wait.toSeconds());
            }
            return new FeedBatch(FeedBatch.Outcome.FAILED, List.of(), serial);
        }
        rate.record(now, applied);
        return new FeedBatch(FeedBatch.Outcome.RECONCILED, List.of(), serial);
    }

    private void decide() throws PypiException {
        long last;
        try {
            last = index.lastSerial();
        } catch (PypiException e) {
            if (e.isTransient()) {
                throw e;
            }
            // e.g. a mirror without changelog_last_serial: follow the changelog as 0.23 did
            LOG.warn("cannot tell how far behind PyPI we are ({}); following the changelog", e.getMessage());
            mode = Mode.FOLLOWING;
            return;
        }
        indexSerial = Math.max(indexSerial, last);
        if (serial == 0) {
            // not "N serials behind": a new database has no position at all (and PyPI may be at 0 too)
            LOG.warn("no PyPI serial stored yet (a new database; PyPI at {}): reconciling with the project listing "
                    + "instead of replaying the changelog", last);
            mode = Mode.LISTING;
        } else if (last - serial > RECONCILE_GAP) {
            LOG.warn("{} serials behind PyPI (at {}, PyPI at {}): reconciling with the project listing instead of "
                    + "replaying the changelog", last - serial, serial, last);
            mode = Mode.LISTING;
        } else {
            mode = Mode.FOLLOWING;
        }
    }

    private int reconcileSome(Instant now) throws PypiException {
        int applied = 0;
        for (int i = 0; i < RECONCILE_PER_TURN; i++) {
            java.util.Optional<List<PypiEvent>> events;
            try {
                events = reconciler.next(now);
            } catch (PypiException e) {
                if (e.isTransient()) {
                    throw e;
                }
                LOG.error("skipping a project while reconciling: {}", e.getMessage());
                continue;
            }
            if (events.isEmpty()) {
                finishReconcile();
                return applied;
            }
            for (PypiEvent event : events.get()) {
                apply(event);
                applied++;
            }
        }
        return applied;
    }

    private void finishReconcile() {
        long target = reconciler.listingSerial();
        LOG.warn("reconciled {} projects; following the changelog from serial {}", reconciler.done(), target);
        if (target > serial) {
            actions.setPypiSerial(target);
            serial = target;
        }
        feed.restartFrom(serial);
        reconciler = null;
        mode = Mode.FOLLOWING;
    }

    /** The persisted serial. */
    public long serial() {
        return serial;
    }

    public FollowerStatus status() {
        Instant now = clock.instant();
        Instant pending = feed.pendingSince();
        return new FollowerStatus(serial, pending == null ? null : Duration.between(pending, now),
                rate.lastMinute(now), failedRequests, backoff.failures(), descriptions.pendingRetries(),
                reconciler == null ? 0 : reconciler.remaining(), Math.max(indexSerial, feed.newestSerial()));
    }

    private void applyLateDescriptions() {
        Map<String, ProjectSummary> found = descriptions.retryDueSummaries(clock.instant());
        found.forEach((name, summary) -> {
            String pkg = PackageNames.canonicalize(name);
            LOG.info("updated description of {}", pkg);
            actions.setDescription(pkg, summary.text());
            Set<String> versions = awaitingRequiresPython.remove(name);
            if (versions != null) {
                for (String version : versions) {
                    String spec = summary.requiresPython(version);
                    if (spec != null && !spec.isBlank() && spec.length() <= PypiEventHandler.MAX_NAME_LENGTH) {
                        actions.setRequiresPython(pkg, version, spec.trim());
                    }
                }
            }
        });
    }
}
