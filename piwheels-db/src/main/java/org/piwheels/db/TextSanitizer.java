package org.piwheels.db;

/**
 * Replaces the control characters of access-log text (spec §4.2) with U+FFFD.
 * PostgreSQL rejects U+0000 in text, and the others have no business in logs;
 * tab, LF, FF and CR are kept.
 */
final class TextSanitizer {

    private TextSanitizer() {
    }

    static String clean(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isReplaced(c)) {
                if (out == null) {
                    out = new StringBuilder(text);
                }
                out.setCharAt(i, '\uFFFD');
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean isReplaced(char c) {
        return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F;
    }
}
