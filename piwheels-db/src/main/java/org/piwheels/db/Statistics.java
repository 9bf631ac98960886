package org.piwheels.db;

import java.time.Duration;
import java.util.Map;

/**
 * The periodic statistics of {@code GETSTATS} (spec §5.1, §5.2).
 *
 * @param buildsTime         sum of build durations (each under a week)
 * @param buildsSize         bytes of all files except armv6l twins
 * @param packagesBuilt      distinct {@code files.package_tag} values
 * @param filesCount         number of files
 * @param newLastHour        versions released in the last hour
 * @param downloadsLastMonth downloads in the last 30 days
 * @param downloadsLastHour  downloads in the last hour
 * @param buildsLastHour     builds in the last hour per active ABI (zeros included)
 */
public record Statistics(
        Duration buildsTime,
        long buildsSize,
        int packagesBuilt,
        int filesCount,
        int newLastHour,
        int downloadsLastMonth,
        int downloadsLastHour,
        Map<String, Integer> buildsLastHour) {
}
