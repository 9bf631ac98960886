package org.piwheels.tools.add;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.piwheels.tools.importqueue.ToolFailure;

/** {@code --released}: {@code YYYY-MM-DD HH:MM:SS}, read as UTC (components spec §12.1). */
final class ReleaseTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private ReleaseTime() {
    }

    /** @throws ToolFailure if the text is not in that format (0.23 fails with status 1 here, not 2) */
    static Instant parse(String text) {
        try {
            return LocalDateTime.parse(text.strip(), FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ToolFailure("Invalid release time " + text + "; expected YYYY-MM-DD HH:MM:SS (UTC)");
        }
    }
}
