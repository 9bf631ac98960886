package org.piwheels.slave;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.wheels.BadWheelException;
import org.piwheels.protocol.wheels.WheelFile;
import org.piwheels.protocol.wheels.WheelHashes;
import org.piwheels.protocol.wheels.WheelMetadata;

/** Describes a built wheel as the {@link FileState} that {@code BUILT} carries (components spec §7.4, §7.5). */
final class WheelInspector {
    /** Where 0.23 slaves say every file is served from. */
    static final String LOCATION = "/simple";

    private final AptDependencies apt;

    WheelInspector(AptDependencies apt) {
        this.apt = apt;
    }

    FileState inspect(Path wheel, Path scratch) throws IOException, BadWheelException, BuildAbortedException, InterruptedException {
        WheelFile tags = WheelFile.parse(wheel);
        WheelMetadata metadata = WheelMetadata.read(wheel, tags);
        Map<String, List<String>> libs = apt.analyse(wheel, scratch);
        // the three keys in 0.23's order: apt, pip, "" (orphans)
        Map<String, List<String>> deps = new LinkedHashMap<>();
        deps.put("apt", libs.get("apt"));
        deps.put("pip", metadata.pipDependencies());
        deps.put(AptDependencies.ORPHANS, libs.get(AptDependencies.ORPHANS));
        return new FileState(tags.filename(), Files.size(wheel), WheelHashes.sha256(wheel), tags.packageTag(), tags.versionTag(),
                tags.pyTag(), tags.abiTag(), tags.platformTag(), metadata.requiresPython(), deps, LOCATION);
    }
}
