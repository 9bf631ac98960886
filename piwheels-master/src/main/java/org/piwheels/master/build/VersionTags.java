package org.piwheels.master.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a wheel's version tag names the version that was asked for. pip writes the
 * PEP 440 normal form into wheel names ({@code 1.0-beta} becomes {@code 1.0b0},
 * {@code 2.0.0-rc1} becomes {@code 2.0.0rc1}), so both are reduced to a comparable
 * token form first: separators dropped, spelled-out markers shortened, a missing
 * marker number made 0, leading zeros removed.
 */
final class VersionTags {
    private static final Pattern TOKEN = Pattern.compile("[0-9]+|[a-z]+");
    private static final Map<String, String> SYNONYMS = Map.of(
            "alpha", "a", "beta", "b", "c", "rc", "pre", "rc", "preview", "rc", "rev", "post", "r", "post");
    private static final Set<String> MARKERS = Set.of("a", "b", "rc", "post", "dev");

    private VersionTags() {
    }

    /** @return whether the two spellings denote the same version */
    static boolean same(String a, String b) {
        return a.equals(b) || normalize(a).equals(normalize(b));
    }

    /** @return the comparable token form of a version */
    static String normalize(String version) {
        String s = version.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("v")) {
            s = s.substring(1);
        }
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        boolean wantNumber = false;
        while (m.find()) {
            String t = m.group();
            boolean digits = Character.isDigit(t.charAt(0));
            if (wantNumber && !digits) {
                out.add("0");
            }
            if (digits) {
                out.add(t.replaceFirst("^0+(?=\\d)", ""));
                wantNumber = false;
            } else {
                String marker = SYNONYMS.getOrDefault(t, t);
                out.add(marker);
                wantNumber = MARKERS.contains(marker);
            }
        }
        if (wantNumber) {
            out.add("0");
        }
        return String.join(".", out);
    }
}
