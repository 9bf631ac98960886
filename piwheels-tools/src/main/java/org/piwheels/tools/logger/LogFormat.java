package org.piwheels.tools.logger;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Apache {@code LogFormat} string compiled to a pattern that finds the fields
 * piw-logger needs: client host ({@code %h}), time ({@code %t}), request line
 * ({@code %r}), final status ({@code %>s}, or {@code %s}) and user agent
 * ({@code %{User-Agent}i}) (components spec §15.1). A directive inside double quotes
 * matches Apache's escaped text ({@code \"}, {@code \\}, {@code \xhh}); one outside
 * matches up to the next space.
 *
 * <p>The usual formats (every unquoted directive followed by a space or the end) are
 * matched by {@link FieldScanner}, a single pass over the line that gives exactly the
 * regular expression's answer at a fraction of its cost; any other format uses the
 * regular expression.
 */
final class LogFormat {
    /** The short-cuts of spec §15.1, and (beyond 0.23) nginx's default, which has combined's layout. */
    static final Map<String, String> SHORTCUTS = Map.of(
            "combined", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"",
            "common", "%h %l %u %t \"%r\" %>s %b",
            "common_vhost", "%v %h %l %u %t \"%r\" %>s %b",
            "nginx", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"");

    // unrolled and possessive, so a long field costs no stack per character
    private static final String QUOTED = "([^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+)";
    private static final String BARE = "(\\S*)";
    private static final String TIME = "\\[([^\\]]*)\\]";

    private final Pattern pattern;
    private final FieldScanner scanner;
    private final int host;
    private final int time;
    private final int request;
    private final int status;
    private final int userAgent;

    private LogFormat(Pattern pattern, FieldScanner scanner, int host, int time, int request, int status, int userAgent) {
        this.pattern = pattern;
        this.scanner = scanner;
        this.host = host;
        this.time = time;
        this.request = request;
        this.status = status;
        this.userAgent = userAgent;
    }

    /**
     * @param format a short-cut name or a LogFormat string
     * @throws IllegalArgumentException if it lacks a field piw-logger needs (0.23 fails on the first line instead)
     */
    static LogFormat compile(String format) {
        String f = SHORTCUTS.getOrDefault(format, format);
        StringBuilder re = new StringBuilder("^");
        FieldScanner.Builder scan = new FieldScanner.Builder();
        int group = 0;
        int host = 0;
        int time = 0;
        int request = 0;
        int finalStatus = 0;
        int firstStatus = 0;
        int userAgent = 0;
        int i = 0;
        while (i < f.length()) {
            char c = f.charAt(i);
            if (c != '%') {
                re.append(Pattern.quote(String.valueOf(c)));
                scan.literal(c);
                i++;
                continue;
            }
            int start = i++;
            boolean last = false;
            String arg = null;
            // modifiers: status conditions ("!400,501"), "<" and ">"
            while (i < f.length() && "<>!,0123456789".indexOf(f.charAt(i)) >= 0) {
                last |= f.charAt(i) == '>';
                i++;
            }
            if (i < f.length() && f.charAt(i) == '{') {
                int close = f.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated %{ in log format: " + f);
                }
                arg = f.substring(i + 1, close);
                i = close + 1;
            }
            if (i >= f.length()) {
                throw new IllegalArgumentException("log format ends inside a directive: " + f);
            }
            char d = f.charAt(i++);
            if (d == '%') {
                re.append('%');
                scan.literal('%');
                continue;
            }
            boolean quoted = start > 0 && f.charAt(start - 1) == '"';
            group++;
            if (d == 't' && arg == null) {
                re.append(TIME);
                scan.field(FieldScanner.Kind.TIME);
                time = group;
            } else {
                re.append(quoted ? QUOTED : BARE);
                scan.field(quoted ? FieldScanner.Kind.QUOTED : FieldScanner.Kind.BARE);
            }
            if (d == 'h') {
                host = group;
            } else if (d == 'r') {
                request = group;
            } else if (d == 's') {
                if (last) {
                    finalStatus = group;
                } else if (firstStatus == 0) {
                    firstStatus = group;
                }
            } else if (d == 'i' && arg != null && arg.toLowerCase(Locale.ROOT).equals("user-agent")) {
                userAgent = group;
            }
        }
        re.append('$');
        int status = finalStatus != 0 ? finalStatus : firstStatus;
        if (host == 0 || time == 0 || request == 0 || status == 0 || userAgent == 0) {
            throw new IllegalArgumentException("log format must contain %h, %t, %r, %>s (or %s) and %{User-Agent}i: " + f);
        }
        return new LogFormat(Pattern.compile(re.toString()), scan.build(), host, time, request, status, userAgent);
    }

    /** @return the fields of a line, or null if the line does not match the format */
    RawFields match(String line) {
        if (scanner != null) {
            String[] g = scanner.scan(line);
            return g == null ? null : new RawFields(g[host], g[time], g[request], g[status], g[userAgent]);
        }
        Matcher m = pattern.matcher(line);
        try {
            if (!m.matches()) {
                return null;
            }
        } catch (StackOverflowError e) {
            return null; // thousands of escapes in one field: garbage, not worth a crash
        }
        return new RawFields(m.group(host), m.group(time), m.group(request), m.group(status), m.group(userAgent));
    }

    /**
     * The text of the fields as logged (still escaped).
     *
     * @param host      client host
     * @param time      time, without brackets
     * @param request   request line
     * @param status    final status
     * @param userAgent user agent
     */
    record RawFields(String host, String time, String request, String status, String userAgent) {
    }
}
