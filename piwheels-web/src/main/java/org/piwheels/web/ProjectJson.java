package org.piwheels.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.List;

/**
 * The piwheels JSON API document {@code project/<pkg>/json/index.json} (web
 * spec §5.8). Keys and their order are those of 0.23; the release key
 * {@code abis} (per-ABI status, build id and log URL) is our addition, allowed
 * by the add-only contract.
 */
final class ProjectJson {
    // field names written for every release, file and ABI: encoded once
    private static final SerializedString RELEASED = new SerializedString("released");
    private static final SerializedString PRERELEASE = new SerializedString("prerelease");
    private static final SerializedString YANKED = new SerializedString("yanked");
    private static final SerializedString SKIP_REASON = new SerializedString("skip_reason");
    private static final SerializedString FILES = new SerializedString("files");
    private static final SerializedString FILE_URL = new SerializedString("file_url");
    private static final SerializedString FILEHASH = new SerializedString("filehash");
    private static final SerializedString FILESIZE = new SerializedString("filesize");
    private static final SerializedString BUILDER_ABI = new SerializedString("builder_abi");
    private static final SerializedString FILE_ABI_TAG = new SerializedString("file_abi_tag");
    private static final SerializedString PLATFORM = new SerializedString("platform");
    private static final SerializedString REQUIRES_PYTHON = new SerializedString("requires_python");
    private static final SerializedString APT_DEPENDENCIES = new SerializedString("apt_dependencies");
    private static final SerializedString PIP_DEPENDENCIES = new SerializedString("pip_dependencies");
    private static final SerializedString ABIS = new SerializedString("abis");
    private static final SerializedString STATUS = new SerializedString("status");
    private static final SerializedString BUILD_ID = new SerializedString("build_id");
    private static final SerializedString LOG_URL = new SerializedString("log_url");

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
        }, 200 + 900 * sorted.releases().stream().mapToInt(r -> 1 + r.files().size()).sum());
    }

    private static void release(JsonGenerator json, String pkg, ProjectReleases.Entry entry) throws IOException {
        ProjectInput.Release r = entry.release();
        json.writeStartObject();
        json.writeFieldName(RELEASED);
        json.writeString(Formats.dateTime(r.released()));
        json.writeFieldName(PRERELEASE);
        json.writeBoolean(entry.prerelease());
        json.writeFieldName(YANKED);
        json.writeBoolean(r.yanked());
        JsonText.stringOrNull(json, SKIP_REASON, r.skipReason());
        json.writeFieldName(FILES);
        json.writeStartObject();
        for (ProjectInput.WheelFile f : entry.files()) {
            json.writeObjectFieldStart(f.filename());
            json.writeFieldName(FILE_URL);
            json.writeString(f.url(pkg));
            json.writeFieldName(FILEHASH);
            json.writeString(f.sha256());
            json.writeFieldName(FILESIZE);
            json.writeNumber(f.size());
            JsonText.stringOrNull(json, BUILDER_ABI, f.builderAbi());
            JsonText.stringOrNull(json, FILE_ABI_TAG, f.fileAbi());
            JsonText.stringOrNull(json, PLATFORM, f.platform());
            JsonText.stringOrNull(json, REQUIRES_PYTHON, f.requiresPython());
            sortedStrings(json, APT_DEPENDENCIES, f.aptDependencies());
            sortedStrings(json, PIP_DEPENDENCIES, f.pipDependencies());
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeFieldName(ABIS);
        json.writeStartObject();
        for (String abi : AbiColumns.columns(List.of(r))) {
            ProjectInput.AbiBuild b = r.abis().get(abi);
            json.writeObjectFieldStart(abi);
            JsonText.stringOrNull(json, STATUS, b.status());
            if (b.buildId() == null) {
                json.writeFieldName(BUILD_ID);
                json.writeNull();
                json.writeFieldName(LOG_URL);
                json.writeNull();
            } else {
                json.writeFieldName(BUILD_ID);
                json.writeNumber(b.buildId());
                json.writeFieldName(LOG_URL);
                json.writeString(BuildLogPaths.url(b.buildId()));
            }
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void sortedStrings(JsonGenerator json, SerializedString field, java.util.Collection<String> values)
            throws IOException {
        json.writeFieldName(field);
        json.writeStartArray();
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
