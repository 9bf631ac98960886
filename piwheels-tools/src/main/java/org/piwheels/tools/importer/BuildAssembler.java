package org.piwheels.tools.importer;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.piwheels.protocol.PackageNames;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.FileState;
import org.piwheels.tools.importqueue.ToolFailure;

/**
 * Turns the described wheels and the options into the one build that {@code IMPORT}
 * carries (components spec §11.2 step 3): slave id 0, status true, package and
 * version from the options or the first file's METADATA, ABI from {@code --abi} or
 * the first file's ABI tag unless it is {@code none}, files sorted by name.
 */
final class BuildAssembler {
    private BuildAssembler() {
    }

    /**
     * @param wheels      the described files, in command-line order
     * @param packageName {@code --package} or null
     * @param version     {@code --package-version} or null
     * @param abi         {@code --abi} or null
     * @throws ToolFailure if the ABI cannot be determined or the files are not one build
     */
    static BuildState assemble(List<ImportedWheel> wheels, String packageName, String version, String abi,
                               Duration duration, String output) {
        ImportedWheel first = wheels.get(0);
        checkOneBuild(wheels);
        String pkg = PackageNames.canonicalize(packageName != null ? packageName : first.metadataName());
        String ver = version != null ? version : first.metadataVersion();
        String buildAbi = abi != null ? abi : first.state().abiTag();
        if (buildAbi.equals("none")) {
            throw new ToolFailure("couldn't determine builder ABI; re-run with --abi");
        }
        List<FileState> files = wheels.stream().map(ImportedWheel::state)
                .sorted(Comparator.comparing(FileState::filename)).collect(Collectors.toList());
        return new BuildState(0, pkg, ver, buildAbi, true, duration, output, files);
    }

    /** Beyond 0.23: the files of one build name one package version, and no file twice. */
    private static void checkOneBuild(List<ImportedWheel> wheels) {
        FileState first = wheels.get(0).state();
        Set<String> names = new HashSet<>();
        for (ImportedWheel w : wheels) {
            FileState f = w.state();
            if (!names.add(f.filename())) {
                throw new ToolFailure("File " + f.filename() + " is given twice");
            }
            if (!PackageNames.canonicalize(f.packageTag()).equals(PackageNames.canonicalize(first.packageTag()))
                    || !f.packageVersionTag().equals(first.packageVersionTag())) {
                throw new ToolFailure("File " + f.filename() + " is not of the same package version as "
                        + first.filename() + "; import one build at a time");
            }
        }
    }
}
