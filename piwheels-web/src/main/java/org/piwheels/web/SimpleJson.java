package org.piwheels.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PEP 691 JSON forms of the simple pages, API version 1.1 with the PEP 700
 * fields (web spec §8.5, §8.6). Written as {@code index.v1.json} beside the
 * HTML so a web server can choose by {@code Accept}.
 */
final class SimpleJson {
    /** File name of the JSON form in {@code simple/} and {@code simple/<pkg>/}. */
    static final String FILE_NAME = "index.v1.json";

    private SimpleJson() {
    }

    static Map<String, Object> index(Collection<String> packages) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("meta", meta());
        doc.put("projects", packages.stream().sorted().map(p -> Map.of("name", p)).toList());
        return doc;
    }

    static Map<String, Object> project(ProjectReleases sorted) {
        String pkg = sorted.canonicalName();
        List<Map<String, Object>> files = new ArrayList<>();
        List<String> versions = new ArrayList<>();
        for (ProjectReleases.Entry e : sorted.releases()) {
            ProjectInput.Release r = e.release();
            versions.add(r.version());
            for (ProjectInput.WheelFile f : e.files()) {
                Map<String, Object> file = new LinkedHashMap<>();
                file.put("filename", f.filename());
                file.put("url", f.url(pkg));
                file.put("hashes", Map.of("sha256", f.sha256()));
                if (f.requiresPython() != null && !f.requiresPython().isEmpty()) {
                    file.put("requires-python", f.requiresPython());
                }
                if (f.coreMetadataSha256() != null) {
                    file.put("core-metadata", Map.of("sha256", f.coreMetadataSha256()));
                }
                if (r.yanked()) {
                    file.put("yanked", true);
                }
                file.put("size", f.size());
                if (f.uploadTime() != null) {
                    file.put("upload-time", Formats.uploadTime(f.uploadTime()));
                }
                files.add(file);
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("meta", meta());
        doc.put("name", pkg);
        doc.put("files", files);
        doc.put("versions", versions.stream().distinct().toList());
        return doc;
    }

    private static Map<String, Object> meta() {
        return Map.of("api-version", SimplePageViews.REPOSITORY_VERSION);
    }
}
