package org.piwheels.db.schema;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checklist §1 against the facts of spec/database.md §1-§3 (no 0.23-created
 * database is available to compare with, so the expectations are written out
 * from the specification).
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class SchemaStructureTest {

    private static TestDatabase db;

    @BeforeAll
    static void setUp(TestDatabase database) {
        db = database;
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.adminConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    @Test
    void relationsOfPublic() throws SQLException {
        assertThat(rows("SELECT c.relname || ':' || c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'S') ORDER BY 1")).containsExactly(
                "build_abis:r", "builds:r", "builds_build_id_seq:S", "builds_pending:v", "configuration:r",
                "dependencies:r", "downloads:r", "files:r", "package_names:r", "packages:r",
                "preinstalled_apt_packages:r", "project_json_downloads:r", "project_page_hits:r",
                "rewrites_pending:r", "searches:r",
                // Beyond 0.23, added by changeset 0.23-j3:
                "version_abi_skips:v", "version_requires_python:r",
                "versions:r", "web_page_hits:r");
    }

    @Test
    void columnsInOrderWithTypesNullabilityAndDefaults() throws SQLException {
        String pipColumns = "|accessed_by:inet:t:null|accessed_at:timestamp without time zone:t:null"
                + "|arch:character varying(100):f:NULL::character varying"
                + "|distro_name:character varying(100):f:NULL::character varying"
                + "|distro_version:character varying(100):f:NULL::character varying"
                + "|os_name:character varying(100):f:NULL::character varying"
                + "|os_version:character varying(100):f:NULL::character varying"
                + "|py_name:character varying(100):f:NULL::character varying"
                + "|py_version:character varying(100):f:NULL::character varying"
                + "|installer_name:character varying(20):f:NULL::character varying"
                + "|installer_version:character varying(100):f:NULL::character varying"
                + "|setuptools_version:character varying(100):f:NULL::character varying";
        String hitColumns = "|accessed_by:inet:t:null|accessed_at:timestamp without time zone:t:null"
                + "|user_agent:character varying(2000):f:null";
        assertThat(rows("SELECT c.relname, string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod)"
                + " || ':' || CASE WHEN a.attnotnull THEN 't' ELSE 'f' END || ':' || coalesce(pg_get_expr(d.adbin, d.adrelid), 'null'), '|' ORDER BY a.attnum)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum"
                + " WHERE n.nspname = 'public' AND c.relkind = 'r' GROUP BY c.relname ORDER BY 1")).containsExactly(
                "build_abis|abi_tag:character varying(100):t:null|skip:character varying(100):t:''::character varying",
                "builds|build_id:integer:t:nextval('builds_build_id_seq'::regclass)"
                        + "|package:character varying(200):t:null|version:character varying(200):t:null"
                        + "|built_by:integer:t:null|built_at:timestamp without time zone:t:(CURRENT_TIMESTAMP AT TIME ZONE 'UTC'::text)"
                        + "|duration:interval:t:null|status:boolean:t:true|abi_tag:character varying(100):t:null",
                "configuration|id:integer:t:1|version:character varying(16):t:'0.6'::character varying|pypi_serial:bigint:t:0",
                "dependencies|filename:character varying(255):t:null|tool:character varying(10):t:'apt'::character varying"
                        + "|dependency:character varying(255):t:null",
                "downloads|filename:character varying(255):t:null" + pipColumns,
                "files|filename:character varying(255):t:null|build_id:integer:t:null|filesize:integer:t:null"
                        + "|filehash:character(64):t:null|package_tag:character varying(200):t:null"
                        + "|package_version_tag:character varying(200):t:null|py_version_tag:character varying(100):t:null"
                        + "|abi_tag:character varying(100):t:null|platform_tag:character varying(100):t:null"
                        + "|requires_python:character varying(200):f:null"
                        + "|location:character varying(100):t:'/simple'::character varying"
                        // Beyond 0.23, added by changeset 0.23-j5:
                        + "|core_metadata_hash:character(64):f:null",
                "package_names|package:character varying(200):t:null|name:character varying(200):t:null"
                        + "|seen:timestamp without time zone:t:'1970-01-01 00:00:00'::timestamp without time zone",
                "packages|package:character varying(200):t:null|skip:character varying(100):t:''::character varying"
                        + "|description:character varying(200):t:''::character varying",
                "preinstalled_apt_packages|abi_tag:character varying(100):t:null|apt_package:character varying(255):t:null",
                "project_json_downloads|package:character varying(200):t:null" + hitColumns,
                "project_page_hits|package:character varying(200):t:null" + hitColumns + "|bot:boolean:t:false",
                "rewrites_pending|package:character varying(200):t:null|added_at:timestamp without time zone:t:null"
                        + "|command:character varying(8):t:null",
                "searches|package:character varying(200):t:null" + pipColumns,
                // Beyond 0.23, added by changeset 0.23-j3:
                "version_requires_python|package:character varying(200):t:null|version:character varying(200):t:null"
                        + "|requires_python:character varying(200):t:null|excluded_pythons:smallint[]:t:null",
                "versions|package:character varying(200):t:null|version:character varying(200):t:null"
                        + "|released:timestamp without time zone:t:'1970-01-01 00:00:00'::timestamp without time zone"
                        + "|skip:character varying(100):t:''::character varying|yanked:boolean:t:false",
                "web_page_hits|page:character varying(30):t:null" + hitColumns + "|bot:boolean:t:false");
    }

    @Test
    void constraints() throws SQLException {
        assertThat(rows("SELECT conname || ':' || pg_get_constraintdef(c.oid) FROM pg_constraint c"
                + " JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public' ORDER BY 1")).containsExactly(
                "build_abis_none_ck:CHECK (((abi_tag)::text <> 'none'::text))",
                "build_abis_pk:PRIMARY KEY (abi_tag)",
                "builds_built_by_ck:CHECK ((built_by >= 0))",
                "builds_pk:PRIMARY KEY (build_id)",
                "builds_unique:UNIQUE (package, version, built_at, built_by)",
                "builds_versions_fk:FOREIGN KEY (package, version) REFERENCES versions(package, version) ON DELETE CASCADE",
                "config_pk:PRIMARY KEY (id)",
                "dependencies_files_fk:FOREIGN KEY (filename) REFERENCES files(filename) ON DELETE CASCADE",
                "dependencies_pk:PRIMARY KEY (filename, tool, dependency)",
                "dependencies_tool_ck:CHECK (((tool)::text = ANY ((ARRAY['apt'::character varying, 'pip'::character varying, ''::character varying])::text[])))",
                "files_builds_fk:FOREIGN KEY (build_id) REFERENCES builds(build_id) ON DELETE CASCADE",
                "files_pk:PRIMARY KEY (filename)",
                "package_names_package_fk:FOREIGN KEY (package) REFERENCES packages(package) ON DELETE CASCADE",
                "package_names_pk:PRIMARY KEY (name)",
                "packages_pk:PRIMARY KEY (package)",
                "preinstalled_apt_packages_abi_tag_fk:FOREIGN KEY (abi_tag) REFERENCES build_abis(abi_tag) ON DELETE CASCADE",
                "preinstalled_apt_packages_pk:PRIMARY KEY (abi_tag, apt_package)",
                "rewrites_pending_command_ck:CHECK (((command)::text = ANY ((ARRAY['PROJECT'::character varying, 'BOTH'::character varying])::text[])))",
                "rewrites_pending_pk:PRIMARY KEY (package)",
                // Beyond 0.23, added by changeset 0.23-j3:
                "version_requires_python_pk:PRIMARY KEY (package, version)",
                "version_requires_python_versions_fk:FOREIGN KEY (package, version) REFERENCES versions(package, version)"
                        + " ON UPDATE CASCADE ON DELETE CASCADE",
                "versions_package_fk:FOREIGN KEY (package) REFERENCES packages(package) ON DELETE CASCADE",
                "versions_pk:PRIMARY KEY (package, version)");
    }

    @Test
    void indexes() throws SQLException {
        List<String> indexes = rows("SELECT indexname || ':' || regexp_replace(indexdef, '^.* USING ', '')"
                + " FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1");
        assertThat(indexes).containsExactly(
                "build_abis_pk:btree (abi_tag)",
                "builds_pk:btree (build_id)",
                "builds_pkgver:btree (package, version)",
                "builds_pkgverabi:btree (build_id, package, version, abi_tag)",
                "builds_pkgverid:btree (build_id, package, version)",
                "builds_timestamp:btree (built_at DESC NULLS LAST)",
                "builds_unique:btree (package, version, built_at, built_by)",
                "config_pk:btree (id)",
                "dependencies_pk:btree (filename, tool, dependency)",
                "downloads_accessed_at:btree (accessed_at DESC)",
                "downloads_files:btree (filename)",
                "files_abi:btree (build_id, abi_tag)",
                "files_builds:btree (build_id)",
                "files_packages:btree (package_tag)",
                "files_pk:btree (filename)",
                "files_size:btree (platform_tag, filesize) WHERE ((platform_tag)::text <> 'linux_armv6l'::text)",
                "package_names_package:btree (package, seen DESC)",
                "package_names_pk:btree (name)",
                "packages_pk:btree (package)",
                "preinstalled_apt_packages_abi_tag:btree (abi_tag)",
                "preinstalled_apt_packages_pk:btree (abi_tag, apt_package)",
                "project_json_downloads_accessed_at:btree (accessed_at DESC)",
                "project_json_downloads_package:btree (package)",
                "project_page_hits_accessed_at:btree (accessed_at DESC)",
                "project_page_hits_package:btree (package)",
                "rewrites_pending_added:btree (added_at)",
                "rewrites_pending_pk:btree (package)",
                "searches_accessed_at:btree (accessed_at DESC)",
                "searches_package:btree (package)",
                // Beyond 0.23, added by changeset 0.23-j3:
                "version_requires_python_pk:btree (package, version)",
                "versions_package:btree (package)",
                "versions_pk:btree (package, version)",
                // Beyond 0.23, added by changeset 0.23-j1:
                "versions_released:btree (released)",
                "web_page_hits_accessed_at:btree (accessed_at DESC)",
                "web_page_hits_package:btree (page)");
    }

    @Test
    void functionsSignaturesAndSecurity() throws SQLException {
        List<String> functions = rows("SELECT p.proname || '(' || pg_get_function_arguments(p.oid) || ')->'"
                + " || pg_get_function_result(p.oid) || ':' || CASE WHEN p.proisstrict THEN 'strict' ELSE 'called' END"
                + " || ':' || l.lanname || ':' || p.prosecdef || ':' || p.provolatile::text || ':' || array_to_string(p.proconfig, ',')"
                + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang"
                + " WHERE n.nspname = 'public' ORDER BY 1");
        String tail = ":true:v:search_path=public, pg_temp";
        String pip = "arch text DEFAULT NULL::text, distro_name text DEFAULT NULL::text, distro_version text DEFAULT NULL::text,"
                + " os_name text DEFAULT NULL::text, os_version text DEFAULT NULL::text, py_name text DEFAULT NULL::text,"
                + " py_version text DEFAULT NULL::text, installer_name text DEFAULT NULL::text,"
                + " installer_version text DEFAULT NULL::text, setuptools_version text DEFAULT NULL::text";
        assertThat(functions).containsExactly(
                // Beyond 0.23, added by changeset 0.23-j3 (as are log_index_lag and set_requires_python):
                "abi_python_version(abi text)->smallint:strict:sql:true:i:search_path=public, pg_temp",
                "add_new_package(package text, skip text DEFAULT ''::text, description text DEFAULT ''::text)->boolean:called:plpgsql" + tail,
                "add_new_package_version(package text, version text, released timestamp without time zone DEFAULT NULL::timestamp without time zone, skip text DEFAULT ''::text)->boolean:called:plpgsql" + tail,
                "add_package_name(canon_name text, alt_name text, last_seen timestamp without time zone)->void:called:sql" + tail,
                "delete_build(pkg text, ver text)->void:called:sql" + tail,
                "delete_package(pkg text)->void:called:sql" + tail,
                "delete_version(pkg text, ver text)->void:called:sql" + tail,
                "get_build_queue(lim integer)->TABLE(abi_tag text, package character varying, version character varying):strict:sql" + tail,
                "get_builds_last_hour()->TABLE(abi_tag character varying, builds integer):strict:sql" + tail,
                "get_initial_statistics()->TABLE(downloads_all bigint):strict:sql" + tail,
                "get_package_aliases(pkg text)->TABLE(name character varying):strict:sql" + tail,
                "get_package_files(pkg text)->TABLE(filename character varying, filehash character):strict:sql" + tail,
                "get_project_data(pkg text)->json:strict:sql" + tail,
                "get_pypi_serial()->bigint:strict:sql" + tail,
                "get_search_index()->TABLE(package character varying, downloads_recent integer, downloads_all integer):strict:sql" + tail,
                "get_statistics()->TABLE(builds_time interval, builds_size bigint, packages_built integer, files_count integer,"
                        + " new_last_hour integer, downloads_last_month integer, downloads_last_hour integer):strict:sql" + tail,
                "get_version_files(pkg text, ver text)->TABLE(filename character varying):strict:sql" + tail,
                "get_versions_deleted(pkg text)->TABLE(version character varying):strict:sql" + tail,
                "load_rewrites_pending()->TABLE(package character varying, added_at timestamp without time zone, command character varying):called:sql" + tail,
                "log_build_failure(package text, version text, built_by integer, duration interval, abi_tag text)->integer:called:plpgsql" + tail,
                "log_build_success(package text, version text, built_by integer, duration interval, abi_tag text, build_files files[], build_deps dependencies[])->integer:called:plpgsql" + tail,
                "log_download(filename text, accessed_by inet, accessed_at timestamp without time zone, " + pip + ")->void:called:sql" + tail,
                "log_index_lag(bid integer)->void:strict:sql" + tail,
                "log_json(package text, accessed_by inet, accessed_at timestamp without time zone, user_agent text)->void:called:sql" + tail,
                "log_page(page text, accessed_by inet, accessed_at timestamp without time zone, user_agent text)->void:called:sql" + tail,
                "log_project(package text, accessed_by inet, accessed_at timestamp without time zone, user_agent text)->void:called:sql" + tail,
                "log_search(package text, accessed_by inet, accessed_at timestamp without time zone, " + pip + ")->void:called:sql" + tail,
                "package_marked_deleted(pkg text)->boolean:strict:sql" + tail,
                "save_rewrites_pending(data rewrites_pending[])->void:called:sql" + tail,
                // Beyond 0.23, added by changeset 0.23-j5:
                "set_core_metadata_hashes(filenames text[], hashes text[])->integer:strict:plpgsql" + tail,
                "set_package_description(pkg text, dsc text)->void:called:sql" + tail,
                "set_pypi_serial(new_serial integer)->void:called:plpgsql" + tail,
                "set_requires_python(pkg text, ver text, spec text, excluded smallint[])->void:called:plpgsql" + tail,
                "skip_package(pkg text, reason text)->void:called:sql" + tail,
                "skip_package_version(pkg text, ver text, reason text)->void:called:sql" + tail,
                "test_package(pkg text)->boolean:strict:sql" + tail,
                "test_package_version(pkg text, ver text)->boolean:strict:sql" + tail,
                "unyank_version(pkg text, ver text)->void:called:sql" + tail,
                "yank_version(pkg text, ver text)->void:called:sql" + tail);
    }

    @Test
    void ownershipAndPrivileges() throws SQLException {
        String app = db.appRole();
        assertThat(rows("SELECT DISTINCT pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = 'public'")).containsExactly("postgres");
        assertThat(rows("SELECT DISTINCT pg_get_userbyid(p.proowner) FROM pg_proc p JOIN pg_namespace n"
                + " ON n.oid = p.pronamespace WHERE n.nspname = 'public'")).containsExactly("postgres");
        // Tables and the view: SELECT only; PUBLIC nothing.
        assertThat(rows("SELECT DISTINCT array_to_string(ARRAY(SELECT privilege_type FROM information_schema.role_table_grants g"
                + " WHERE g.table_schema = 'public' AND g.table_name = t.table_name AND g.grantee = '" + app + "'), ',')"
                + " FROM information_schema.tables t WHERE t.table_schema = 'public'")).containsExactly("SELECT");
        assertThat(rows("SELECT count(*) FROM information_schema.role_table_grants WHERE table_schema = 'public'"
                + " AND grantee = 'PUBLIC'")).containsExactly("0");
        assertThat(rows("SELECT has_sequence_privilege('" + app + "', 'builds_build_id_seq', 'USAGE'),"
                + " has_sequence_privilege('" + app + "', 'builds_build_id_seq', 'SELECT'),"
                + " has_sequence_privilege('" + app + "', 'builds_build_id_seq', 'UPDATE')")).containsExactly("f|f|f");
        // Functions: EXECUTE for the application role, not for PUBLIC.
        assertThat(rows("SELECT DISTINCT has_function_privilege('" + app + "', p.oid, 'EXECUTE')"
                + " || ':' || (array_to_string(p.proacl, ',') LIKE '%,=X/%' OR array_to_string(p.proacl, ',') LIKE '=X/%')"
                + " FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"))
                .containsExactly("true:false");
        // Schema: USAGE only for the application role, nothing for PUBLIC.
        assertThat(rows("SELECT has_schema_privilege('" + app + "', 'public', 'USAGE'),"
                + " has_schema_privilege('" + app + "', 'public', 'CREATE'),"
                + " array_to_string(nspacl, ',') LIKE '%,=%' FROM pg_namespace WHERE nspname = 'public'"))
                .containsExactly("t|f|f");
        // Database: CONNECT and TEMP for the application role, nothing for PUBLIC.
        assertThat(rows("SELECT has_database_privilege('" + app + "', current_database(), 'CONNECT'),"
                + " has_database_privilege('" + app + "', current_database(), 'TEMP'),"
                + " has_database_privilege('" + app + "', current_database(), 'CREATE'),"
                + " coalesce(array_to_string(datacl, ','), '') ~ '(^|,)=' FROM pg_database WHERE datname = current_database()"))
                .containsExactly("t|t|f|f");
    }

    @Test
    void liquibaseBookkeepingLivesOutsidePublic() throws SQLException {
        assertThat(rows("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_name LIKE 'databasechangelog%' ORDER BY 1"))
                .containsExactly("liquibase.databasechangelog", "liquibase.databasechangeloglock");
        assertThat(rows("SELECT has_schema_privilege('" + db.appRole() + "', 'liquibase', 'USAGE')")).containsExactly("f");
        assertThat(rows("SELECT id FROM liquibase.databasechangelog ORDER BY orderexecuted"))
                .containsExactly("0.23-tables", "0.23-routines", "0.23-j1", "0.23-j2", "0.23-j2-statistics", "0.23-j3", "0.23-j4", "0.23-j5");
    }

    @Test
    void configurationRow() throws SQLException {
        assertThat(rows("SELECT id, version, pypi_serial FROM configuration")).containsExactly("1|0.23-j5|0");
        assertThat(rows("SELECT count(*) FROM pg_description d JOIN pg_class c ON c.oid = d.objoid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'")).containsExactly("0");
    }
}
