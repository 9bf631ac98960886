package org.piwheels.slave;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How builds run on this slave.
 *
 * @param pip             the pip command, e.g. {@code [pip3]} or {@code [/usr/bin/python3, -m, pip]}
 * @param buildRoot       where build directories are made ({@code --dir})
 * @param timeout         the build timeout, enforced (zero: none)
 * @param extraIndexUrl   {@code --extra-index-url} for pip, or null for none
 * @param environment     the environment builds start from (normally the slave's own)
 * @param grace           SIGTERM → SIGKILL grace period (10 s)
 * @param watchInterval   how often the build process is checked (1 s)
 * @param lddTimeout      timeout of one {@code ldd} run (30 s)
 * @param dpkgInfo        dpkg's file lists ({@code /var/lib/dpkg/info})
 * @param sandbox         the sandbox builds run in ({@link Sandbox#NONE} for none)
 * @param offline         fetch each sdist and its build requirements first, then build with no
 *                        network ({@code --offline-build}; needs the bubblewrap sandbox)
 */
public record BuildSettings(List<String> pip, Path buildRoot, Duration timeout, String extraIndexUrl,
                            Map<String, String> environment, Duration grace, Duration watchInterval,
                            Duration lddTimeout, Path dpkgInfo, Sandbox sandbox, boolean offline) {
    /** As the canonical constructor, building with the network (as 0.23). */
    public BuildSettings(List<String> pip, Path buildRoot, Duration timeout, String extraIndexUrl,
                         Map<String, String> environment, Duration grace, Duration watchInterval,
                         Duration lddTimeout, Path dpkgInfo, Sandbox sandbox) {
        this(pip, buildRoot, timeout, extraIndexUrl, environment, grace, watchInterval, lddTimeout, dpkgInfo, sandbox,
                false);
    }

    /** @return these settings with offline builds on or off */
    public BuildSettings withOffline(boolean on) {
        return new BuildSettings(pip, buildRoot, timeout, extraIndexUrl, environment, grace, watchInterval, lddTimeout,
                dpkgInfo, sandbox, on);
    }

    /** Settings with the spec's constants. */
    public static BuildSettings of(List<String> pip, Path buildRoot, Duration timeout, String extraIndexUrl,
                                   Map<String, String> environment, Sandbox sandbox) {
        return new BuildSettings(pip, buildRoot, timeout, extraIndexUrl, environment, ProcessGroupRunner.DEFAULT_GRACE,
                Duration.ofSeconds(1), Ldd.DEFAULT_TIMEOUT, DpkgOwners.SYSTEM_INFO, sandbox);
    }
}
