package org.piwheels.slave;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The pip command line and environment of a build (components spec §7.2). */
final class PipCommand {
    private PipCommand() {
    }

    /**
     * The exact argv of §7.2. {@code --extra-index-url} is added only when one is
     * configured (0.23 always adds {@code https://www.piwheels.org/simple}).
     */
    static List<String> argv(List<String> pip, String pkg, String version, Path wheelDir, Path logFile,
                             String indexUrl, String extraIndexUrl) {
        List<String> argv = wheel(pip, pkg, version, wheelDir, logFile);
        indexes(argv, indexUrl, extraIndexUrl);
        return argv;
    }

    /**
     * The build step of an offline build: §7.2's command with pip pointed only at the
     * directory the fetch step filled ({@code --no-index --find-links}).
     */
    static List<String> offlineArgv(List<String> pip, String pkg, String version, Path wheelDir, Path logFile,
                                    Path sources) {
        List<String> argv = wheel(pip, pkg, version, wheelDir, logFile);
        argv.add("--no-index");
        argv.add("--find-links=" + sources);
        return argv;
    }

    /**
     * The fetch step's download of an sdist's build requirements (and what they depend
     * on), wheels preferred, into {@code sources}.
     */
    static List<String> downloadArgv(List<String> pip, List<String> requirements, Path sources, Path logFile,
                                     String indexUrl, String extraIndexUrl) {
        List<String> argv = new ArrayList<>(pip);
        argv.add("download");
        argv.addAll(requirements);
        argv.add("--dest=" + sources);
        argv.add("--log=" + logFile);
        argv.add("--no-cache-dir");
        argv.add("--prefer-binary");
        argv.add("--exists-action=w");
        argv.add("--no-python-version-warning");
        argv.add("--disable-pip-version-check");
        indexes(argv, indexUrl, extraIndexUrl);
        return argv;
    }

    private static List<String> wheel(List<String> pip, String pkg, String version, Path wheelDir, Path logFile) {
        List<String> argv = new ArrayList<>(pip);
        argv.add("wheel");
        argv.add(pkg + "==" + version);
        argv.add("--wheel-dir=" + wheelDir);
        argv.add("--log=" + logFile);
        argv.add("--no-deps");
        argv.add("--no-cache-dir");
        argv.add("--no-binary=" + pkg);
        argv.add("--prefer-binary");
        argv.add("--exists-action=w");
        argv.add("--no-python-version-warning");
        argv.add("--disable-pip-version-check");
        return argv;
    }

    private static void indexes(List<String> argv, String indexUrl, String extraIndexUrl) {
        argv.add("--index-url=" + indexUrl);
        if (extraIndexUrl != null && !extraIndexUrl.isEmpty()) {
            argv.add("--extra-index-url=" + extraIndexUrl);
        }
    }

    /**
     * The slave's environment plus §7.2's variables. Beyond 0.23, {@code HOME} is the
     * build's own directory (so setup scripts writing to {@code ~} do not pollute the
     * next build) and {@code TMPDIR} lies inside the build directory (so whatever pip
     * leaves behind is removed with it). The Rust toolchain is still looked for under
     * the slave's real home.
     */
    static Map<String, String> environment(Map<String, String> base, Path buildHome, Path buildTmp) {
        Map<String, String> env = new HashMap<>(base);
        env.remove("NOTIFY_SOCKET"); // builds must never talk to systemd on the slave's behalf
        env.put("GIT_ALLOW_PROTOCOL", "file");
        env.put("PIWHEELS_BUILD", "1");
        env.put("OPENSSL_STATIC", "1");
        String realHome = base.getOrDefault("HOME", System.getProperty("user.home"));
        String path = base.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        if (!path.contains(".cargo/bin")) {
            path = realHome + "/.cargo/bin:" + path;
        }
        env.put("PATH", path);
        env.put("HOME", buildHome.toString());
        env.put("TMPDIR", buildTmp.toString());
        return env;
    }
}
