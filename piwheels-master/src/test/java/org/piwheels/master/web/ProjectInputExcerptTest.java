package org.piwheels.master.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.piwheels.testing.DocSnippets;
import org.piwheels.testing.JavaExcerpt;

/**
 * docs/web.md shows how a master maps the database's project data onto the web
 * module's input; the excerpt compiles against the real classes (ProjectInputs is
 * the master's own version of it).
 */
class ProjectInputExcerptTest {
    @Test
    void theDocumentedMappingCompiles() {
        String excerpt = DocSnippets.text("web/project-input-mapping");
        String wrapper = """
                import java.util.LinkedHashMap;
                import java.util.List;
                import java.util.Map;
                import org.piwheels.db.Database;
                import org.piwheels.db.ProjectData;
                import org.piwheels.web.CoreMetadataFiles;
                import org.piwheels.web.ProjectInput;

                class MappingExcerpt {
                    static ProjectInput excerpt(Database db, CoreMetadataFiles metadata, String pkg) {
                """ + excerpt + """
                    }
                }
                """;
        assertThat(JavaExcerpt.compile("MappingExcerpt", wrapper)).isEmpty();
    }
}
