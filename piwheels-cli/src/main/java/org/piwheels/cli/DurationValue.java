package org.piwheels.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Duration options written as a time of day (components spec §2.6): {@code 3h},
 * {@code 1h30m}, {@code 2h 5m}, {@code 5 minutes}, {@code 10s}, {@code 12:00}. Each
 * unit must stay within a clock's range, so the longest is just under 24 hours.
 */
public final class DurationValue implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
    private static final Pattern UNITS = Pattern.compile(
            "(?:(\\d+)\\s*(?:h|hr|hrs|hour|hours))?\\s*(?:(\\d+)\\s*(?:m|min|mins|minute|minutes))?\\s*"
            + "(?:(\\d+)\\s*(?:s|sec|secs|second|seconds))?");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    /**
     * @throws CommandLine.TypeConversionException if the text is not such a duration
     */
    public static Duration parse(String value) {
        String v = value.strip().toLowerCase(java.util.Locale.ROOT);
        Matcher m = CLOCK.matcher(v);
        if (m.matches()) {
            return check(value, m.group(1), m.group(2), m.group(3));
        }
        m = UNITS.matcher(v);
        if (!v.isEmpty() && m.matches() && (m.group(1) != null || m.group(2) != null || m.group(3) != null)) {
            return check(value, m.group(1), m.group(2), m.group(3));
        }
        throw new CommandLine.TypeConversionException("invalid duration: " + value);
    }

    private static Duration check(String value, String h, String m, String s) {
        long hours = h == null ? 0 : Long.parseLong(h);
        long minutes = m == null ? 0 : Long.parseLong(m);
        long seconds = s == null ? 0 : Long.parseLong(s);
        if (hours > 23 || minutes > 59 || seconds > 59) {
            throw new CommandLine.TypeConversionException("invalid duration (out of a clock's range): " + value);
        }
        return Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds);
    }
}
