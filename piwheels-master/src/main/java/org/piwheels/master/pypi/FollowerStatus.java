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
 */
public record FollowerStatus(long serial, Duration lag, int eventsLastMinute, long failedRequests,
                             int consecutiveFailures, int pendingDescriptions) {
}
