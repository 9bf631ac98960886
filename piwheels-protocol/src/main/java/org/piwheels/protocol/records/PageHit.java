package org.piwheels.protocol.records;

import java.time.Instant;

/**
 * One visit to a web page: the data of {@code LOGPROJECT}, {@code LOGJSON}
 * (where {@code name} is the package) and {@code LOGPAGE} (where it is the page
 * name, {@code home} for the root) (spec §5.9).
 *
 * @param name      package or page name
 * @param host      client IP address as text
 * @param timestamp time of the access
 * @param userAgent lower-cased product token of the user agent
 */
public record PageHit(String name, String host, Instant timestamp, String userAgent) {
}
