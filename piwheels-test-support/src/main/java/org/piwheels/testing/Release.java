package org.piwheels.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A release of a project on the fake PyPI (mutable; guarded by the model's lock). */
final class Release {
    final String version;
    final Instant created;
    final List<PypiFile> files = new ArrayList<>();
    boolean yanked;
    String yankReason = "";

    Release(String version, Instant created) {
        this.version = version;
        this.created = created;
    }
}
