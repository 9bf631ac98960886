package org.piwheels.master.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.piwheels.db.ProjectData;
import org.piwheels.web.ProjectInput;

/** Maps the database's view of a project onto the web module's input. */
final class ProjectInputs {
    private ProjectInputs() {
    }

    static ProjectInput of(String pkg, ProjectData data, List<String> aliases) {
        List<ProjectInput.Release> releases = new ArrayList<>();
        for (Map.Entry<String, ProjectData.Release> r : data.releases().entrySet()) {
            ProjectData.Release rel = r.getValue();
            List<ProjectInput.WheelFile> files = new ArrayList<>();
            for (Map.Entry<String, ProjectData.File> f : rel.files().entrySet()) {
                ProjectData.File file = f.getValue();
                files.add(new ProjectInput.WheelFile(f.getKey(), file.location(), file.hash(), file.size(),
                        file.abiBuilder(), file.abiFile(), file.platform(), file.requiresPython(),
                        file.aptDependencies(), file.pipDependencies(), null, null));
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
