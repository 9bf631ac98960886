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
 */
public record PypiEvent(String name, String version, Instant timestamp, PypiAction action,
                        String description, long serial) {

    public PypiEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(action, "action");
    }
}
