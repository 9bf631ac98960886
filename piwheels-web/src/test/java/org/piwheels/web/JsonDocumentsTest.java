package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON documents are streamed with a {@code JsonGenerator}; before, they were
 * built as maps and serialised by an {@code ObjectMapper} (compact, non-ASCII
 * escaped). Reading each document of the sample site into ordered maps and
 * serialising it that way must give exactly the bytes on disk, so the switch
 * changed no byte (an unchanged file is not rewritten, and mirrors stay quiet).
 */
class JsonDocumentsTest {
    private static final ObjectMapper MAPS = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    @TempDir
    Path root;

    @Test
    void everyDocumentIsWhatTheMapSerialiserWrote() throws Exception {
        SampleSite site = SampleSite.write(root);
        site.writer.writeSearchIndex(site.downloads);
        List<Path> documents;
        try (Stream<Path> files = Files.walk(root)) {
            documents = files.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
        }
        assertThat(documents).extracting(p -> root.relativize(p).toString())
                .contains("packages.json", "simple/index.v1.json", "simple/tiny-calc/index.v1.json",
                        "project/tiny-calc/json/index.json");
        boolean escapedSomething = false;
        for (Path p : documents) {
            byte[] written = Files.readAllBytes(p);
            Object parsed = MAPS.readValue(written, Object.class); // objects as LinkedHashMaps: order kept
            assertThat(new String(written, StandardCharsets.US_ASCII))
                    .as(root.relativize(p).toString())
                    .isEqualTo(MAPS.writeValueAsString(parsed));
            for (byte b : written) {
                assertThat(b & 0x80).as("ASCII only: " + p).isZero();
            }
            escapedSomething |= new String(written, StandardCharsets.US_ASCII).contains("\\u");
        }
        assertThat(escapedSomething).as("the sample's unicode summary is escaped somewhere").isTrue();
        // a key order check on one document: 0.23's order
        @SuppressWarnings("unchecked")
        Map<String, Object> project = MAPS.readValue(root.resolve("project/tiny-calc/json/index.json").toFile(), Map.class);
        assertThat(List.copyOf(project.keySet())).containsExactly("package", "summary", "pypi_url", "piwheels_url", "releases");
    }
}
