package org.piwheels.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * HTML escaping of text and attribute values. Only the five characters that
 * matter are escaped, so PEP 503 links come out in their plain form
 * ({@code #sha256=…}, {@code &gt;=3.8}); Mustache's default escaper would also
 * turn {@code =} into {@code &#61;}.
 */
public final class HtmlText {
    private HtmlText() {
    }

    /** @param text any text @return it, safe for element content and double- or single-quoted attributes */
    public static String escape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        append(text, sb);
        return sb.toString();
    }

    static void escape(String text, Writer out) {
        try {
            // most values (names, versions, hashes, dates) need no escaping: write them as they are
            out.write(needsEscaping(text) ? escape(text) : text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean needsEscaping(String text) {
        for (int i = 0; i < text.length(); i++) {
            switch (text.charAt(i)) {
                case '&', '<', '>', '"', '\'' -> {
                    return true;
                }
                default -> {
                }
            }
        }
        return false;
    }

    private static void append(String text, StringBuilder sb) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
    }
}
