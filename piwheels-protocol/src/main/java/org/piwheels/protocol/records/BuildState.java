package org.piwheels.protocol.records;

import java.time.Duration;
import java.util.List;

/**
 * A complete build as it is recorded: the data of {@code IMPORT} and of the
 * database's {@code LOGBUILD} (spec §5.5).
 *
 * @param slaveId     the building slave's id, {@code 0} for imports
 * @param packageName canonical package name
 * @param version     version string
 * @param abiTag      the ABI the build was made for; never {@code none}
 * @param status      whether it succeeded
 * @param duration    how long it took
 * @param output      the build log
 * @param files       the artifacts, sorted by file name
 */
public record BuildState(
        long slaveId,
        String packageName,
        String version,
        String abiTag,
        boolean status,
        Duration duration,
        String output,
        List<FileState> files) {
}
