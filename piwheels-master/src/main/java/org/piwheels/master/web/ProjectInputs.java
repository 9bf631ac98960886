package org.piwheels.master.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.piwheels.db.ProjectData;
import org.piwheels.web.CoreMetadataFiles;
import org.piwheels.web.ProjectInput;

/**
 * Maps the database's view of a project onto the web module's input. The PEP 658
 * hash of a local wheel's {@code .metadata} file comes from the database (schema
 * {@code 0.23-j5}), so a page write reads no wheel or metadata file. A wheel the
 * database has no hash for (published before that schema) is hashed from the web
 * root once (its {@code .metadata} file made there if missing) and the hash handed
 * back, for the caller to store.
 */
final class ProjectInputs {
    private ProjectInputs() {
    }

    /**
     * @param learned receives the hashes taken from the web root because the database had none
     */
    static ProjectInput of(String pkg, ProjectData data, List<String> aliases, CoreMetadataFiles metadata,
                           Map<String, String> learned) {
        List<ProjectInput.Release> releases = new ArrayList<>();
        for (Map.Entry<String, ProjectData.Release> r : data.releases().entrySet()) {
            ProjectData.Release rel = r.getValue();
            List<ProjectInput.WheelFile> files = new ArrayList<>();
            for (Map.Entry<String, ProjectData.File> f : rel.files().entrySet()) {
                ProjectData.File file = f.getValue();
                ProjectInput.WheelFile wheel = new ProjectInput.WheelFile(f.getKey(), file.location(), file.hash(),
                        file.size(), file.abiBuilder(), file.abiFile(), file.platform(), file.requiresPython(),
                        file.aptDependencies(), file.pipDependencies(), null, null);
                // only local wheels: an archive server's files have no .metadata here to announce
                String core = null;
                if (wheel.isLocal()) {
                    core = file.coreMetadataHash();
                    if (core == null) {
                        core = metadata.sha256(pkg, wheel.filename()).orElse(null);
                        if (core != null) {
                            learned.put(wheel.filename(), core);
                        }
                    }
                }
                files.add(core == null ? wheel : new ProjectInput.WheelFile(wheel.filename(), wheel.location(),
                        wheel.sha256(), wheel.size(), wheel.builderAbi(), wheel.fileAbi(), wheel.platform(),
                        wheel.requiresPython(), wheel.aptDependencies(), wheel.pipDependencies(), null, core));
            }
            Map<String, ProjectInput.AbiBuild> abis = new LinkedHashMap<>();
            for (Map.Entry<String, ProjectData.AbiStatus> a : rel.abis().entrySet()) {
                Integer id = a.getValue().buildId();
                abis.put(a.getKey(), new ProjectInput.AbiBuild(a.getValue().status(), id == null ? null : id.longValue()));
            }
            releases.add(new ProjectInput.Release(r.getKey(), rel.yanked(), rel.released(), rel.skip(), files, abis));
        }
        return new ProjectInput(pkg, data.name(), data.description() == null ? "" : data.description(),
                releases, aliases);
    }
}
