package org.piwheels.master.pypi;

import org.piwheels.protocol.PackageNames;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
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

    private final FollowerActions actions;
    private final PypiEventFeed feed;
    private final ProjectDescriptions descriptions;
    private final Backoff backoff;
    private final boolean devMode;
    private final Clock clock;
    private final EventRate rate = new EventRate();
    private PypiEventHandler handler;
    private long serial;
    private long failedRequests;

    public ChangelogFollower(FollowerActions actions, PypiEventFeed feed, ProjectDescriptions descriptions,
                             Backoff backoff, boolean devMode, Clock clock) {
        this.actions = actions;
        this.feed = feed;
        this.descriptions = descriptions;
        this.backoff = backoff;
        this.devMode = devMode;
        this.clock = clock;
    }

    /**
     * The production wiring: real HTTP clients for both PyPI APIs, 0.23's cache sizes.
     *
     * @param clock  the master's clock
     * @param random jitter for the back-off, values in [0, 1)
     */
    public static ChangelogFollower create(FollowerActions actions, PypiConfig config, boolean devMode,
                                           Clock clock, DoubleSupplier random) {
        HttpClient http = PypiHttp.newClient(config);
        ProjectDescriptions descriptions = new ProjectDescriptions(
                new JsonProjectSummaryClient(http, config), ProjectDescriptions.DEFAULT_CACHE_SIZE);
        Backoff backoff = new Backoff(PypiEventFeed.BACKOFF_BASE, PypiEventFeed.BACKOFF_CAP, random);
        PypiEventFeed feed = new PypiEventFeed(new XmlRpcChangelogClient(http, config), descriptions, backoff,
                clock, VersionCache.DEFAULT_CAPACITY, 0);
        return new ChangelogFollower(actions, feed, descriptions, backoff, devMode, clock);
    }

    /** The task's one-time initialisation: {@code ALLPKGS}, then {@code GETPYPI}. */
    public void start() {
        LOG.info("retrieving current state");
        handler = new PypiEventHandler(actions, new HashSet<>(actions.allPackages()), devMode);
        serial = actions.pypiSerial();
        feed.restartFrom(serial);
        LOG.info("querying upstream");
    }

    /** One turn: at most one changelog request, its events applied, the serial persisted. */
    public FeedBatch step() {
        if (handler == null) {
            throw new IllegalStateException("start() first");
        }
        FeedBatch batch = feed.poll();
        if (batch.outcome() == FeedBatch.Outcome.FAILED) {
            failedRequests++;
        }
        try {
            for (PypiEvent event : batch.events()) {
                handler.handle(event);
                if (event.action() == PypiAction.REMOVE && event.version() == null) {
                    descriptions.forget(event.name());
                }
            }
            if (batch.serial() > serial) {
                actions.setPypiSerial(batch.serial());
                serial = batch.serial();
            }
        } catch (RuntimeException e) {
            feed.restartFrom(serial);
            throw e;
        }
        rate.record(clock.instant(), batch.events().size());
        applyLateDescriptions();
        return batch;
    }

    /** The persisted serial. */
    public long serial() {
        return serial;
    }

    public FollowerStatus status() {
        Instant now = clock.instant();
        Instant pending = feed.pendingSince();
        return new FollowerStatus(serial, pending == null ? null : Duration.between(pending, now),
                rate.lastMinute(now), failedRequests, backoff.failures(), descriptions.pendingRetries());
    }

    private void applyLateDescriptions() {
        Map<String, String> found = descriptions.retryDue(clock.instant());
        found.forEach((name, description) -> {
            String pkg = PackageNames.canonicalize(name);
            LOG.info("updated description of {}", pkg);
            actions.setDescription(pkg, description);
        });
    }
}
