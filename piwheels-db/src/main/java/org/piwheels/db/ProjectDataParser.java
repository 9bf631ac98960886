package org.piwheels.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Turns the JSON of {@code get_project_data} into {@link ProjectData}. */
final class ProjectDataParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ProjectDataParser() {
    }

    static ProjectData parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("malformed project data", e);
        }
        Map<String, ProjectData.Release> releases = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("releases").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            releases.put(e.getKey(), release(e.getValue()));
        }
        return new ProjectData(text(root.get("name")), text(root.get("description")), releases);
    }

    private static ProjectData.Release release(JsonNode node) {
        Map<String, ProjectData.File> files = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("files").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode f = e.getValue();
            files.put(e.getKey(), new ProjectData.File(
                    f.path("location").asText(),
                    f.path("hash").asText().strip(),
                    f.path("size").asLong(),
                    f.path("abi_builder").asText(),
                    f.path("abi_file").asText(),
                    f.path("platform").asText(),
                    text(f.get("requires_python")),
                    names(f.get("apt_dependencies")),
                    names(f.get("pip_dependencies")),
                    text(f.get("core_metadata"))));
        }
        Map<String, ProjectData.AbiStatus> abis = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("abis").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode id = e.getValue().get("build_id");
            abis.put(e.getKey(), new ProjectData.AbiStatus(
                    e.getValue().path("status").asText(),
                    id == null || id.isNull() ? null : id.asInt()));
        }
        // The rendering follows the session TimeZone; the offset makes it unambiguous.
        OffsetDateTime released = OffsetDateTime.parse(node.path("released").asText());
        return new ProjectData.Release(node.path("yanked").asBoolean(), released.toInstant(),
                node.path("skip").asText(), files, abis);
    }

    // 0.23 renders an empty list as {} (spec §8.1.5); both shapes mean "none".
    private static Set<String> names(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> names.add(n.asText()));
        }
        return names;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
