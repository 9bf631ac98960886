package org.piwheels.tools.loadgen;

import java.util.List;
import java.util.Map;
import org.piwheels.protocol.records.FileState;

/**
 * A wheel made in memory for one build: its name, bytes and SHA-256.
 *
 * @param state   what {@code BUILT} says about it
 * @param content the whole file
 */
record GeneratedWheel(FileState state, byte[] content) {
    static FileState describe(String filename, long size, String sha256, String packageTag, String versionTag,
                              String pyTag, String abiTag, String platformTag) {
        return new FileState(filename, size, sha256, packageTag, versionTag, pyTag, abiTag, platformTag,
                null, Map.of("apt", List.of(), "pip", List.of()), "/simple");
    }

    String filename() {
        return state.filename();
    }
}
