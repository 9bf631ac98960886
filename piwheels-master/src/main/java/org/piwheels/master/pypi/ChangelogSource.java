package org.piwheels.master.pypi;

import java.util.List;

/** PyPI's {@code changelog_since_serial}: every row with a serial greater than the one given. */
@FunctionalInterface
public interface ChangelogSource {

    /**
     * @return rows in serial order; PyPI caps how many one answer holds
     * @throws PypiException when no usable answer came back
     */
    List<ChangelogRow> changelogSince(long serial) throws PypiException;
}
