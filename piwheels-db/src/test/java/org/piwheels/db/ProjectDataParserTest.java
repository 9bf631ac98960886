package org.piwheels.db;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectDataParserTest {

    @Test
    void parsesOffsetsAndBothEmptyListShapes() {
        ProjectData data = ProjectDataParser.parse("{\"name\": \"Foo\", \"description\": \"d\", \"releases\": {"
                + "\"1.0\": {\"yanked\": true, \"released\": \"2001-02-03T05:05:06+01:00\", \"skip\": \"\","
                + " \"files\": {\"f.whl\": {\"location\": \"/simple\", \"hash\": \"h\", \"size\": 3,"
                + " \"abi_builder\": \"cp34m\", \"abi_file\": \"none\", \"platform\": \"any\", \"requires_python\": null,"
                + " \"apt_dependencies\": {}, \"pip_dependencies\": [\"a\", \"b\"], \"core_metadata\": \"m\"}},"
                + " \"abis\": {\"cp34m\": {\"status\": \"pending\", \"build_id\": null},"
                + " \"cp35m\": {\"status\": \"success\", \"build_id\": 7}}}}}");
        assertThat(data.name()).isEqualTo("Foo");
        ProjectData.Release release = data.releases().get("1.0");
        assertThat(release.released()).isEqualTo(Instant.parse("2001-02-03T04:05:06Z"));
        assertThat(release.yanked()).isTrue();
        assertThat(release.files().get("f.whl")).isEqualTo(new ProjectData.File("/simple", "h", 3, "cp34m", "none",
                "any", null, Set.of(), Set.of("a", "b"), "m"));
        assertThat(release.abis()).isEqualTo(Map.of("cp34m", new ProjectData.AbiStatus("pending", null),
                "cp35m", new ProjectData.AbiStatus("success", 7)));
    }
}
