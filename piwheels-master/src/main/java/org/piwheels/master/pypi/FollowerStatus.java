package org.piwheels.master.pypi;

import java.time.Duration;

/**
 * What the follower reports about itself (for the monitor and the stats).
 *
 * @param serial              the persisted PyPI serial
 * @param lag                 how far behind PyPI applied events are: now minus the timestamp of the
 *                            oldest event not yet released (at least the 5-minute settle window),
 *                            or null before it is known
 * @param eventsLastMinute    events applied in the last 60 s
 * @param failedRequests      changelog requests that failed since start
 * @param consecutiveFailures failures since the last good answer (0 when healthy)
 * @param pendingDescriptions descriptions waiting to be looked up again
 * @param reconciling         projects still to compare with PyPI's listing in reconcile mode,
 *                            0 when following the changelog
 * @param pypiSerial          PyPI's newest serial as last seen (the newest changelog row, or the
 *                            listing's serial), 0 before any answer
 */
public record FollowerStatus(long serial, Duration lag, int eventsLastMinute, long failedRequests,
                             int consecutiveFailures, int pendingDescriptions, int reconciling, long pypiSerial) {

    /** One line for the logs and the statistics. */
    public String summary() {
        return String.format("at serial %d (PyPI %d), %s behind PyPI, %d events in the last minute, "
                        + "%d failed requests (%d in a row)%s",
                serial, pypiSerial, lag == null ? "unknown" : lag.toSeconds() + " s", eventsLastMinute,
                failedRequests, consecutiveFailures, reconciling > 0 ? ", reconciling " + reconciling + " projects" : "");
    }
}
