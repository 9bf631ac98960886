package org.piwheels.db.dal;

import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.FileState;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builders of {@link BuildState}s for tests. */
final class Builds {

    static final String HASH_A = "a".repeat(64);
    static final String HASH_B = "b".repeat(64);

    private Builds() {
    }

    /** A wheel named from its parts, with the given dependencies. */
    static FileState wheel(String pkg, String version, String abi, String platform, long size, String hash,
                           Map<String, List<String>> deps) {
        String py = abi.equals("none") ? "py3" : abi.startsWith("cp") ? abi.substring(0, 4) : "cp34";
        String name = pkg + "-" + version + "-" + py + "-" + abi + "-" + platform + ".whl";
        return new FileState(name, size, hash, pkg, version, py, abi, platform, ">=3", deps, "/simple");
    }

    static FileState wheel(String pkg, String version, String abi) {
        return wheel(pkg, version, abi, abi.equals("none") ? "any" : "linux_armv7l", 1000, HASH_A, Map.of());
    }

    static BuildState success(String pkg, String version, String builderAbi, long slave, FileState... files) {
        return new BuildState(slave, pkg, version, builderAbi, true, Duration.ofSeconds(60), "log",
                Arrays.asList(files));
    }

    static BuildState failure(String pkg, String version, String builderAbi, long slave) {
        return new BuildState(slave, pkg, version, builderAbi, false, Duration.ofSeconds(5), "log", List.of());
    }
}
