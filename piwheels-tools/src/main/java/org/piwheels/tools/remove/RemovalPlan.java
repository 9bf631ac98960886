package org.piwheels.tools.remove;

import java.util.ArrayList;
import java.util.List;

/**
 * What a piw-remove request will do, in words, for the operator to confirm. It
 * follows the master's rules (components spec §5.9): skip, yank and builds combine;
 * with none of them the package or version is deleted outright.
 */
final class RemovalPlan {
    private RemovalPlan() {
    }

    /** @return one line per effect */
    static List<String> describe(String packageName, String version, boolean builds, String skip, boolean yank) {
        List<String> lines = new ArrayList<>();
        String what = version == null ? "package " + packageName : "version " + packageName + " " + version;
        boolean yanks = yank && version != null;
        if (!skip.isEmpty()) {
            lines.add("mark " + what + " skipped (" + skip + ") and delete its files from the web site");
        }
        if (yanks) {
            lines.add("mark " + what + " yanked");
        }
        if (builds) {
            lines.add("delete every build and file of " + what + "; it stays known"
                    + (skip.isEmpty() ? " and will be built again" : ""));
        }
        if (lines.isEmpty()) {
            lines.add("delete " + what + (version == null ? " with all its versions," : ",")
                    + " builds and files");
        }
        return lines;
    }
}
