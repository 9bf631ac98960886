package org.piwheels.web;

/**
 * Where a build's log lives: {@code logs/AAAA/BBBB/CCCC.txt.gz} (web spec §3.3).
 * Ids of 10^12 and above do not fit the three 4-digit groups; 0.23 silently
 * truncated them, we refuse them.
 */
public final class BuildLogPaths {
    /** The largest build id the path scheme can represent. */
    public static final long MAX_BUILD_ID = 999_999_999_999L;

    private BuildLogPaths() {
    }

    /**
     * @param buildId a build id, 0 to {@link #MAX_BUILD_ID}
     * @return the path relative to the output root, e.g. {@code logs/0000/0123/4567.txt.gz}
     */
    public static String relativePath(long buildId) {
        if (buildId < 0 || buildId > MAX_BUILD_ID) {
            throw new IllegalArgumentException("build id out of range for the log path scheme: " + buildId);
        }
        // by hand rather than String.format: a project page asks for hundreds of these
        StringBuilder sb = new StringBuilder(26).append("logs/");
        appendGroup(sb, buildId / 100_000_000L % 10_000);
        appendGroup(sb.append('/'), buildId / 10_000 % 10_000);
        appendGroup(sb.append('/'), buildId % 10_000);
        return sb.append(".txt.gz").toString();
    }

    private static void appendGroup(StringBuilder sb, long group) {
        for (long unit = 1000; unit > 0; unit /= 10) {
            sb.append((char) ('0' + group / unit % 10));
        }
    }

    /** @param buildId a build id @return its URL on the site, e.g. {@code /logs/0000/0123/4567.txt.gz} */
    public static String url(long buildId) {
        return "/" + relativePath(buildId);
    }

    /**
     * The inverse, for audit tools.
     *
     * @param relativePath a path as {@link #relativePath} makes it
     * @return the build id
     */
    public static long buildId(String relativePath) {
        if (!relativePath.matches("logs/\\d{4}/\\d{4}/\\d{4}\\.txt\\.gz")) {
            throw new IllegalArgumentException("not a build log path: " + relativePath);
        }
        String digits = relativePath.substring("logs/".length(), relativePath.length() - ".txt.gz".length());
        return Long.parseLong(digits.replace("/", ""));
    }
}
