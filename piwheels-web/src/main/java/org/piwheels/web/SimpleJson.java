package org.piwheels.web;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

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

    static byte[] index(Collection<String> packages) {
        return JsonText.bytes(json -> {
            json.writeStartObject();
            meta(json);
            json.writeArrayFieldStart("projects");
            for (String p : packages.stream().sorted().toList()) {
                json.writeStartObject();
                json.writeStringField("name", p);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }, 32 * packages.size() + 64);
    }

    static byte[] project(ProjectReleases sorted) {
        String pkg = sorted.canonicalName();
        return JsonText.bytes(json -> {
            json.writeStartObject();
            meta(json);
            json.writeStringField("name", pkg);
            json.writeArrayFieldStart("files");
            Set<String> versions = new LinkedHashSet<>();
            for (ProjectReleases.Entry e : sorted.releases()) {
                ProjectInput.Release r = e.release();
                versions.add(r.version());
                for (ProjectInput.WheelFile f : e.files()) {
                    file(json, pkg, r, f);
                }
            }
            json.writeEndArray();
            json.writeArrayFieldStart("versions");
            for (String v : versions) {
                json.writeString(v);
            }
            json.writeEndArray();
            json.writeEndObject();
        }, 1024);
    }

    private static void file(JsonGenerator json, String pkg, ProjectInput.Release r, ProjectInput.WheelFile f)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("filename", f.filename());
        json.writeStringField("url", f.url(pkg));
        json.writeObjectFieldStart("hashes");
        json.writeStringField("sha256", f.sha256());
        json.writeEndObject();
        if (f.requiresPython() != null && !f.requiresPython().isEmpty()) {
            json.writeStringField("requires-python", f.requiresPython());
        }
        if (f.coreMetadataSha256() != null) {
            json.writeObjectFieldStart("core-metadata");
            json.writeStringField("sha256", f.coreMetadataSha256());
            json.writeEndObject();
        }
        if (r.yanked()) {
            json.writeBooleanField("yanked", true);
        }
        json.writeNumberField("size", f.size());
        if (f.uploadTime() != null) {
            json.writeStringField("upload-time", Formats.uploadTime(f.uploadTime()));
        }
        json.writeEndObject();
    }

    private static void meta(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("meta");
        json.writeStringField("api-version", SimplePageViews.REPOSITORY_VERSION);
        json.writeEndObject();
    }
}
