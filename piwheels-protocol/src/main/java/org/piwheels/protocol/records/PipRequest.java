package org.piwheels.protocol.records;

import java.time.Instant;
import org.piwheels.protocol.Nullable;

/**
 * One access by pip (or uv) to the index: the data of {@code LOGDOWNLOAD}, where
 * {@code name} is the wheel's file name, and of {@code LOGSEARCH}, where it is the
 * canonical package name searched for (spec §5.8). Fields after the timestamp
 * come from the JSON in the client's user agent and are {@code null} when absent.
 *
 * @param name              file name (download) or package name (search)
 * @param host              client IP address as text
 * @param timestamp         time of the access
 * @param arch              machine architecture, e.g. {@code armv7l}
 * @param distroName        distribution name
 * @param distroVersion     distribution version
 * @param osName            operating system name
 * @param osVersion         operating system version
 * @param pyName            Python implementation, e.g. {@code CPython}
 * @param pyVersion         Python version
 * @param installerName     installer, e.g. {@code pip}
 * @param installerVersion  installer version
 * @param setuptoolsVersion setuptools version
 */
public record PipRequest(
        String name,
        String host,
        Instant timestamp,
        @Nullable String arch,
        @Nullable String distroName,
        @Nullable String distroVersion,
        @Nullable String osName,
        @Nullable String osVersion,
        @Nullable String pyName,
        @Nullable String pyVersion,
        @Nullable String installerName,
        @Nullable String installerVersion,
        @Nullable String setuptoolsVersion) {
}
