package org.piwheels.protocol.cbor;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The RFC 3339 text of tag 0 as piwheels 0.23 writes and reads it:
 * {@code YYYY-MM-DDTHH:MM:SS[.ffffff](Z|±HH:MM)}. Hand-written because this sits on
 * the hot path of every slave message.
 */
final class DateTimes {
    /** Longest text {@link #format} produces. */
    static final int MAX_LENGTH = 32;

    private DateTimes() {
    }

    /**
     * Formats a local date-time (the instant shifted by the offset) into {@code out}.
     *
     * @return the index after the last byte written
     */
    static int format(long epochSecond, int micros, int offsetSeconds, byte[] out, int pos) {
        long local = epochSecond + offsetSeconds;
        long days = Math.floorDiv(local, 86400);
        int secOfDay = (int) Math.floorMod(local, 86400);
        LocalDate date = LocalDate.ofEpochDay(days);
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            throw new CborException("datetime year out of range: " + year);
        }
        pos = digits(year, 4, out, pos);
        out[pos++] = '-';
        pos = digits(date.getMonthValue(), 2, out, pos);
        out[pos++] = '-';
        pos = digits(date.getDayOfMonth(), 2, out, pos);
        out[pos++] = 'T';
        pos = digits(secOfDay / 3600, 2, out, pos);
        out[pos++] = ':';
        pos = digits(secOfDay / 60 % 60, 2, out, pos);
        out[pos++] = ':';
        pos = digits(secOfDay % 60, 2, out, pos);
        if (micros != 0) {
            out[pos++] = '.';
            pos = digits(micros, 6, out, pos);
        }
        if (offsetSeconds == 0) {
            out[pos++] = 'Z';
        } else {
            if (offsetSeconds % 60 != 0) {
                throw new CborException("datetime offset with seconds cannot be encoded");
            }
            int abs = Math.abs(offsetSeconds) / 60;
            out[pos++] = (byte) (offsetSeconds < 0 ? '-' : '+');
            pos = digits(abs / 60, 2, out, pos);
            out[pos++] = ':';
            pos = digits(abs % 60, 2, out, pos);
        }
        return pos;
    }

    private static int digits(int value, int width, byte[] out, int pos) {
        for (int i = pos + width - 1; i >= pos; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        return pos + width;
    }

    /**
     * Parses tag 0 text. Accepts any number of fraction digits (truncated to
     * microseconds); requires an upper-case {@code T}, and {@code Z} or an offset with
     * a colon.
     *
     * @throws CborException if the text does not have that form or names no real time
     */
    static OffsetDateTime parse(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            throw bad(s);
        }
        int year = num(s, 0, 4);
        int month = num(s, 5, 2);
        int day = num(s, 8, 2);
        int hour = num(s, 11, 2);
        int minute = num(s, 14, 2);
        int second = num(s, 17, 2);
        int pos = 19;
        int micros = 0;
        if (s.charAt(pos) == '.') {
            pos++;
            int start = pos;
            while (pos < n && isDigit(s.charAt(pos))) {
                if (pos - start < 6) {
                    micros = micros * 10 + (s.charAt(pos) - '0');
                }
                pos++;
            }
            if (pos == start) {
                throw bad(s);
            }
            for (int k = pos - start; k < 6; k++) {
                micros *= 10;
            }
        }
        if (pos >= n) {
            throw bad(s);
        }
        int offsetSeconds;
        char c = s.charAt(pos);
        if (c == 'Z' && pos == n - 1) {
            offsetSeconds = 0;
        } else if ((c == '+' || c == '-') && pos == n - 6 && s.charAt(pos + 3) == ':') {
            int h = num(s, pos + 1, 2);
            int m = num(s, pos + 4, 2);
            offsetSeconds = (h * 3600 + m * 60) * (c == '-' ? -1 : 1);
        } else {
            throw bad(s);
        }
        try {
            return OffsetDateTime.of(year, month, day, hour, minute, second, micros * 1000,
                    offsetSeconds == 0 ? ZoneOffset.UTC : ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (DateTimeException e) {
            throw bad(s);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int num(String s, int pos, int width) {
        int v = 0;
        for (int i = pos; i < pos + width; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                throw bad(s);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static CborException bad(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return new CborException("invalid datetime string: '" + shown + "'");
    }
}
