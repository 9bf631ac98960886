package org.piwheels.db.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.Database;
import org.piwheels.db.schema.DatabaseInitializer;

import java.nio.file.Path;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;

/** The dev-mode database: created once, reused across restarts, works as root. */
class EmbeddedDatabaseTest {

    @Test
    void createsThenReusesAPersistentCluster(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("pgdata");
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(data, 0)) {
            try (Database dal = Database.open(embedded.applicationConfig())) {
                assertThat(dal.isSuperuser()).isFalse();
                assertThat(dal.addNewPackage("persisted")).isTrue();
            }
        }
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(data, 0)) {
            try (Connection c = embedded.server().connectAsSuperuser(EmbeddedDatabase.DATABASE)) {
                assertThat(DatabaseInitializer.run(c, EmbeddedDatabase.APP_ROLE, q -> false))
                        .isEqualTo(DatabaseInitializer.Outcome.CURRENT);
            }
            try (Database dal = Database.open(embedded.applicationConfig())) {
                assertThat(dal.getAllPackages()).containsExactly("persisted");
            }
            assertThat(embedded.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
        }
    }
}
