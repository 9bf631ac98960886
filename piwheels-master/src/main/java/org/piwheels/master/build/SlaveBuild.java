package org.piwheels.master.build;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.FileState;
import org.slf4j.Logger;

/**
 * A finished build reported by a slave, while its files are being transferred
 * (0.23's BuildState with its internal {@code transferred} flags, spec §17.2). Files
 * are kept in filename order; the armv6l twins of armv7l wheels are added already
 * transferred (the receiver links them). A build whose files fail
 * {@link BuildFileCheck} becomes a failed build without files, its output saying why.
 */
final class SlaveBuild {
    private static final String ARMV6 = "linux_armv6l";
    /** Failed verifications of one file after which the slave is told to die (0.23 asked again forever). */
    static final int MAX_VERIFY_FAILURES = 3;

    private final BuildState build;
    private final Set<String> transferred = new HashSet<>();
    private final Map<String, Integer> verifyFailures = new HashMap<>();
    private final Map<String, String> coreMetadata = new HashMap<>();
    private final String rejection;

    private SlaveBuild(BuildState build, Set<String> transferred, String rejection) {
        this.build = build;
        this.transferred.addAll(transferred);
        this.rejection = rejection;
    }

    /**
     * @param slaveId the slave's id
     * @param packageName what the slave was told to build
     * @param version     likewise
     * @param abi         the slave's native ABI
     * @param result      what the slave reported
     */
    static SlaveBuild from(long slaveId, String packageName, String version, String abi, BuildResult result,
                           Logger log) {
        BuildFileCheck.Result check = BuildFileCheck.check(packageName, version, result.files(), log);
        if (!check.ok()) {
            String output = result.output() + "\n[piw-master] build rejected: " + check.problem() + "\n";
            return new SlaveBuild(new BuildState(slaveId, packageName, version, abi, false, result.duration(),
                    output, List.of()), Set.of(), check.problem());
        }
        List<FileState> files = new ArrayList<>(check.files());
        Set<String> names = new HashSet<>();
        files.forEach(f -> names.add(f.filename()));
        Set<String> twins = new HashSet<>();
        for (FileState f : check.files()) {
            String twin = WheelPublisher.armv6Name(f.filename());
            if (twin != null && names.add(twin)) {
                twins.add(twin);
                files.add(new FileState(twin, f.filesize(), f.filehash(), f.packageTag(), f.packageVersionTag(),
                        f.pyVersionTag(), f.abiTag(), ARMV6, f.requiresPython(), f.dependencies(), f.location()));
            }
        }
        files.sort(Comparator.comparing(FileState::filename));
        return new SlaveBuild(new BuildState(slaveId, packageName, version, abi, result.status(), result.duration(),
                result.output(), List.copyOf(files)), twins, null);
    }

    String packageName() {
        return build.packageName();
    }

    String version() {
        return build.version();
    }

    boolean status() {
        return build.status();
    }

    String output() {
        return build.output();
    }

    /** @return why the reported files were refused, or null */
    String rejection() {
        return rejection;
    }

    /** @return the first file in name order not yet transferred, or null */
    FileState nextFile() {
        for (FileState f : build.files()) {
            if (!transferred.contains(f.filename())) {
                return f;
            }
        }
        return null;
    }

    /** @return whether every file has been transferred (true without files) */
    boolean transfersDone() {
        return nextFile() == null;
    }

    /** Marks a file verified. */
    void transferred(String filename) {
        transferred.add(filename);
    }

    /** Keeps the PEP 658 hashes the file receiver reported for published files (stored with the build). */
    void coreMetadata(Map<String, String> hashes) {
        coreMetadata.putAll(hashes);
    }

    /** @return the PEP 658 hashes of this build's files published so far, by file name */
    Map<String, String> coreMetadata() {
        Map<String, String> own = new HashMap<>();
        for (FileState f : build.files()) {
            String hash = coreMetadata.get(f.filename());
            if (hash != null) {
                own.put(f.filename(), hash);
            }
        }
        return Map.copyOf(own);
    }

    /** Counts a failed verification of a file. @return how often that file has failed so far */
    int verifyFailed(String filename) {
        return verifyFailures.merge(filename, 1, Integer::sum);
    }

    /** @return the record for LOGBUILD */
    BuildState state() {
        return build;
    }
}
