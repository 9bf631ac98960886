package org.piwheels.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the simple repository API (PEP 503 HTML, and PEP 691 JSON for clients
 * that ask for it) from the model. Call inside {@link PypiModel#read}.
 */
final class SimpleIndexPages {
    static final String JSON_TYPE = "application/vnd.pypi.simple.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SimpleIndexPages() {
    }

    static String rootHtml(PypiModel model) {
        StringBuilder sb = new StringBuilder(head("Simple index"));
        for (Project p : model.projects()) {
            String c = Names.canonicalize(p.name);
            sb.append("<a href=\"/simple/").append(c).append("/\">").append(XmlRpc.escape(p.name)).append("</a><br/>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    static String rootJson(PypiModel model) throws JsonProcessingException {
        List<Map<String, Object>> names = new ArrayList<>();
        for (Project p : model.projects()) {
            names.add(Map.of("name", p.name, "_last-serial", p.lastSerial));
        }
        return JSON.writeValueAsString(Map.of("meta", Map.of("api-version", "1.0", "_last-serial", model.lastSerial()),
                "projects", names));
    }

    static String projectHtml(Project p) {
        StringBuilder sb = new StringBuilder(head("Links for " + p.name));
        sb.append("<h1>Links for ").append(XmlRpc.escape(p.name)).append("</h1>\n");
        for (Release r : p.releases.values()) {
            for (PypiFile f : r.files) {
                sb.append("<a href=\"").append(fileUrl(p, f)).append("#sha256=").append(f.sha256()).append('"');
                if (f.requiresPython() != null) {
                    sb.append(" data-requires-python=\"").append(XmlRpc.escape(f.requiresPython())).append('"');
                }
                if (r.yanked) {
                    sb.append(" data-yanked=\"").append(XmlRpc.escape(r.yankReason)).append('"');
                }
                sb.append('>').append(XmlRpc.escape(f.filename())).append("</a><br/>\n");
            }
        }
        return sb.append("</body></html>\n").toString();
    }

    static String projectJson(Project p) throws JsonProcessingException {
        List<Map<String, Object>> files = new ArrayList<>();
        for (Release r : p.releases.values()) {
            for (PypiFile f : r.files) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("filename", f.filename());
                m.put("url", fileUrl(p, f));
                m.put("hashes", Map.of("sha256", f.sha256()));
                m.put("requires-python", f.requiresPython());
                m.put("yanked", r.yanked ? (r.yankReason.isEmpty() ? Boolean.TRUE : r.yankReason) : Boolean.FALSE);
                files.add(m);
            }
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("meta", Map.of("api-version", "1.0", "_last-serial", p.lastSerial));
        doc.put("name", Names.canonicalize(p.name));
        doc.put("files", files);
        return JSON.writeValueAsString(doc);
    }

    /** Where a file is served from: {@code /packages/<canonical name>/<filename>}. */
    static String fileUrl(Project p, PypiFile f) {
        return "/packages/" + Names.canonicalize(p.name) + "/" + f.filename();
    }

    private static String head(String title) {
        return "<!DOCTYPE html>\n<html><head><meta name=\"pypi:repository-version\" content=\"1.0\">"
                + "<title>" + XmlRpc.escape(title) + "</title></head><body>\n";
    }
}
