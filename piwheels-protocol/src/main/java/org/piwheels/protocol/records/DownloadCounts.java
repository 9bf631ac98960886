package org.piwheels.protocol.records;

/**
 * A package's download counts for the search index.
 *
 * @param recent downloads in the last 30 days
 * @param all    all downloads
 */
public record DownloadCounts(long recent, long all) {
}
