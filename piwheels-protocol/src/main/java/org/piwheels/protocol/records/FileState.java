package org.piwheels.protocol.records;

import java.util.List;
import java.util.Map;
import org.piwheels.protocol.Nullable;

/**
 * One built artifact (a wheel), as listed in {@code BUILT}, {@code IMPORT} and
 * the build log (spec §5.3).
 *
 * @param filename          wheel file name without a directory
 * @param filesize          size in bytes
 * @param filehash          lower-case hex SHA-256 of the content
 * @param packageTag        first field of the file name
 * @param packageVersionTag second field of the file name
 * @param pyVersionTag      third field from the end
 * @param abiTag            second field from the end
 * @param platformTag       last field
 * @param requiresPython    the wheel's {@code Requires-Python}, or {@code null}
 * @param dependencies      tool ({@code apt}, {@code pip} or {@code ""}) to names
 * @param location          where the file is served from ({@code /simple} from a 0.23 slave)
 */
public record FileState(
        String filename,
        long filesize,
        String filehash,
        String packageTag,
        String packageVersionTag,
        String pyVersionTag,
        String abiTag,
        String platformTag,
        @Nullable String requiresPython,
        Map<String, List<String>> dependencies,
        String location) {
}
