package org.piwheels.db.dal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.piwheels.db.testing.SharedPostgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changeset 0.23-j4 keeps the build queue ({@code bookkeeping.pending_builds})
 * and the statistics counters with per-kind incremental rules instead of a
 * recomputation per written row. After every write of a random sequence
 * (through 0.23's functions, and as an operator would write directly, several
 * rows or tables in one statement included), the kept rows must equal what
 * the from-scratch recomputations ({@code rebuild_pending()},
 * {@code rebuild_statistics()}) make of the same tables, and the totals of
 * {@code get_statistics()} must equal 0.23's aggregates.
 */
class BookkeepingPropertyTest {

    private static final String DB = "bookkeeping_property";
    private static final String[] PACKAGES = {"p0", "p1"};
    private static final String[] VERSIONS = {"1.0", "2.0"};
    /** Build ABIs; cp39 and cp311 are the ones a Requires-Python can exclude (309, 311). */
    private static final String[] ABIS = {"cp311", "cp34m", "cp39"};
    private static final String[] FILE_ABIS = {"none", "abi3", "cp311", "cp34m", "cp39"};

    private static Connection admin;
    private static int fileCounter;

    @BeforeContainer
    static void createDatabase() throws SQLException {
        SharedPostgres pg = SharedPostgres.get();
        pg.admin().dropDatabase(DB);
        pg.admin().cloneDatabase(SharedPostgres.TEMPLATE, DB, SharedPostgres.APP_ROLE);
        admin = pg.server().connectAsSuperuser(DB);
        admin.setAutoCommit(true);
    }

    @AfterContainer
    static void dropDatabase() throws SQLException {
        admin.close();
        SharedPostgres.get().admin().dropDatabase(DB);
    }

    /** One write: SQL run as the superuser; some fail (unknown version, ...), as they may in real life. */
    record Op(String sql) {
        @Override
        public String toString() {
            return sql;
        }
    }

    @Property(tries = 20, edgeCases = EdgeCasesMode.NONE)
    void keptRowsEqualARecomputationAfterEveryWrite(@ForAll("sequences") List<Op> ops) throws SQLException {
        exec("TRUNCATE packages, build_abis CASCADE");
        exec("INSERT INTO build_abis VALUES ('cp311', ''), ('cp34m', ''), ('cp39', '')");
        exec("SELECT add_new_package('p0'), add_new_package('p1')");
        exec("SELECT add_new_package_version('p0', '1.0', '2020-01-01')");
        List<String> done = new ArrayList<>();
        for (Op op : ops) {
            try {
                exec(op.sql());
            } catch (SQLException e) {
                // a write the schema refuses changes nothing (autocommit: the statement is rolled back)
            }
            done.add(op.sql());
            assertMatchesRecomputation(String.join(";\n", done));
        }
    }

    private static void assertMatchesRecomputation(String history) throws SQLException {
        String queueSql = "SELECT package || '|' || version || '|' || abi_tag || '|' || released || '|'"
                + " || COALESCE(not_before::text, '-') FROM bookkeeping.pending_builds ORDER BY 1";
        String statsSql = "SELECT builds_time || '|' || builds_size || '|' || packages_built || '|' || files_count"
                + " FROM get_statistics()";
        String tagsSql = "SELECT package_tag || '|' || files FROM bookkeeping.file_package_tags ORDER BY 1";
        List<String> queue = rows(queueSql);
        List<String> stats = rows(statsSql);
        List<String> tags = rows(tagsSql);
        assertThat(stats).as("statistics against 0.23's aggregates after\n%s", history).isEqualTo(rows("""
                SELECT
                    (SELECT COALESCE(SUM(CASE WHEN b.duration < INTERVAL '1 week' THEN b.duration
                                              ELSE INTERVAL '0' END), INTERVAL '0') FROM builds b)
                    || '|' || (SELECT COALESCE(SUM(f.filesize), 0) FROM files f WHERE f.platform_tag <> 'linux_armv6l')
                    || '|' || (SELECT COUNT(DISTINCT f.package_tag) FROM files f)
                    || '|' || (SELECT COUNT(*) FROM files f)"""));
        admin.setAutoCommit(false);
        try {
            exec("SELECT bookkeeping.rebuild_pending(), bookkeeping.rebuild_statistics()");
            assertThat(queue).as("build queue after\n%s", history).isEqualTo(rows(queueSql));
            assertThat(stats).as("statistics after\n%s", history).isEqualTo(rows(statsSql));
            assertThat(tags).as("package tags after\n%s", history).isEqualTo(rows(tagsSql));
        } finally {
            admin.rollback();
            admin.setAutoCommit(true);
        }
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        return Arbitraries.frequencyOf(
                        Tuple.of(4, newVersion()),
                        Tuple.of(4, success()),
                        Tuple.of(2, failure()),
                        Tuple.of(2, requiresPython()),
                        Tuple.of(2, versionChange()),
                        Tuple.of(1, packageChange()),
                        Tuple.of(2, fileChange()),
                        Tuple.of(2, buildChange()),
                        Tuple.of(1, together()),
                        Tuple.of(1, Arbitraries.of(
                                new Op("UPDATE build_abis SET skip = CASE skip WHEN '' THEN 'retired' ELSE '' END"
                                        + " WHERE abi_tag = 'cp34m'"),
                                new Op("SELECT bookkeeping.fold_statistics()"),
                                new Op("DELETE FROM bookkeeping.index_lag_failures WHERE build_id ="
                                        + " (SELECT MIN(build_id) FROM bookkeeping.index_lag_failures)"))))
                .list().ofMinSize(10).ofMaxSize(25);
    }

