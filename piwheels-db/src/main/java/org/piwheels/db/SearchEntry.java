package org.piwheels.db;

/**
 * Download counts of one package for the search index (spec §5.4).
 *
 * @param downloadsRecent downloads in the last 30 days
 * @param downloadsAll    downloads of all time
 */
public record SearchEntry(int downloadsRecent, int downloadsAll) {
}
