package org.piwheels.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** A project on the fake PyPI (mutable; guarded by the model's lock). */
final class Project {
    final String name;
    String summary;
    long lastSerial;
    final Map<String, Release> releases = new LinkedHashMap<>();

    Project(String name, String summary) {
        this.name = name;
        this.summary = summary;
    }

    /** The newest release that is not yanked (else the newest), or null. */
    Release latest() {
        Release newest = null;
        Release newestUnyanked = null;
        for (Release r : releases.values()) {
            newest = r;
            if (!r.yanked) {
                newestUnyanked = r;
            }
        }
        return newestUnyanked != null ? newestUnyanked : newest;
    }
}
