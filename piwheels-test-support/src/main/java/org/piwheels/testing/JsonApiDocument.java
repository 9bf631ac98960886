package org.piwheels.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders PyPI's JSON API document {@code /pypi/<name>/json}. Call inside {@link PypiModel#read}. */
final class JsonApiDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonApiDocument() {
    }

    static String render(Project p, String baseUrl) throws JsonProcessingException {
        Release latest = p.latest();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", p.name);
        info.put("version", latest == null ? null : latest.version);
        info.put("summary", p.summary);
        info.put("requires_python", latest == null || latest.files.isEmpty() ? null : latest.files.get(0).requiresPython());
        info.put("yanked", latest != null && latest.yanked);
        info.put("yanked_reason", latest != null && latest.yanked ? latest.yankReason : null);
        info.put("project_url", baseUrl + "/project/" + p.name + "/");
        Map<String, Object> releases = new LinkedHashMap<>();
        for (Release r : p.releases.values()) {
            releases.put(r.version, files(p, r, baseUrl));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("info", info);
        doc.put("last_serial", p.lastSerial);
        doc.put("releases", releases);
        doc.put("urls", latest == null ? List.of() : files(p, latest, baseUrl));
        doc.put("vulnerabilities", List.of());
        return JSON.writeValueAsString(doc);
    }

    private static List<Map<String, Object>> files(Project p, Release r, String baseUrl) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PypiFile f : r.files) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("filename", f.filename());
            m.put("packagetype", f.packageType());
            m.put("size", f.content().length);
            m.put("digests", Map.of("sha256", f.sha256()));
            m.put("requires_python", f.requiresPython());
            m.put("upload_time_iso_8601", DateTimeFormatter.ISO_INSTANT.format(f.uploadTime()));
            m.put("url", baseUrl + SimpleIndexPages.fileUrl(p, f));
            m.put("yanked", r.yanked);
            m.put("yanked_reason", r.yanked ? r.yankReason : null);
            out.add(m);
        }
        return out;
    }
}
