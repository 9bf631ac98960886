package org.piwheels.tools.logger;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * One access, decoded: the client, the time in UTC, the method, the path without its
 * query string, the status and the user agent ({@code null} when logged as {@code -}).
 *
 * @param host      client address as logged
 * @param time      time of the request
 * @param method    request method
 * @param path      request path, no query string
 * @param status    final status
 * @param userAgent user agent, unescaped, or {@code null}
 */
record AccessLine(String host, Instant time, String method, String path, int status, String userAgent) {
    private static final DateTimeFormatter APACHE_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    /**
     * Parses times and unescapes user agents; a log has many lines a second and few
     * distinct agents, so the last time and the recent agents are remembered.
     */
    static final class Decoder {
        private static final int AGENTS = 512;
        private String lastTimeText;
        private Instant lastTime;
        private final java.util.Map<String, String> agents = new java.util.LinkedHashMap<>(AGENTS * 2, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(java.util.Map.Entry<String, String> eldest) {
                return size() > AGENTS;
            }
        };

        /** @return the access, or null if a field does not decode (the line is then malformed) */
        AccessLine decode(LogFormat.RawFields f) {
            int status;
            try {
                status = Integer.parseInt(f.status());
            } catch (NumberFormatException e) {
                return null;
            }
            Instant time = time(f.time());
            if (time == null) {
                return null;
            }
            String request = ApacheEscapes.unescape(f.request());
            int sp1 = request.indexOf(' ');
            if (sp1 <= 0) {
                return null;
            }
            int sp2 = request.indexOf(' ', sp1 + 1);
            String target = sp2 < 0 ? request.substring(sp1 + 1) : request.substring(sp1 + 1, sp2);
            int q = target.indexOf('?');
            String path = q < 0 ? target : target.substring(0, q);
            String ua = f.userAgent().equals("-") ? null : agents.computeIfAbsent(f.userAgent(), ApacheEscapes::unescape);
            return new AccessLine(f.host(), time, request.substring(0, sp1), path, status, ua);
        }

        private Instant time(String text) {
            if (text.equals(lastTimeText)) {
                return lastTime;
            }
            try {
                lastTime = ZonedDateTime.parse(text, APACHE_TIME).toInstant();
                lastTimeText = text;
                return lastTime;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
