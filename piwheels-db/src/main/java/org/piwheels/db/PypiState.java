package org.piwheels.db;

import java.util.List;
import java.util.Set;

/**
 * What the database holds of the packages and versions a batch of PyPI events
 * touches ({@link Database#getPypiState}), so the follower can decide the batch's
 * writes before sending them all at once.
 *
 * @param packages the asked-for packages that exist
 * @param versions the asked-for versions that exist, with their skip reasons
 */
public record PypiState(Set<String> packages, List<VersionSkip> versions) {
}
