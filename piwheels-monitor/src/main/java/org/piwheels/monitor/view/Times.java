package org.piwheels.monitor.view;

import java.time.Duration;
import java.time.Instant;
import org.piwheels.cli.TextFormats;

/** Elapsed-time text for the list and boxes. */
final class Times {
    private Times() {
    }

    /** @return the time from {@code then} to {@code now} as {@code format_timedelta}, or {@code -} if unknown */
    static String since(Instant then, Instant now) {
        return then == null ? "-" : TextFormats.timedelta(Duration.between(then, now));
    }

    /** @return a duration as {@code format_timedelta}, or {@code -} if unknown */
    static String of(Duration d) {
        return d == null ? "-" : TextFormats.timedelta(d);
    }
}
