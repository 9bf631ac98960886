package org.piwheels.protocol.records;

import java.time.Instant;

/**
 * A build slave's health report, the data of {@code IDLE} and {@code BUSY} (spec §5.2).
 * Sizes are in bytes.
 *
 * @param timestamp   the slave's clock when the report was made
 * @param diskSize    size of the file system holding the build directory
 * @param diskFree    bytes available to unprivileged users there
 * @param memSize     {@code MemTotal}
 * @param memFree     {@code MemAvailable}
 * @param swapSize    {@code SwapTotal}
 * @param swapFree    {@code SwapFree}
 * @param loadAverage one-minute load average
 * @param cpuTemp     CPU temperature in °C, {@code 0.0} when unknown
 */
public record SlaveStats(
        Instant timestamp,
        long diskSize,
        long diskFree,
        long memSize,
        long memFree,
        long swapSize,
        long swapFree,
        double loadAverage,
        double cpuTemp) {
}
