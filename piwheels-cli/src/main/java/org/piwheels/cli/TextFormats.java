package org.piwheels.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/**
 * The small display formats of components spec §2.7 ({@code piwheels/format.py}),
 * for terminal output. {@code format_timedelta} carries the beyond-0.23 fixes: a
 * duration of 24–48 h keeps its day ({@code 30:00:00}) and a negative one prints
 * with a leading {@code -} instead of wrapping round to just under 24 h.
 */
public final class TextFormats {
    private static final String[] SIZE_SUFFIXES = {"B", "KB", "MB", "GB", "TB", "PB"};

    private TextFormats() {
    }

    /**
     * {@code format_size}: {@code 0 B} for a non-positive size, otherwise the size in the
     * largest 1024-based unit (up to PB) that keeps it at least 1, with no decimals.
     * Python's {@code {:.0f}} rounds half to even, and so do we.
     */
    public static String size(long bytes) {
        if (bytes <= 0) {
            return "0 B";
        }
        int log2 = 63 - Long.numberOfLeadingZeros(bytes);
        int index = Math.min(SIZE_SUFFIXES.length - 1, log2 / 10);
        BigDecimal scaled = BigDecimal.valueOf(bytes)
                .divide(BigDecimal.valueOf(1024).pow(index))
                .setScale(0, RoundingMode.HALF_EVEN);
        return scaled.toPlainString() + " " + SIZE_SUFFIXES[index];
    }

    /**
     * {@code format_timedelta} with the beyond-0.23 fixes: whole seconds; 730 days or
     * more as {@code N years} (days ÷ 365, thousands separated); 2 days or more as
     * {@code N days}; otherwise {@code HH:MM:SS} with hours up to 47. Negative
     * durations format their magnitude after a {@code -}.
     */
    public static String timedelta(Duration d) {
        if (d.isNegative()) {
            return "-" + timedelta(d.negated());
        }
        long seconds = d.getSeconds(); // sub-second part dropped, as 0.23's whole seconds
        long days = seconds / 86_400;
        if (days >= 730) {
            return String.format(Locale.ROOT, "%,d years", days / 365);
        }
        if (days >= 2) {
            return days + " days";
        }
        return String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    /** @return {@code n} with a comma every three digits, as Python's {@code {:,}} */
    public static String thousands(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
