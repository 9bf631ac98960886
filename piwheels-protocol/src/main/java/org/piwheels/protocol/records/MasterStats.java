package org.piwheels.protocol.records;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The master's statistics, published to monitors as {@code STATS} and used for
 * the home page (spec §5.7). Sizes are in bytes.
 *
 * @param timestamp          when computed
 * @param packagesBuilt      distinct packages with at least one file
 * @param buildsLastHour     ABI to builds in the last hour
 * @param buildsTime         total duration of all builds
 * @param buildsSize         total size of all files except the armv6l twins
 * @param buildsPending      ABI to length of the build queue
 * @param newLastHour        versions released in the last hour
 * @param filesCount         number of files
 * @param downloadsLastHour  downloads in the last hour
 * @param downloadsLastMonth downloads in the last 30 days
 * @param downloadsAll       all downloads
 * @param diskSize           size of the output file system
 * @param diskFree           bytes available there
 * @param memSize            memory size
 * @param memFree            memory available
 * @param swapSize           swap size
 * @param swapFree           swap free
 * @param loadAverage        one-minute load average
 * @param cpuTemp            CPU temperature in °C, {@code 0.0} when unknown
 */
public record MasterStats(
        Instant timestamp,
        long packagesBuilt,
        Map<String, Long> buildsLastHour,
        Duration buildsTime,
        long buildsSize,
        Map<String, Long> buildsPending,
        long newLastHour,
        long filesCount,
        long downloadsLastHour,
        long downloadsLastMonth,
        long downloadsAll,
        long diskSize,
        long diskFree,
        long memSize,
        long memFree,
        long swapSize,
        long swapFree,
        double loadAverage,
        double cpuTemp) {
}
