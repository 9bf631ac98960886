package org.piwheels.tools.logger;

/**
 * What an access-log line may contain. Apache and nginx write control characters and
 * bytes above 127 as {@code \xhh}, so a raw one (a binary file, a log in another
 * encoding) means the line is no log line; an escaped control character in a request
 * or user agent is no real client's, and PostgreSQL cannot store a NUL.
 */
final class LogText {
    private LogText() {
    }

    /** @return whether every character is printable ASCII or a tab */
    static boolean printable(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** @return whether the decoded request path and user agent hold no control character */
    static boolean storable(AccessLine access) {
        return noControl(access.path()) && noControl(access.userAgent()) && noControl(access.method());
    }

    private static boolean noControl(String s) {
        if (s == null) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** @return the text with every character outside printable ASCII written {@code \xhh} (or {@code \\uhhhh}) */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
            } else if (c <= 0xff) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }
}
