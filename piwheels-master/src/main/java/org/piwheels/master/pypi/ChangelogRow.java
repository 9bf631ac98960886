package org.piwheels.master.pypi;

import java.util.Comparator;
import java.util.Objects;

/**
 * One row of PyPI's {@code changelog_since_serial} answer.
 *
 * @param name      the project name as PyPI spells it
 * @param version   the release, or {@code null} for project-level actions
 * @param timestamp Unix seconds
 * @param action    PyPI's free-text action, e.g. {@code add source file foo-1.0.tar.gz}
 * @param serial    PyPI's event serial (unique, increasing in insertion order)
 */
public record ChangelogRow(String name, String version, long timestamp, String action, long serial) {

    /** The release order of the reorder buffer: by timestamp, then serial. */
    public static final Comparator<ChangelogRow> BY_TIME_THEN_SERIAL =
            Comparator.comparingLong(ChangelogRow::timestamp).thenComparingLong(ChangelogRow::serial);

    public ChangelogRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
    }
}
