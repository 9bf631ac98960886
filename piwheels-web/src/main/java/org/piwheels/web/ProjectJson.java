package org.piwheels.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The piwheels JSON API document {@code project/<pkg>/json/index.json} (web
 * spec §5.8). Keys and their order are those of 0.23; the release key
 * {@code abis} (per-ABI status, build id and log URL) is our addition, allowed
 * by the add-only contract.
 */
final class ProjectJson {
    private ProjectJson() {
    }

    static Map<String, Object> document(ProjectReleases sorted, String baseUrl) {
        ProjectInput project = sorted.project();
        String pkg = project.canonicalName();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("package", pkg);
        doc.put("summary", project.summary());
        doc.put("pypi_url", "https://pypi.org/project/" + pkg);
        doc.put("piwheels_url", baseUrl + "/project/" + pkg);
        Map<String, Object> releases = new LinkedHashMap<>();
        for (ProjectReleases.Entry r : sorted.releases()) {
            releases.put(r.release().version(), release(pkg, r));
        }
        doc.put("releases", releases);
        return doc;
    }

    private static Map<String, Object> release(String pkg, ProjectReleases.Entry entry) {
        ProjectInput.Release r = entry.release();
        Map<String, Object> rel = new LinkedHashMap<>();
        rel.put("released", Formats.dateTime(r.released()));
        rel.put("prerelease", entry.prerelease());
        rel.put("yanked", r.yanked());
        rel.put("skip_reason", r.skipReason());
        Map<String, Object> files = new LinkedHashMap<>();
        for (ProjectInput.WheelFile f : entry.files()) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("file_url", f.url(pkg));
            file.put("filehash", f.sha256());
            file.put("filesize", f.size());
            file.put("builder_abi", f.builderAbi());
            file.put("file_abi_tag", f.fileAbi());
            file.put("platform", f.platform());
            file.put("requires_python", f.requiresPython());
            file.put("apt_dependencies", f.aptDependencies().stream().sorted().toList());
            file.put("pip_dependencies", f.pipDependencies().stream().sorted().toList());
            files.put(f.filename(), file);
        }
        rel.put("files", files);
        Map<String, Object> abis = new LinkedHashMap<>();
        for (String abi : AbiColumns.columns(List.of(r))) {
            ProjectInput.AbiBuild b = r.abis().get(abi);
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("status", b.status());
            status.put("build_id", b.buildId());
            status.put("log_url", b.buildId() == null ? null : BuildLogPaths.url(b.buildId()));
            abis.put(abi, status);
        }
        rel.put("abis", abis);
        return rel;
    }
}
