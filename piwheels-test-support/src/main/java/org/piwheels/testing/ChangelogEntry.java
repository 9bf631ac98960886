package org.piwheels.testing;

import java.util.Arrays;
import java.util.List;

/**
 * One row of PyPI's changelog as {@code changelog_since_serial} returns it.
 *
 * @param name      the project name as spelled on PyPI
 * @param version   the version, or {@code null} (e.g. for {@code create})
 * @param timestamp Unix seconds
 * @param action    PyPI's action text, e.g. {@code add source file foo-1.0.tar.gz}
 * @param serial    the event's serial, increasing
 */
public record ChangelogEntry(String name, String version, long timestamp, String action, long serial) {
    /** The row as the XML-RPC array {@code [name, version, timestamp, action, serial]}. */
    public List<Object> row() {
        return Arrays.asList(name, version, timestamp, action, serial);
    }
}
