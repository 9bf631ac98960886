package org.piwheels.slave;

import java.time.Duration;

/** Formats durations the way {@code --timeout} accepts them, e.g. {@code 3h}, {@code 1h30m}, {@code 25s}. */
final class Durations {
    private Durations() {
    }

    static String format(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (s >= 3600) {
            sb.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            sb.append(s % 3600 / 60).append('m');
        }
        if (s % 60 > 0) {
            sb.append(s % 60).append('s');
        }
        return sb.toString();
    }
}
