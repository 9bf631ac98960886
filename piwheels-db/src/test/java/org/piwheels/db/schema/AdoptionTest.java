package org.piwheels.db.schema;

import org.junit.jupiter.api.Test;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseConfig;
import org.piwheels.db.testing.SharedPostgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checklist §9: a database that looks as piwheels 0.23 made it (our baseline
 * changesets, then Liquibase's bookkeeping dropped), full of data, is adopted
 * and upgraded without losing a row.
 */
class AdoptionTest {

    private static final List<String> TABLES = List.of("configuration", "packages", "package_names", "versions",
            "build_abis", "builds", "files", "dependencies", "downloads", "searches", "project_page_hits",
            "project_json_downloads", "web_page_hits", "rewrites_pending", "preinstalled_apt_packages");

    @Test
    void adoptsA023DatabaseKeepingEveryRow() throws Exception {
        SharedPostgres pg = SharedPostgres.get();
        String db = "adopt_023";
        pg.admin().dropDatabase(db);
        pg.admin().createDatabase(db);
        try (Connection admin = pg.server().connectAsSuperuser(db)) {
            SchemaMigrator.migrate(admin, SchemaVersions.BASELINE_CHANGELOG, "piwheels");
            exec(admin, "DROP SCHEMA liquibase CASCADE");
            admin.commit();
            admin.setAutoCommit(true);
            fill(admin);
            // A body as another implementation might have written it: adoption must replace it.
            exec(admin, "CREATE OR REPLACE FUNCTION test_package(pkg text) RETURNS boolean LANGUAGE sql"
                    + " RETURNS NULL ON NULL INPUT SECURITY DEFINER SET search_path = public, pg_temp"
                    + " AS $$ SELECT false $$");
            assertThat(VersionDetector.detect(admin).version()).isEqualTo("0.23");
            List<String> before = dump(admin);

            assertThat(DatabaseInitializer.run(admin, "piwheels", q -> true))
                    .isEqualTo(DatabaseInitializer.Outcome.UPGRADED);

            admin.setAutoCommit(true);
            List<String> after = dump(admin);
            // 0.23-j5 adds files.core_metadata_hash: every file row gains one empty (NULL) field, nothing else changes
            List<String> expected = before.subList(1, before.size()).stream()
                    .map(r -> r.startsWith("files:") ? r + "|" : r).toList();
            assertThat(after.subList(1, after.size())).isEqualTo(expected);
            assertThat(after.get(0)).isEqualTo("configuration:1|" + SchemaVersions.CURRENT + "|4242");
            assertThat(rows(admin, "SELECT id || ':' || exectype FROM liquibase.databasechangelog ORDER BY orderexecuted"))
                    .containsExactly("0.23-tables:MARK_RAN", "0.23-routines:EXECUTED", "0.23-j1:EXECUTED", "0.23-j2:EXECUTED", "0.23-j2-statistics:EXECUTED", "0.23-j3:EXECUTED", "0.23-j4:EXECUTED", "0.23-j5:EXECUTED");
        }
        try (Database dal = Database.open(DatabaseConfig.of(pg.server().jdbcUrl(db), "piwheels", null))) {
            assertThat(dal.testPackage("foo")).isTrue();
            assertThat(dal.getPypiSerial()).isEqualTo(4242);
            assertThat(dal.getBuildQueue(10)).containsOnlyKeys("cp35m");
        }
        pg.admin().dropDatabase(db);
    }

    /**
     * A database at 0.23-j3 (queue and statistics kept by its row triggers)
     * is upgraded to the current version keeping every row, its queue and its
     * statistics; afterwards the new triggers keep both as a recomputation
     * would.
     */
    @Test
    void upgradesAJ3DatabaseKeepingItsQueueAndStatistics() throws Exception {
        SharedPostgres pg = SharedPostgres.get();
        String db = "upgrade_j3";
        pg.admin().dropDatabase(db);
        pg.admin().createDatabase(db);
        try (Connection admin = pg.server().connectAsSuperuser(db)) {
            SchemaMigrator.migrate(admin, "org/piwheels/db/changelog/upto-j3.xml", "piwheels");
            admin.commit();
            admin.setAutoCommit(true);
            assertThat(VersionDetector.detect(admin).version()).isEqualTo("0.23-j3");
            fill(admin);
            exec(admin, "SELECT add_new_package_version('foo', '0.3', '2019-03-01'),"
                    + " set_requires_python('foo', '0.3', '>=3.5', '{304}')");
            String queue = "SELECT abi_tag || '|' || package || '|' || version FROM builds_pending ORDER BY 1";
            String statistics = "SELECT builds_time || '|' || builds_size || '|' || packages_built || '|' || files_count"
                    + " FROM get_statistics()";
            List<String> before = dump(admin);
            List<String> queueBefore = rows(admin, queue);
            List<String> statisticsBefore = rows(admin, statistics);
            assertThat(queueBefore).containsExactly("cp35m|foo|0.1", "cp35m|foo|0.3");

            assertThat(DatabaseInitializer.run(admin, "piwheels", q -> true))
                    .isEqualTo(DatabaseInitializer.Outcome.UPGRADED);

            admin.setAutoCommit(true);
            List<String> after = dump(admin);
            assertThat(after.get(0)).isEqualTo("configuration:1|" + SchemaVersions.CURRENT + "|4242");
            // 0.23-j5 adds files.core_metadata_hash: every file row gains one empty (NULL) field, nothing else changes
            List<String> expected = before.subList(1, before.size()).stream()
                    .map(r -> r.startsWith("files:") ? r + "|" : r).toList();
            assertThat(after.subList(1, after.size())).isEqualTo(expected);
            assertThat(rows(admin, queue)).isEqualTo(queueBefore);
            assertThat(rows(admin, statistics)).isEqualTo(statisticsBefore);
            assertThat(rows(admin, "SELECT id FROM liquibase.databasechangelog WHERE exectype = 'EXECUTED'"
                    + " AND orderexecuted > (SELECT MAX(orderexecuted) FROM liquibase.databasechangelog"
                    + " WHERE id = '0.23-j3')")).containsExactly("0.23-j4", "0.23-j5");

            // the new triggers at work on the upgraded database
            exec(admin, "SELECT log_build_success('foo', '0.3', 3, INTERVAL '2 minutes', 'cp35m',"
                    + " ARRAY[ROW('foo-0.3-py3-none-any.whl', NULL, 50, repeat('b', 64), 'foo', '0.3',"
                    + " 'py3', 'none', 'any', NULL, '/simple', NULL)::files], ARRAY[]::dependencies[])");
            assertThat(rows(admin, queue)).containsExactly("cp35m|foo|0.1");
            assertThat(rows(admin, statistics)).containsExactly("00:08:00|150|1|2");
        }
        pg.admin().dropDatabase(db);
    }

    @Test
    void upgradesAJ3DatabaseLeavingItsCoreMetadataHashesUnknown() throws Exception {
        SharedPostgres pg = SharedPostgres.get();
        String db = "upgrade_023_j3";
        pg.admin().dropDatabase(db);
        pg.admin().createDatabase(db);
        String wheel = "foo-0.1-cp34-cp34m-linux_armv7l.whl";
        try (Connection admin = pg.server().connectAsSuperuser(db)) {
            // the changelog as release 0.23-j3 had it (test resource): master.xml up to 0.23-j3
            SchemaMigrator.migrate(admin, "org/piwheels/db/changelog/upto-j3.xml", "piwheels");
            admin.commit();
            admin.setAutoCommit(true);
            fill(admin);
            assertThat(VersionDetector.detect(admin).version()).isEqualTo("0.23-j3");
            List<String> before = dump(admin);

            assertThat(DatabaseInitializer.run(admin, "piwheels", q -> true))
                    .isEqualTo(DatabaseInitializer.Outcome.UPGRADED);

            admin.setAutoCommit(true);
            List<String> after = dump(admin);
            List<String> expected = before.subList(1, before.size()).stream()
                    .map(r -> r.startsWith("files:") ? r + "|" : r).toList();
            assertThat(after.subList(1, after.size())).isEqualTo(expected);
            assertThat(after.get(0)).isEqualTo("configuration:1|" + SchemaVersions.CURRENT + "|4242");
            // the steps up to 0.23-j3 are not run again; 0.23-j5 is the last one run
            List<String> steps = rows(admin, "SELECT id FROM liquibase.databasechangelog ORDER BY orderexecuted");
            assertThat(steps).doesNotHaveDuplicates()
                    .startsWith("0.23-tables", "0.23-routines", "0.23-j1", "0.23-j2", "0.23-j2-statistics", "0.23-j3")
                    .endsWith("0.23-j5");
        }
        try (Database dal = Database.open(DatabaseConfig.of(pg.server().jdbcUrl(db), "piwheels", null))) {
            assertThat(dal.getProjectData("foo").releases().get("0.1").files().get(wheel).coreMetadataHash()).isNull();
            assertThat(dal.setCoreMetadataHashes(java.util.Map.of(wheel, "e".repeat(64)))).isEqualTo(1);
            assertThat(dal.getProjectData("foo").releases().get("0.1").files().get(wheel).coreMetadataHash())
                    .isEqualTo("e".repeat(64));
            assertThat(dal.getBuildQueue(10)).containsOnlyKeys("cp35m");
        }
        pg.admin().dropDatabase(db);
    }

    private static void fill(Connection admin) throws SQLException {
        exec(admin, "INSERT INTO build_abis VALUES ('cp34m', ''), ('cp35m', ''), ('cp33m', 'retired')");
        exec(admin, "INSERT INTO preinstalled_apt_packages VALUES ('cp34m', 'libc')");
        exec(admin, "UPDATE configuration SET pypi_serial = 4242");
        exec(admin, "SELECT add_new_package('foo', '', 'Foo things'), add_new_package('bar', 'skipped', '')");
        exec(admin, "SELECT add_package_name('foo', 'Foo', '2020-01-01'), add_package_name('foo', 'foo', '1970-01-01')");
        exec(admin, "SELECT add_new_package_version('foo', '0.1', '2019-01-01'),"
                + " add_new_package_version('foo', '0.2', '2019-02-01', 'binary only'), yank_version('foo', '0.1')");
        exec(admin, "SELECT log_build_success('foo', '0.1', 1, INTERVAL '5 minutes', 'cp34m',"
                + " ARRAY[ROW('foo-0.1-cp34-cp34m-linux_armv7l.whl', NULL, 100, repeat('a', 64), 'foo', '0.1',"
                + " 'cp34', 'cp34m', 'linux_armv7l', '>=3', '/simple')::files],"
                + " ARRAY[ROW('foo-0.1-cp34-cp34m-linux_armv7l.whl', 'apt', 'libc6')::dependencies])");
        exec(admin, "SELECT log_build_failure('foo', '0.1', 2, INTERVAL '1 minute', 'cp33m')");
        exec(admin, "SELECT log_download('foo-0.1-cp34-cp34m-linux_armv7l.whl', '10.1.2.3', '2020-01-01', 'armv7l')");
        exec(admin, "SELECT log_search('foo', '2001:db8::2', '2020-01-02')");
        exec(admin, "SELECT log_project('foo', '10.0.0.1', '2020-01-03', 'pip')");
        exec(admin, "SELECT log_json('foo', '10.0.0.1', '2020-01-04', 'curl')");
        exec(admin, "SELECT log_page('home', '10.0.0.1', '2020-01-05', 'mozilla')");
        exec(admin, "SELECT save_rewrites_pending(ARRAY[ROW('foo', '2020-01-06', 'BOTH')::rewrites_pending])");
    }

    private static List<String> dump(Connection admin) throws SQLException {
        List<String> dump = new ArrayList<>();
        for (String table : TABLES) {
            for (String row : rows(admin, "SELECT t::text FROM " + table + " t ORDER BY t::text")) {
                dump.add(table + ":" + row.replaceAll("^\\(|\\)$", "").replace(',', '|'));
            }
        }
        dump.add("seq:" + rows(admin, "SELECT last_value FROM builds_build_id_seq").get(0));
        return dump;
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
