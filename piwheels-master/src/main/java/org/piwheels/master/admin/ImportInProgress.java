package org.piwheels.master.admin;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.FileState;

/**
 * One client's import: the build as recorded (armv6l twins included, files by
 * name), its database id, and which files have arrived. Twins count as arrived
 * from the start, since nobody uploads them.
 */
final class ImportInProgress {
    private final BuildState build;
    private final Set<String> transferred = new HashSet<>();
    private long buildId;

    /** @param requested the build as the tool described it */
    ImportInProgress(BuildState requested) {
        List<FileState> files = ArmV6Twins.withTwins(requested.files());
        Set<String> uploaded = requested.files().stream().map(FileState::filename).collect(Collectors.toSet());
        files.stream().map(FileState::filename).filter(n -> !uploaded.contains(n)).forEach(transferred::add);
        // imports always come from "slave" 0, whatever the tool said
        this.build = new BuildState(0, requested.packageName(), requested.version(), requested.abiTag(),
                requested.status(), requested.duration(), requested.output(), files);
    }

    BuildState build() {
        return build;
    }

    long buildId() {
        return buildId;
    }

    void recorded(long id) {
        buildId = id;
    }

    /** @return the first file, by name, still to be uploaded, or null when all have arrived */
    FileState nextFile() {
        return build.files().stream().filter(f -> !transferred.contains(f.filename())).findFirst().orElse(null);
    }

    void arrived(FileState file) {
        transferred.add(file.filename());
    }
}
