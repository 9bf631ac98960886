package org.piwheels.tools.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.piwheels.protocol.PackageNames;
import org.piwheels.protocol.records.FileState;
import org.piwheels.protocol.wheels.BadWheelException;
import org.piwheels.protocol.wheels.WheelFile;
import org.piwheels.protocol.wheels.WheelHashes;
import org.piwheels.protocol.wheels.WheelMetadata;

/**
 * Describes a wheel for {@code IMPORT} exactly as the slave describes a freshly built
 * one (components spec §7.4 steps 1–4, the shared {@code org.piwheels.protocol.wheels}
 * code), with the apt list given by the operator and no orphans (§11.2 step 2).
 * Beyond 0.23 it refuses, with the reason, a wheel whose METADATA disagrees with its
 * file name or whose RECORD hashes do not match its contents.
 */
final class WheelDescriber {
    /** Where every file is served from, as 0.23 says. */
    static final String LOCATION = "/simple";

    private WheelDescriber() {
    }

    static ImportedWheel describe(Path wheel, List<String> apt) throws IOException, BadWheelException {
        if (!Files.isRegularFile(wheel)) {
            throw new BadWheelException(wheel + ": no such file");
        }
        WheelFile tags = WheelFile.parse(wheel);
        WheelMetadata metadata = WheelMetadata.read(wheel, tags);
        String name = first(metadata, "Name", tags.filename());
        String version = first(metadata, "Version", tags.filename());
        if (!PackageNames.canonicalize(name).equals(PackageNames.canonicalize(tags.packageTag()))) {
            throw new BadWheelException(tags.filename() + ": file name says package " + tags.packageTag()
                    + " but METADATA says " + name);
        }
        // wheel file names write a version's "-" as "_" (PEP 427 escaping)
        if (!version.replace('-', '_').equals(tags.versionTag().replace('-', '_'))) {
            throw new BadWheelException(tags.filename() + ": file name says version " + tags.versionTag()
                    + " but METADATA says " + version);
        }
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            WheelRecordCheck.check(zip, tags.filename());
        } catch (ZipException e) {
            throw new BadWheelException(tags.filename() + ": not a valid wheel (zip) file: " + e.getMessage());
        }
        Map<String, List<String>> deps = new LinkedHashMap<>();
        deps.put("apt", List.copyOf(apt));
        deps.put("pip", metadata.pipDependencies());
        deps.put("", List.of());
        FileState state = new FileState(tags.filename(), Files.size(wheel), WheelHashes.sha256(wheel),
                tags.packageTag(), tags.versionTag(), tags.pyTag(), tags.abiTag(), tags.platformTag(),
                metadata.requiresPython(), deps, LOCATION);
        return new ImportedWheel(wheel, state, name, version);
    }

    private static String first(WheelMetadata metadata, String header, String wheel) throws BadWheelException {
        List<String> v = metadata.all(header);
        if (v.isEmpty() || v.get(0).isBlank()) {
            throw new BadWheelException(wheel + ": METADATA has no " + header);
        }
        return v.get(0).strip();
    }
}
