package org.piwheels.db;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.piwheels.protocol.PackageNames;

/**
 * Recognises a build that failed because the index did not serve the release
 * yet: PyPI's CDN can lag the changelog by minutes, so a slave asked to build a
 * version that was just uploaded may find no file for it. pip then reports,
 * for the requirement the slave asked for ({@code <package>==<version>}):
 *
 * <pre>
 * ERROR: Could not find a version that satisfies the requirement foo==1.0 (from versions: 0.9)
 * ERROR: No matching distribution found for foo==1.0
 * </pre>
 *
 * Only a message naming the built package and version counts: the same words
 * about a <em>dependency</em> are a real failure that no retry will cure.
 * Names are compared canonicalised (PEP 503), as pip may echo any spelling.
 */
public final class IndexLag {

    private static final Pattern MESSAGE = Pattern.compile(
            "(?:No matching distribution found for|Could not find a version that satisfies the requirement)"
            + "\\s+([A-Za-z0-9][A-Za-z0-9._-]*)\\s*==\\s*([^\\s(;]+)");

    private IndexLag() {
    }

    /** @return whether {@code output} (a failed build's log) says pip found no file for the version itself */
    public static boolean isIndexLag(String packageName, String version, String output) {
        if (output == null) {
            return false;
        }
        String wanted = canonical(packageName);
        Matcher m = MESSAGE.matcher(output);
        while (m.find()) {
            if (canonical(m.group(1)).equals(wanted) && m.group(2).equals(version)) {
                return true;
            }
        }
        return false;
    }

    private static String canonical(String name) {
        return PackageNames.canonicalize(name);
    }
}
