package org.piwheels.master.pypi;

import java.time.Instant;
import java.util.Objects;

/**
 * One change on PyPI the follower acts on.
 *
 * @param name        the project name as PyPI spells it (not yet canonical)
 * @param version     the release, or {@code null} for project-level events
 * @param timestamp   when PyPI recorded it
 * @param action      what happened
 * @param description the project's summary, or {@code null} if unknown (not looked up, or lookup failed)
 * @param serial      the changelog serial of the row it came from
 * @param requiresPython the version's Requires-Python from the JSON API (beyond 0.23), or {@code null}
 *                    if it declares none or is not known
 */
public record PypiEvent(String name, String version, Instant timestamp, PypiAction action,
                        String description, long serial, String requiresPython) {

    /** An event without a Requires-Python. */
    public PypiEvent(String name, String version, Instant timestamp, PypiAction action,
                     String description, long serial) {
        this(name, version, timestamp, action, description, serial, null);
    }

    public PypiEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(action, "action");
    }
}
