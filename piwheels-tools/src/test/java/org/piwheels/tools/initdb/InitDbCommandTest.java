package org.piwheels.tools.initdb;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.YesNoPrompt;
import org.piwheels.db.schema.SchemaMigrator;
import org.piwheels.db.schema.SchemaVersions;
import org.piwheels.db.testing.SharedPostgres;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** piw-initdb against the embedded server (components spec §10, §19.12). */
class InitDbCommandTest {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static SharedPostgres pg;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private PrintStream savedErr;
    private PrintStream savedOut;

    @BeforeAll
    static void start() throws SQLException {
        pg = SharedPostgres.get();
        pg.admin().createRole("plain_admin", false);
    }

    @BeforeEach
    void capture() {
        savedErr = System.err;
        savedOut = System.out;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setErr(savedErr);
        System.setOut(savedOut);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private static String newDatabase() throws SQLException {
        String name = "cli_" + COUNTER.incrementAndGet();
        pg.admin().dropDatabase(name);
        pg.admin().createDatabase(name);
        return name;
    }

    private static String dsn(String role, String database) {
        return "postgres://" + role + "@127.0.0.1:" + pg.server().port() + "/" + database;
    }

    private int run(String input, List<Path> configFiles, String... args) {
        YesNoPrompt prompt = new YesNoPrompt(new BufferedReader(new StringReader(input)), System.out);
        return CommandRunner.run(new InitDbCommand(prompt), InitDbCommand.SECTION, args, configFiles);
    }

    private int run(String input, String... args) {
        return run(input, List.of(), args);
    }

    private static List<String> rows(String database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = pg.server().connectAsSuperuser(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static String version(String database) throws SQLException {
        return rows(database, "SELECT version FROM configuration").get(0);
    }

    private static long objects(String database) throws SQLException {
        return Long.parseLong(rows(database, "SELECT count(*) FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'liquibase')").get(0));
    }

    @Test
    void helpAndVersion() {
        assertThat(run("", "--help")).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).startsWith("Usage:").contains("--dsn", "--user", "--yes");
        stdout.reset();
        assertThat(run("", "--version")).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8).strip()).isEqualTo("0.23");
    }

    @Test
    void badOptionIsAUsageError() {
        assertThat(run("", "--no-such-option")).isEqualTo(2);
        assertThat(err()).contains("Try the --help option for more information.");
    }

    @Test
    void missingDatabase() {
        assertThat(run("", "-y", "-d", dsn("postgres", "no_such_db"))).isEqualTo(1);
        assertThat(err()).contains("Database no_such_db does not exist");
    }

    @Test
    void refusals() throws SQLException {
        String db = newDatabase();
        assertThat(run("", "-y", "-d", dsn("plain_admin", db))).isEqualTo(1);
        assertThat(err()).contains("User plain_admin is not a cluster superuser");
        assertThat(run("", "-y", "-d", dsn("postgres", db), "-u", "ghost")).isEqualTo(1);
        assertThat(err()).contains("User ghost doesn't exist as a cluster user");
        assertThat(run("", "-y", "-d", dsn("postgres", db), "-u", "postgres")).isEqualTo(1);
        assertThat(err()).contains("User postgres is a cluster superuser; this is not recommended");
        assertThat(objects(db)).isZero();
    }

