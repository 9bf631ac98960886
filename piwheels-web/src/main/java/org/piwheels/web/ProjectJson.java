package org.piwheels.web;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;

/**
 * The piwheels JSON API document {@code project/<pkg>/json/index.json} (web
 * spec §5.8). Keys and their order are those of 0.23; the release key
 * {@code abis} (per-ABI status, build id and log URL) is our addition, allowed
 * by the add-only contract.
 */
final class ProjectJson {
    private ProjectJson() {
    }

    static byte[] document(ProjectReleases sorted, String baseUrl) {
        ProjectInput project = sorted.project();
        String pkg = project.canonicalName();
        return JsonText.bytes(json -> {
            json.writeStartObject();
            json.writeStringField("package", pkg);
            JsonText.stringOrNull(json, "summary", project.summary());
            json.writeStringField("pypi_url", "https://pypi.org/project/" + pkg);
            json.writeStringField("piwheels_url", baseUrl + "/project/" + pkg);
            json.writeObjectFieldStart("releases");
            for (ProjectReleases.Entry r : sorted.releases()) {
                json.writeFieldName(r.release().version());
                release(json, pkg, r);
            }
            json.writeEndObject();
            json.writeEndObject();
        }, 4096);
    }

    private static void release(JsonGenerator json, String pkg, ProjectReleases.Entry entry) throws IOException {
        ProjectInput.Release r = entry.release();
        json.writeStartObject();
        json.writeStringField("released", Formats.dateTime(r.released()));
        json.writeBooleanField("prerelease", entry.prerelease());
        json.writeBooleanField("yanked", r.yanked());
        JsonText.stringOrNull(json, "skip_reason", r.skipReason());
        json.writeObjectFieldStart("files");
        for (ProjectInput.WheelFile f : entry.files()) {
            json.writeObjectFieldStart(f.filename());
            json.writeStringField("file_url", f.url(pkg));
            json.writeStringField("filehash", f.sha256());
            json.writeNumberField("filesize", f.size());
            JsonText.stringOrNull(json, "builder_abi", f.builderAbi());
            JsonText.stringOrNull(json, "file_abi_tag", f.fileAbi());
            JsonText.stringOrNull(json, "platform", f.platform());
            JsonText.stringOrNull(json, "requires_python", f.requiresPython());
            sortedStrings(json, "apt_dependencies", f.aptDependencies());
            sortedStrings(json, "pip_dependencies", f.pipDependencies());
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeObjectFieldStart("abis");
        for (String abi : AbiColumns.columns(List.of(r))) {
            ProjectInput.AbiBuild b = r.abis().get(abi);
            json.writeObjectFieldStart(abi);
            JsonText.stringOrNull(json, "status", b.status());
            if (b.buildId() == null) {
                json.writeNullField("build_id");
                json.writeNullField("log_url");
            } else {
                json.writeNumberField("build_id", b.buildId());
                json.writeStringField("log_url", BuildLogPaths.url(b.buildId()));
            }
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void sortedStrings(JsonGenerator json, String field, java.util.Collection<String> values)
            throws IOException {
        json.writeArrayFieldStart(field);
        if (values.size() == 1) {
            json.writeString(values.iterator().next());
        } else if (!values.isEmpty()) {
            for (String v : values.stream().sorted().toList()) {
                json.writeString(v);
            }
        }
        json.writeEndArray();
    }
}
