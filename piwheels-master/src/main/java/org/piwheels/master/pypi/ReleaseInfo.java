package org.piwheels.master.pypi;

import java.time.Instant;

/**
 * What PyPI's JSON API says about one release of a project (beyond 0.23: the
 * follower uses it for Requires-Python and for reconciling).
 *
 * @param requiresPython the Requires-Python of its files (the source file's if it has one), or null
 * @param hasSource      whether it has a source distribution
 * @param firstUpload    the earliest upload time of its files, or null if it has no files
 * @param yanked         whether it is yanked
 */
public record ReleaseInfo(String requiresPython, boolean hasSource, Instant firstUpload, boolean yanked) {
}
