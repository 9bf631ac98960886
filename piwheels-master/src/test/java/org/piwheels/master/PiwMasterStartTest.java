package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.ExitCodes;
import org.piwheels.db.DatabaseConfig;
import org.piwheels.db.embedded.EmbeddedPostgresServer;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;

/** What piw-master refuses before it starts anything. */
@ExtendWith(PiwheelsDatabaseExtension.class)
class PiwMasterStartTest {

    @Test
    void refusesRoot() throws Exception {
        try {
            int status = CommandRunner.run(new PiwMaster(() -> true), "master",
                    new String[] {"--dsn", "postgres://127.0.0.1:9/none"}, List.of());
            assertThat(status).isEqualTo(ExitCodes.FAILED);
        } finally {
            // the command configured logging for a real run; give the other tests theirs back
            ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
            ctx.reset();
            new ch.qos.logback.classic.util.ContextInitializer(ctx).autoConfig();
        }
    }

    /** Runs the command as a non-root user with every queue on inproc, so a failed refusal binds nothing outside. */
    private static int runAsUser(String dsn, java.nio.file.Path output) {
        String p = "inproc://start-" + System.nanoTime() + "-";
        return org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> {
            try {
                return CommandRunner.run(new PiwMaster(() -> false), "master", new String[] {"--dsn", dsn,
                        "-o", output.toString(), "--status-queue", p + "status", "--control-queue", p + "control",
                        "--import-queue", p + "import", "--log-queue", p + "log", "--slave-queue", p + "slave",
                        "--file-queue", p + "file", "--admin-secret", output.resolve("admin.secret").toString()},
                        List.of());
            } finally {
                ch.qos.logback.classic.LoggerContext ctx =
                        (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
                ctx.reset();
                new ch.qos.logback.classic.util.ContextInitializer(ctx).autoConfig();
            }
        });
    }

    private static String dsn(TestDatabase db, String user) {
        return "postgres://" + user + "@127.0.0.1:" + db.server().port() + "/" + db.name();
    }

    @Test
    void theCommandRefusesASuperuserDsn(TestDatabase db, @org.junit.jupiter.api.io.TempDir java.nio.file.Path out) {
        assertThat(runAsUser(dsn(db, EmbeddedPostgresServer.SUPERUSER), out)).isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void theCommandRefusesAnotherSchemaVersion(TestDatabase db, @org.junit.jupiter.api.io.TempDir java.nio.file.Path out)
            throws Exception {
        try (Connection c = db.adminConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE configuration SET version = '0.17'");
        }
        try {
            assertThat(runAsUser(dsn(db, db.appRole()), out)).isEqualTo(ExitCodes.FAILED);
        } finally {
            try (Connection c = db.adminConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE configuration SET version = '" + org.piwheels.db.schema.SchemaVersions.CURRENT + "'");
            }
        }
    }

    @Test
    void refusesASuperuserConnection(TestDatabase db) {
        DatabaseConfig superuser = DatabaseConfig.of(db.jdbcUrl(), EmbeddedPostgresServer.SUPERUSER, null);
        assertThat(MasterLauncher.checkDatabase(superuser)).contains("superuser");
    }

    @Test
    void refusesARoleWithMoreRightsThanTheMasterNeedsNamingThem(TestDatabase db) throws Exception {
        String role = "big_" + db.name().toLowerCase().replaceAll("[^a-z0-9_]", "_");
        db.clusterAdmin().createRole(role, false);
        try (Connection c = db.adminConnection(); Statement s = c.createStatement()) {
            s.execute("GRANT " + db.appRole() + " TO " + role);
            s.execute("GRANT CONNECT ON DATABASE \"" + db.name() + "\" TO " + role);
            s.execute("ALTER ROLE " + role + " CREATEDB");
            s.execute("GRANT DELETE ON builds TO " + role);
        }
        DatabaseConfig big = DatabaseConfig.of(db.jdbcUrl(), role, null);
        assertThat(MasterLauncher.checkDatabase(big)).contains("more rights than the master needs")
                .contains("may create databases (CREATEDB)").contains("may change directly builds");
        try (Connection c = db.adminConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + role + " NOCREATEDB");
            s.execute("REVOKE DELETE ON builds FROM " + role);
        }
        assertThat(MasterLauncher.checkDatabase(big)).isNull();
    }

    @Test
    void acceptsTheApplicationRoleOnOurVersion(TestDatabase db) {
        assertThat(MasterLauncher.checkDatabase(db.config())).isNull();
    }

    @Test
    void refusesAnotherSchemaVersionNamingBoth(TestDatabase db) throws Exception {
        try (Connection c = db.adminConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE configuration SET version = '0.17'");
        }
        try {
            String refusal = MasterLauncher.checkDatabase(db.config());
            assertThat(refusal).contains("0.17").contains(org.piwheels.db.schema.SchemaVersions.CURRENT)
                    .contains("piw-initdb");
        } finally {
            try (Connection c = db.adminConnection(); Statement s = c.createStatement()) {
                s.execute("UPDATE configuration SET version = '" + org.piwheels.db.schema.SchemaVersions.CURRENT + "'");
            }
        }
    }
}