    private static Arbitrary<String> pkg() {
        return Arbitraries.of(PACKAGES);
    }

    private static Arbitrary<String> ver() {
        return Arbitraries.of(VERSIONS);
    }

    private static Arbitrary<String> abi() {
        return Arbitraries.of(ABIS);
    }

    private static Arbitrary<Op> newVersion() {
        return Combinators.combine(pkg(), ver(), Arbitraries.integers().between(0, 50),
                        Arbitraries.of("", "", "", "", "binary only"))
                .as((p, v, day, skip) -> new Op("SELECT add_new_package('" + p + "'), add_new_package_version('"
                        + p + "', '" + v + "', TIMESTAMP '2020-01-01' + INTERVAL '" + day + " days', '" + skip + "')"));
    }

    private static Arbitrary<Op> success() {
        return Combinators.combine(pkg(), ver(), abi(), Arbitraries.of(FILE_ABIS).list().ofMaxSize(3),
                        Arbitraries.of("linux_armv7l", "linux_armv6l"), Arbitraries.integers().between(1, 600))
                .as((p, v, builder, fileAbis, platform, secs) -> {
                    StringBuilder files = new StringBuilder();
                    for (String fileAbi : fileAbis.stream().distinct().toList()) {
                        String name = p + "-" + v + "-" + (fileCounter++) + "-" + fileAbi + "-" + platform + ".whl";
                        files.append(files.isEmpty() ? "" : ", ").append("ROW('").append(name).append("', 0, ")
                                .append(secs * 10).append(", repeat('a', 64), '").append(p).append("', '").append(v)
                                .append("', 'cp3', '").append(fileAbi).append("', '").append(platform)
                                .append("', NULL, '/simple', NULL)::files");
                    }
                    return new Op("SELECT log_build_success('" + p + "', '" + v + "', 1, INTERVAL '" + secs
                            + " seconds', '" + builder + "', ARRAY[" + files + "]::files[], ARRAY[]::dependencies[])");
                });
    }

    private static Arbitrary<Op> failure() {
        return Combinators.combine(pkg(), ver(), abi(), Arbitraries.of(true, false), Arbitraries.integers().between(0, 90))
                .as((p, v, builder, lag, minutes) -> new Op(lag
                        // a failure for index lag, built a while ago (the retry times depend on built_at)
                        ? "WITH b AS (INSERT INTO builds (package, version, built_by, built_at, duration, status, abi_tag)"
                                + " VALUES ('" + p + "', '" + v + "', 2, TIMESTAMP '2020-01-01' + INTERVAL '" + minutes
                                + " minutes', INTERVAL '1 minute', false, '" + builder + "') RETURNING build_id)"
                                + " SELECT log_index_lag(b.build_id) FROM b"
                        : "SELECT log_build_failure('" + p + "', '" + v + "', 2, INTERVAL '" + minutes + " minutes', '"
                                + builder + "')"));
    }

    private static Arbitrary<Op> requiresPython() {
        return Combinators.combine(pkg(), ver(), Arbitraries.of("{}", "{309}", "{311}", "{309,311}", "{304}"))
                .as((p, v, excluded) -> new Op(excluded.equals("{}")
                        ? "SELECT set_requires_python('" + p + "', '" + v + "', '', NULL)"
                        : "SELECT set_requires_python('" + p + "', '" + v + "', '>=3.x', '" + excluded + "')"));
    }

