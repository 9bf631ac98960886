package org.piwheels.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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

    // field names written for every file: encoded once
    private static final SerializedString FILENAME = new SerializedString("filename");
    private static final SerializedString URL = new SerializedString("url");
    private static final SerializedString HASHES = new SerializedString("hashes");
    private static final SerializedString SHA256 = new SerializedString("sha256");
    private static final SerializedString REQUIRES_PYTHON = new SerializedString("requires-python");
    private static final SerializedString CORE_METADATA = new SerializedString("core-metadata");
    private static final SerializedString YANKED = new SerializedString("yanked");
    private static final SerializedString SIZE = new SerializedString("size");
    private static final SerializedString UPLOAD_TIME = new SerializedString("upload-time");

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
        }, 200 + 400 * sorted.releases().stream().mapToInt(r -> 1 + r.files().size()).sum());
    }

    private static void file(JsonGenerator json, String pkg, ProjectInput.Release r, ProjectInput.WheelFile f)
            throws IOException {
        json.writeStartObject();
        json.writeFieldName(FILENAME);
        json.writeString(f.filename());
        json.writeFieldName(URL);
        json.writeString(f.url(pkg));
        json.writeFieldName(HASHES);
        json.writeStartObject();
        json.writeFieldName(SHA256);
        json.writeString(f.sha256());
        json.writeEndObject();
        if (f.requiresPython() != null && !f.requiresPython().isEmpty()) {
            json.writeFieldName(REQUIRES_PYTHON);
            json.writeString(f.requiresPython());
        }
        if (f.coreMetadataSha256() != null) {
            json.writeFieldName(CORE_METADATA);
            json.writeStartObject();
            json.writeFieldName(SHA256);
            json.writeString(f.coreMetadataSha256());
            json.writeEndObject();
        }
        if (r.yanked()) {
            json.writeFieldName(YANKED);
            json.writeBoolean(true);
        }
        json.writeFieldName(SIZE);
        json.writeNumber(f.size());
        if (f.uploadTime() != null) {
            json.writeFieldName(UPLOAD_TIME);
            json.writeString(Formats.uploadTime(f.uploadTime()));
        }
        json.writeEndObject();
    }

    private static void meta(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("meta");
        json.writeStringField("api-version", SimplePageViews.REPOSITORY_VERSION);
        json.writeEndObject();
    }
}
