package org.piwheels.protocol.records;

import java.time.Duration;
import java.util.List;

/**
 * What a slave reports when a build ends, the data of {@code BUILT} (spec §5.4).
 *
 * @param status   whether the build succeeded
 * @param duration time spent in the build proper
 * @param output   the complete build log
 * @param files    the artifacts; empty on failure
 */
public record BuildResult(boolean status, Duration duration, String output, List<FileState> files) {
}