    private static Arbitrary<Op> versionChange() {
        return Combinators.combine(pkg(), ver(), Arbitraries.integers().between(0, 6))
                .as((p, v, kind) -> new Op(switch (kind) {
                    case 0 -> "SELECT skip_package_version('" + p + "', '" + v + "', 'binary only')";
                    case 1 -> "SELECT skip_package_version('" + p + "', '" + v + "', '')";
                    case 2 -> "SELECT delete_version('" + p + "', '" + v + "')";
                    case 3 -> "SELECT yank_version('" + p + "', '" + v + "')";
                    case 4 -> "UPDATE versions SET released = released + INTERVAL '3 days' WHERE package = '" + p + "'";
                    case 5 -> "UPDATE versions SET skip = '' WHERE package = '" + p + "'";
                    default -> "UPDATE versions SET version = version || '.post' WHERE package = '" + p
                            + "' AND version = '" + v + "'";
                }));
    }

    private static Arbitrary<Op> packageChange() {
        return Combinators.combine(pkg(), Arbitraries.integers().between(0, 2))
                .as((p, kind) -> new Op(switch (kind) {
                    case 0 -> "SELECT skip_package('" + p + "', 'manual')";
                    case 1 -> "SELECT skip_package('" + p + "', '')";
                    default -> "SELECT delete_package('" + p + "')";
                }));
    }

    private static Arbitrary<Op> fileChange() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.of(FILE_ABIS))
                .as((kind, fileAbi) -> new Op(switch (kind) {
                    case 0 -> "DELETE FROM files WHERE filename = (SELECT MIN(filename) FROM files)";
                    case 1 -> "UPDATE files SET abi_tag = '" + fileAbi + "' WHERE filename = (SELECT MAX(filename) FROM files)";
                    case 2 -> "UPDATE files SET build_id = (SELECT MAX(build_id) FROM builds)"
                            + " WHERE filename = (SELECT MIN(filename) FROM files)";
                    case 3 -> "UPDATE files SET platform_tag = 'linux_armv6l', filesize = filesize + 7,"
                            + " package_tag = package_tag || '_x' WHERE filename = (SELECT MAX(filename) FROM files)";
                    default -> "DELETE FROM files WHERE abi_tag = '" + fileAbi + "'";
                }));
    }

    private static Arbitrary<Op> buildChange() {
        return Combinators.combine(pkg(), ver(), abi(), Arbitraries.integers().between(0, 3))
                .as((p, v, builder, kind) -> new Op(switch (kind) {
                    case 0 -> "SELECT delete_build('" + p + "', '" + v + "')";
                    case 1 -> "UPDATE builds SET duration = duration + INTERVAL '8 days'"
                            + " WHERE build_id = (SELECT MAX(build_id) FROM builds)";
                    case 2 -> "UPDATE builds SET abi_tag = '" + builder + "' WHERE build_id = (SELECT MIN(build_id) FROM builds)";
                    default -> "DELETE FROM builds WHERE package = '" + p + "' AND NOT status";
                }));
    }

    /** Several tables in one statement: the rows' triggers see each other's writes. */
    private static Arbitrary<Op> together() {
        return Combinators.combine(pkg(), ver(), abi(), Arbitraries.of(FILE_ABIS), Arbitraries.integers().between(0, 2))
                .as((p, v, builder, fileAbi, kind) -> new Op(switch (kind) {
                    case 0 -> "WITH v AS (INSERT INTO versions (package, version) VALUES ('" + p + "', '" + v + "')"
                            + " RETURNING package, version) INSERT INTO builds (package, version, built_by, duration,"
                            + " status, abi_tag) SELECT v.package, v.version, 3, INTERVAL '1 second', false, '" + builder
                            + "' FROM v";
                    case 1 -> "WITH b AS (INSERT INTO builds (package, version, built_by, duration, status, abi_tag)"
                            + " VALUES ('" + p + "', '" + v + "', 4, INTERVAL '2 seconds', true, '" + builder + "')"
                            + " RETURNING build_id) INSERT INTO files SELECT 'x-" + (fileCounter++) + "-" + fileAbi
                            + ".whl', b.build_id, 5, repeat('b', 64), '" + p + "', '" + v + "', 'cp3', '" + fileAbi
                            + "', 'any', NULL, '/simple' FROM b";
                    default -> "WITH r AS (INSERT INTO versions (package, version) VALUES ('" + p + "', '" + v + "')"
                            + " RETURNING package, version) INSERT INTO version_requires_python"
                            + " SELECT r.package, r.version, '>=3.10', '{309}' FROM r";
                }));
    }

    private static void exec(String sql) throws SQLException {
        try (Statement st = admin.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = admin.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
