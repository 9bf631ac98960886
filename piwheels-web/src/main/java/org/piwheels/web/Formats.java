package org.piwheels.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The number and time formats the pages use (web spec §6.6). All times are UTC. */
public final class Formats {
    private static final String[] SIZE_SUFFIXES = {"B", "KB", "MB", "GB", "TB", "PB"};
    private static final DateTimeFormatter DATE = pattern("yyyy-MM-dd");
    private static final DateTimeFormatter DATE_TIME = pattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter MINUTES = pattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter POST_DATE = pattern("dd MMM yyyy");
    private static final DateTimeFormatter ISO_MICROS = pattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'");
    private static final DateTimeFormatter UPLOAD_TIME = pattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    private Formats() {
    }

    private static DateTimeFormatter pattern(String p) {
        return DateTimeFormatter.ofPattern(p, Locale.ENGLISH).withZone(ZoneOffset.UTC);
    }

    /** @param n a count @return it with {@code ,} every three digits */
    public static String thousands(long n) {
        // by hand rather than String.format("%,d"): same digits, a tenth of the cost
        String digits = Long.toString(n);
        int start = n < 0 ? 1 : 0;
        int len = digits.length() - start;
        if (len <= 3) {
            return digits;
        }
        StringBuilder sb = new StringBuilder(digits.length() + len / 3).append(digits, 0, start);
        int first = len % 3 == 0 ? 3 : len % 3;
        sb.append(digits, start, start + first);
        for (int i = start + first; i < digits.length(); i += 3) {
            sb.append(',').append(digits, i, i + 3);
        }
        return sb.toString();
    }

    /**
     * @param size bytes
     * @return e.g. {@code 512 B}, {@code 121 KB}, {@code 5 MB} (rounded half to even, as 0.23)
     */
    public static String fileSize(long size) {
        if (size <= 0) {
            return "0 B";
        }
        int log2 = 63 - Long.numberOfLeadingZeros(size);
        int index = Math.min(5, log2 / 10);
        // size / 1024^index rounded half to even, in integers (BigDecimal cost more than the rest of a file row)
        int shift = 10 * index;
        long quotient = size >>> shift;
        if (shift > 0) {
            long remainder = size & ((1L << shift) - 1);
            long half = 1L << (shift - 1);
            if (remainder > half || remainder == half && (quotient & 1) == 1) {
                quotient++;
            }
        }
        return quotient + " " + SIZE_SUFFIXES[index];
    }

    /** @param t an instant @return {@code YYYY-MM-DD} */
    public static String date(Instant t) {
        return DATE.format(t);
    }

    /** @param t an instant @return {@code YYYY-MM-DD HH:MM:SS} (the JSON {@code released} form) */
    public static String dateTime(Instant t) {
        return DATE_TIME.format(t);
    }

    /** @param t an instant @return {@code YYYY-MM-DD HH:MM} */
    public static String minutes(Instant t) {
        return MINUTES.format(t);
    }

    /** @param t an instant @return {@code DD Mon YYYY} */
    public static String postDate(Instant t) {
        return POST_DATE.format(t);
    }

    /** @param t an instant @return ISO 8601 with microseconds and {@code +00:00} (simple page comment) */
    public static String isoMicros(Instant t) {
        return ISO_MICROS.format(t);
    }

    /** @param t an instant @return the PEP 700 {@code upload-time} form {@code yyyy-mm-ddThh:mm:ss.ffffffZ} */
    public static String uploadTime(Instant t) {
        return UPLOAD_TIME.format(t);
    }
}
