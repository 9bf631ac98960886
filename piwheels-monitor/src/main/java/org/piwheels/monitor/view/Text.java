package org.piwheels.monitor.view;

/** Fitting text into columns. */
final class Text {
    private Text() {
    }

    /** @return {@code s} cut to {@code width} columns (with {@code …} when cut) */
    static String fit(String s, int width) {
        if (width <= 0) {
            return "";
        }
        if (s.length() <= width) {
            return s;
        }
        return width == 1 ? s.substring(0, 1) : s.substring(0, width - 1) + "…";
    }

    /** @return {@code s} cut or space-padded to exactly {@code width} columns */
    static String pad(String s, int width) {
        String f = fit(s, width);
        return f + " ".repeat(Math.max(0, width - f.length()));
    }
}
