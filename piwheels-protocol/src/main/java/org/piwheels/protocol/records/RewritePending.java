package org.piwheels.protocol.records;

import java.time.Instant;

/**
 * A page rewrite that was buffered when the master stopped (spec §5.10).
 *
 * @param packageName the package whose pages are to be rewritten
 * @param addedAt     when the request was first buffered
 * @param command     {@code PROJECT} or {@code BOTH}
 */
public record RewritePending(String packageName, Instant addedAt, String command) {
}
