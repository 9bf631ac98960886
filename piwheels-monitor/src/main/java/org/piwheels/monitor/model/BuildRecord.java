package org.piwheels.monitor.model;

import java.time.Duration;
import java.time.Instant;

/**
 * One build a slave was given, as the status queue shows it: {@code BUILD} starts it,
 * {@code DONE} (or the slave's end) finishes it. Whether it succeeded is not
 * published, so it is not known here.
 *
 * @param packageName the package
 * @param version     the version
 * @param started     when the master handed it out (master clock)
 * @param finished    when the master said {@code DONE}, or null while in progress
 */
public record BuildRecord(String packageName, String version, Instant started, Instant finished) {
    /** @return this build finished at {@code when} */
    public BuildRecord finishedAt(Instant when) {
        return new BuildRecord(packageName, version, started, when);
    }

    /** @return whether it is still in progress */
    public boolean inProgress() {
        return finished == null;
    }

    /** @return how long it took, or has taken by {@code now} */
    public Duration elapsed(Instant now) {
        return Duration.between(started, finished == null ? now : finished);
    }
}
