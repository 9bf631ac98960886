package org.piwheels.master.pypi;

import java.util.Map;

/**
 * A project's description as PyPI's JSON API gave it.
 *
 * @param text       the summary, already cut to the 200-character rule
 * @param lastSerial the answer's {@code X-PyPI-Last-Serial}, or {@link #UNKNOWN_SERIAL} if absent
 * @param releases   what the answer says about each release (beyond 0.23), by version
 */
public record ProjectSummary(String text, long lastSerial, Map<String, ReleaseInfo> releases) {

    public static final long UNKNOWN_SERIAL = -1;
    /** Longest description stored; longer ones keep {@code MAX_LENGTH - 1} characters and an ellipsis. */
    public static final int MAX_LENGTH = 200;

    public ProjectSummary {
        releases = Map.copyOf(releases);
    }

    /** @return the release's Requires-Python, or null if it declares none or is not listed */
    public String requiresPython(String version) {
        ReleaseInfo release = releases.get(version);
        return release == null ? null : release.requiresPython();
    }

    /** A summary without release facts. */
    public ProjectSummary(String text, long lastSerial) {
        this(text, lastSerial, Map.of());
    }

    /** Applies 0.23's rule: null → "", over 200 characters → 199 and {@code …}. */
    public static String normalize(String summary) {
        if (summary == null) {
            return "";
        }
        // Python counts code points, so must we, or a summary of emoji is cut differently.
        if (summary.codePointCount(0, summary.length()) <= MAX_LENGTH) {
            return summary;
        }
        return summary.substring(0, summary.offsetByCodePoints(0, MAX_LENGTH - 1)) + "\u2026";
    }

    /** @return true if this answer reflects PyPI at least as late as {@code serial} (or cannot tell) */
    public boolean isFreshFor(long serial) {
        return lastSerial == UNKNOWN_SERIAL || lastSerial >= serial;
    }
}
