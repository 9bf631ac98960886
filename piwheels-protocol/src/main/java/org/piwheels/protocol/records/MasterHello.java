package org.piwheels.protocol.records;

import java.time.Instant;

/**
 * What the master publishes about itself to monitors (spec §5.6).
 *
 * @param startTime     when the master started
 * @param label         the master's host name
 * @param osName        operating system name
 * @param osVersion     operating system version
 * @param boardRevision Raspberry Pi revision code, or {@code unknown}
 * @param boardSerial   Raspberry Pi serial number, or {@code unknown}
 */
public record MasterHello(
        Instant startTime,
        String label,
        String osName,
        String osVersion,
        String boardRevision,
        String boardSerial) {
}