    @Test
    void grantsAReportingUserReadOnlyAccess() throws SQLException {
        pg.admin().createRole("cli_reporter", false);
        String db = newDatabase();
        assertThat(run("", "--yes", "-d", dsn("postgres", db), "--reporting-user", "cli_reporter")).isZero();
        assertThat(err()).contains("Granted read-only access to cli_reporter");
        assertThat(rows(db, "SELECT has_database_privilege('cli_reporter', current_database(), 'CONNECT')"
                + " AND has_table_privilege('cli_reporter', 'packages', 'SELECT')"
                + " AND has_table_privilege('cli_reporter', 'builds_pending', 'SELECT')"
                + " AND NOT has_table_privilege('cli_reporter', 'packages', 'INSERT, UPDATE, DELETE, TRUNCATE')"
                + " AND NOT has_sequence_privilege('cli_reporter', 'builds_build_id_seq', 'USAGE, SELECT, UPDATE')"
                + " AND NOT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + "   WHERE n.nspname = 'public' AND has_function_privilege('cli_reporter', p.oid, 'EXECUTE'))"))
                .containsExactly("t");
        // the master's own role or a superuser is refused
        assertThat(run("", "--yes", "-d", dsn("postgres", db), "--reporting-user", "piwheels")).isEqualTo(1);
        assertThat(run("", "--yes", "-d", dsn("postgres", db), "--reporting-user", "postgres")).isEqualTo(1);
        assertThat(err()).contains("must not be the master's user").contains("a reporting user must not");
    }

    @Test
    void initialiseThenCurrent() throws SQLException {
        String db = newDatabase();
        assertThat(run("", "--yes", "-d", dsn("postgres", db))).isZero();
        assertThat(version(db)).isEqualTo(SchemaVersions.CURRENT);
        assertThat(run("", "-d", dsn("postgres", db))).isZero();
        assertThat(err()).contains("Database is the current version");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain("[Y/n]");
    }

    @Test
    void promptAnsweredNoChangesNothing() throws SQLException {
        String db = newDatabase();
        assertThat(run("maybe\nn\n", "-d", dsn("postgres", db))).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8))
                .contains("Do you wish to initialize the database? [Y/n] ")
                .contains("Invalid response");
        assertThat(objects(db)).isZero();
    }

    @Test
    void promptAnsweredYesInitialises() throws SQLException {
        String db = newDatabase();
        assertThat(run("\n", "-d", dsn("postgres", db))).isZero();
        assertThat(version(db)).isEqualTo(SchemaVersions.CURRENT);
    }

    @Test
    void adoptsAndUpgradesA023Database() throws SQLException {
        String db = newDatabase();
        try (Connection admin = pg.server().connectAsSuperuser(db)) {
            SchemaMigrator.migrate(admin, SchemaVersions.BASELINE_CHANGELOG, "piwheels");
            try (Statement st = admin.createStatement()) {
                st.execute("DROP SCHEMA liquibase CASCADE");
                st.execute("SELECT add_new_package('kept')");
            }
            admin.commit();
        }
        assertThat(run("y\n", "-d", dsn("postgres", db))).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8))
                .contains("Do you wish to proceed with the upgrade to " + SchemaVersions.CURRENT + "? [Y/n] ");
        assertThat(err()).contains("Detected database version 0.23");
        assertThat(version(db)).isEqualTo(SchemaVersions.CURRENT);
        assertThat(rows(db, "SELECT package FROM packages")).containsExactly("kept");
    }

    @Test
    void newerVersionHasNoUpgradePath() throws SQLException {
        String db = newDatabase();
        try (Connection admin = pg.server().connectAsSuperuser(db); Statement st = admin.createStatement()) {
            st.execute("CREATE TABLE configuration (id integer, version varchar(16), pypi_serial bigint)");
            st.execute("INSERT INTO configuration VALUES (1, '0.23-j9', 0)");
        }
        assertThat(run("", "-y", "-d", dsn("postgres", db))).isEqualTo(1);
        assertThat(err()).contains("Unable to find upgrade path from 0.23-j9 to " + SchemaVersions.CURRENT);
    }

    @Test
    void configurationFilesSupplyOptionsAndTheCommandLineWins(@TempDir Path dir) throws Exception {
        String db = newDatabase();
        Path etc = dir.resolve("piwheels.conf");
        // 0.23 deployments put dsn under [master]; [initdb] keys win over it.
        Files.writeString(etc, "[master]\ndsn = " + dsn("postgres", "no_such_db") + "\nuser = ghost\n"
                + "[initdb]\ndsn = " + dsn("postgres", db) + "\n");
        assertThat(run("", List.of(etc), "-y")).isEqualTo(1);
        assertThat(err()).contains("User ghost doesn't exist");
        assertThat(run("", List.of(etc), "-y", "--user", "piwheels")).isZero();
        assertThat(version(db)).isEqualTo(SchemaVersions.CURRENT);
        Path extra = dir.resolve("extra.conf");
        Files.writeString(extra, "dsn = " + dsn("postgres", "no_such_db") + "\n");
        stderr.reset();
        assertThat(run("", List.of(etc), "-y", "-u", "piwheels", "-c", extra.toString())).isEqualTo(1);
        assertThat(err()).contains("Database no_such_db does not exist");
    }
}
