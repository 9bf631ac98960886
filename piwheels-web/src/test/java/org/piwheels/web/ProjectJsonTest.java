package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectJsonTest {
    @TempDir
    Path root;

    private JsonNode write(ProjectInput p, String baseUrl) throws IOException {
        SiteWriter writer = new SiteWriter(new SiteConfig(root, baseUrl, false), new MutableClock(Fixtures.NOW));
        writer.start(List.of());
        writer.writeProjectPage(p);
        Path file = root.resolve("project/" + p.canonicalName() + "/json/index.json");
        for (byte b : Files.readAllBytes(file)) {
            assertThat(b).as("ASCII only, as 0.23 wrote it").isNotNegative();
        }
        return new ObjectMapper().readTree(file.toFile());
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void documentHasExactlyThe023KeysInTheirOrderPlusTheAddedAbis() throws IOException {
        JsonNode doc = write(Fixtures.fooBar(), "https://www.piwheels.org");
        assertThat(keys(doc)).containsExactly("package", "summary", "pypi_url", "piwheels_url", "releases");
        assertThat(doc.get("package").asText()).isEqualTo("foo-bar");
        assertThat(doc.get("summary").asText()).isEqualTo("Frobnicates bars");
        assertThat(doc.get("pypi_url").asText()).isEqualTo("https://pypi.org/project/foo-bar");
        assertThat(doc.get("piwheels_url").asText()).isEqualTo("https://www.piwheels.org/project/foo-bar");
        assertThat(keys(doc.get("releases"))).containsExactly("1.10", "1.1", "1.1rc1", "1.0", "0.9");

        JsonNode rel = doc.at("/releases/1.1");
        assertThat(keys(rel)).containsExactly("released", "prerelease", "yanked", "skip_reason", "files", "abis");
        assertThat(rel.get("released").asText()).isEqualTo("2023-05-01 10:00:00");
        assertThat(rel.get("prerelease").asBoolean()).isFalse();
        assertThat(doc.at("/releases/1.1rc1/prerelease").asBoolean()).isTrue();
        assertThat(doc.at("/releases/1.0/yanked").asBoolean()).isTrue();
        assertThat(doc.at("/releases/0.9/skip_reason").asText()).isEqualTo("binary only");
        assertThat(doc.at("/releases/0.9/files").isObject()).isTrue();
        assertThat(doc.at("/releases/0.9/files").size()).isZero();

        JsonNode file = rel.get("files").get("foo_bar-1.1-cp39-cp39-linux_armv7l.whl");
        assertThat(keys(file)).containsExactly("file_url", "filehash", "filesize", "builder_abi", "file_abi_tag",
                "platform", "requires_python", "apt_dependencies", "pip_dependencies");
        assertThat(file.get("file_url").asText()).isEqualTo("/simple/foo-bar/foo_bar-1.1-cp39-cp39-linux_armv7l.whl");
        assertThat(file.get("filehash").asText()).isEqualTo(Fixtures.HASH_B);
        assertThat(file.get("filesize").asLong()).isEqualTo(5242880);
        assertThat(file.get("builder_abi").asText()).isEqualTo("cp39");
        assertThat(file.get("file_abi_tag").asText()).isEqualTo("cp39");
        assertThat(file.get("platform").asText()).isEqualTo("linux_armv7l");
        assertThat(file.get("requires_python").asText()).isEqualTo(">=3.8");
        assertThat(file.get("apt_dependencies")).extracting(JsonNode::asText).containsExactly("libatlas3-base");
        assertThat(file.get("pip_dependencies")).extracting(JsonNode::asText).containsExactly("numpy");
        assertThat(doc.at("/releases/1.0/files/foo_bar-1.0-py3-none-any.whl/requires_python").isNull()).isTrue();

        assertThat(rel.at("/abis/cp39/status").asText()).isEqualTo("success");
        assertThat(rel.at("/abis/cp39/build_id").asLong()).isEqualTo(1234567);
        assertThat(rel.at("/abis/cp39/log_url").asText()).isEqualTo("/logs/0000/0123/4567.txt.gz");
        assertThat(doc.at("/releases/1.10/abis/cp39/log_url").isNull()).isTrue();
    }

    @Test
    void baseUrlIsConfigurableAndNonAsciiIsEscaped() throws IOException {
        ProjectInput p = new ProjectInput("caf", null, "Caf\u00e9 \u2615", List.of(new ProjectInput.Release("1.0",
                false, Instant.EPOCH, "", List.of(new ProjectInput.WheelFile("caf-1.0-py3-none-any.whl",
                "https://archive.example.org/", Fixtures.HASH_A, 1, "cp311", "none", "any", null, Set.of("b", "a"),
                Set.of(), null, null)), java.util.Map.of())), List.of());
        JsonNode doc = write(p, "https://pi.example.org/");
        assertThat(doc.get("piwheels_url").asText()).isEqualTo("https://pi.example.org/project/caf");
        assertThat(doc.get("summary").asText()).isEqualTo("Caf\u00e9 \u2615");
        assertThat(Files.readString(root.resolve("project/caf/json/index.json"))).contains("Caf\\u00E9 \\u2615");
        JsonNode file = doc.at("/releases/1.0/files/caf-1.0-py3-none-any.whl");
        assertThat(file.get("file_url").asText()).isEqualTo("https://archive.example.org/caf/caf-1.0-py3-none-any.whl");
        assertThat(file.get("apt_dependencies")).extracting(JsonNode::asText).containsExactly("a", "b");
    }
}
