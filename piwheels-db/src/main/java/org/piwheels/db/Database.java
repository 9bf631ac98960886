package org.piwheels.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSON;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record3;
import org.jooq.ResultQuery;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.jooq.types.YearToSecond;
import org.piwheels.protocol.Nullable;
import org.piwheels.protocol.records.BuildRequest;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.records.PageHit;
import org.piwheels.protocol.records.PipRequest;
import org.piwheels.protocol.records.PypiWrite;
import org.piwheels.protocol.records.RewritePending;
import org.piwheels.db.schema.SchemaVersions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.function.Function;

/**
 * The data-access layer: one method per database operation of piwheels 0.23
 * (spec/database.md §4.1), each in its own transaction, as the unprivileged
 * application role. Reads are SELECTs, writes are calls of the schema's
 * SECURITY DEFINER functions; no DML is ever issued.
 *
 * <p>Failures surface as {@link DatabaseUnavailableException} when the server
 * is unreachable or restarting (retry later), {@link QueryCancelledException}
 * after {@link #cancelBuildQueue()}, and {@link DatabaseException} otherwise.
 * Thread-safe: every call borrows a pooled connection.
 */
public final class Database implements AutoCloseable {
    static {
        // jOOQ prints a banner and a "tip of the day" into every log otherwise
        System.setProperty("org.jooq.no-logo", System.getProperty("org.jooq.no-logo", "true"));
        System.setProperty("org.jooq.no-tips", System.getProperty("org.jooq.no-tips", "true"));
    }


    /** Default per-ABI limit of {@link #getBuildQueue(int)} as 0.23's DAL has it. */
    public static final int DEFAULT_QUEUE_LIMIT = 1000;

    private static final int QUEUE_FETCH_SIZE = 10_000;
    private static final Field<String> REQUIRES_PYTHON = DSL.field(DSL.name("requires_python"), SQLDataType.VARCHAR);
    private static final Field<String> REASON = DSL.field(DSL.name("reason"), SQLDataType.VARCHAR);
    private static final String UTC_SESSION = "SET TIME ZONE 'UTC'";

    private final HikariDataSource pool;
    private final DSLContext dsl;
    private final AtomicReference<Query> runningQueueQuery = new AtomicReference<>();

    private Database(HikariDataSource pool) {
        this.pool = pool;
        this.dsl = DSL.using(pool, SQLDialect.POSTGRES);
    }

    /**
     * Connects and verifies that the schema is exactly version
     * {@link SchemaVersions#CURRENT} before anything else is done.
     *
     * @throws SchemaVersionMismatchException when the schema has another version
     * @throws DatabaseUnavailableException   when the server cannot be reached
     */
    public static Database open(DatabaseConfig config) {
        // Checked on a one-off connection first: a refused start should not pay for
        // a pool whose shutdown waits for its background connection filler.
        checkVersion(config);
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("piwheels-db");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(1);
        // Timestamps are UTC by convention; only get_project_data's rendering sees the zone.
        hikari.setConnectionInitSql(UTC_SESSION);
        hikari.setConnectionTimeout(10_000);
        // A server that went away after the check is reported per operation, not here.
        hikari.setInitializationFailTimeout(-1);
        return new Database(new HikariDataSource(hikari));
    }

    private static void checkVersion(DatabaseConfig config) {
        Properties props = new Properties();
        props.setProperty("user", config.user());
        if (config.password() != null) {
            props.setProperty("password", config.password());
        }
        try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), props)) {
            String found = DSL.using(connection, SQLDialect.POSTGRES)
                    .select(Sql.VERSION).from(Sql.CONFIGURATION).limit(1).fetchOne(Sql.VERSION);
            if (!SchemaVersions.CURRENT.equals(found)) {
                throw new SchemaVersionMismatchException(found, SchemaVersions.CURRENT);
            }
        } catch (SQLException | RuntimeException e) {
            throw ErrorTranslator.translate(e);
        }
    }

    /**
     * Whether the server answers a trivial query on a new connection of its own (not
     * the pool's), within a few seconds. After an operation failed as "unavailable",
     * this tells an outage (no answer) from an operation that broke its own
     * connection while the server is fine, e.g. one too large to send.
     */
    public boolean answers() {
        Properties props = new Properties();
        props.setProperty("user", pool.getUsername());
        if (pool.getPassword() != null) {
            props.setProperty("password", pool.getPassword());
        }
        props.setProperty("connectTimeout", "3");
        props.setProperty("loginTimeout", "3");
        props.setProperty("socketTimeout", "5");
        try (Connection connection = DriverManager.getConnection(pool.getJdbcUrl(), props);
             java.sql.Statement st = connection.createStatement()) {
            st.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Fails unless {@code configuration.version} still equals {@link SchemaVersions#CURRENT}. */
    public void checkVersion() {
        String found = run(ctx -> ctx.select(Sql.VERSION).from(Sql.CONFIGURATION).limit(1).fetchOne(Sql.VERSION));
        if (!SchemaVersions.CURRENT.equals(found)) {
            throw new SchemaVersionMismatchException(found, SchemaVersions.CURRENT);
        }
    }

    /** Whether the connected role is a cluster superuser (the master must refuse to run as one). */
    public boolean isSuperuser() {
        return run(ctx -> ctx.select(Sql.ROLSUPER).from(Sql.PG_ROLES)
                .where(Sql.ROLNAME.eq(DSL.field("current_user", SQLDataType.VARCHAR)))
                .fetchOne(Sql.ROLSUPER));
    }

    /**
     * What the connected role may do beyond the master's needs (a superuser, CREATEROLE,
     * CREATEDB, owning the database or its objects, creating objects, changing tables
     * directly), one phrase each; empty when nothing. See {@link org.piwheels.db.schema.RoleRights}.
     */
    public java.util.List<String> excessRights() {
        return run(ctx -> ctx.connectionResult(org.piwheels.db.schema.RoleRights::excessRights));
    }

    // ---- packages and versions ---------------------------------------------------

    /** ALLPKGS: every package name, skipped ones included. */
    public Set<String> getAllPackages() {
        return run(ctx -> new HashSet<>(ctx.select(Sql.PACKAGE).from(Sql.PACKAGES).fetch(Sql.PACKAGE)));
    }

    /** ALLVERS: every (package, version). */
    public Set<PackageVersion> getAllPackageVersions() {
        return run(ctx -> {
            Set<PackageVersion> result = new HashSet<>();
            ctx.select(Sql.PACKAGE, Sql.VERSION).from(Sql.VERSIONS)
                    .forEach(r -> result.add(new PackageVersion(r.value1(), r.value2())));
            return result;
        });
    }

    /** NEWPKG: true if the package was added, false if it already existed (left unchanged). */
    public boolean addNewPackage(String packageName, String skip, String description) {
        return callBoolean("add_new_package", Sql.text(packageName), Sql.text(skip), Sql.text(description));
    }

    /** NEWPKG with no skip reason and no description. */
    public boolean addNewPackage(String packageName) {
        return addNewPackage(packageName, "", "");
    }

    /**
     * NEWVER: true if the version was added, false if it existed. A null
     * {@code released} means now; a missing package is an error (23503).
     */
    public boolean addNewPackageVersion(String packageName, String version, @Nullable Instant released, String skip) {
        Instant when = released == null ? Instant.now() : released;
        return callBoolean("add_new_package_version", Sql.text(packageName), Sql.text(version),
                Sql.timestamp(Sql.utc(when)), Sql.text(skip));
    }

    /** NEWPKGNAME: records an alias; a null {@code seen} means the epoch. */
    public void addPackageName(String packageName, String name, @Nullable Instant seen) {
        callVoid("add_package_name", Sql.text(packageName), Sql.text(name),
                Sql.timestamp(seen == null ? Sql.EPOCH : Sql.utc(seen)));
    }

    /** GETPKGNAMES: every alias of the package except its canonical name. */
    public List<String> getPackageAliases(String packageName) {
        return run(ctx -> ctx.select(Sql.NAME)
                .from(Sql.tableCall("get_package_aliases", Sql.text(packageName)))
                .fetch(Sql.NAME));
    }

    /** SETDESC. */
    public void setPackageDescription(String packageName, String description) {
        callVoid("set_package_description", Sql.text(packageName), Sql.text(description));
    }

    /** SKIPPKG: an empty reason un-skips. */
    public void skipPackage(String packageName, String reason) {
        callVoid("skip_package", Sql.text(packageName), Sql.text(reason));
    }

    /** SKIPVER: an empty reason un-skips. */
    public void skipPackageVersion(String packageName, String version, String reason) {
        callVoid("skip_package_version", Sql.text(packageName), Sql.text(version), Sql.text(reason));
    }

    /** DELPKG: removes the package with its names, versions, builds, files and dependencies. */
    public void deletePackage(String packageName) {
        callVoid("delete_package", Sql.text(packageName));
    }

    /** DELVER: removes the version with its builds, files and dependencies. */
    public void deleteVersion(String packageName, String version) {
        callVoid("delete_version", Sql.text(packageName), Sql.text(version));
    }

    /** YANKVER. */
    public void yankVersion(String packageName, String version) {
        callVoid("yank_version", Sql.text(packageName), Sql.text(version));
    }

    /** UNYANKVER. */
    public void unyankVersion(String packageName, String version) {
        callVoid("unyank_version", Sql.text(packageName), Sql.text(version));
    }

    /** PKGEXISTS. */
    public boolean testPackage(String packageName) {
        return callBoolean("test_package", Sql.text(packageName));
    }

    /** PKGDELETED: the package exists with skip {@code deleted}. */
    public boolean packageMarkedDeleted(String packageName) {
        return callBoolean("package_marked_deleted", Sql.text(packageName));
    }

    /** VEREXISTS. */
    public boolean testPackageVersion(String packageName, String version) {
        return callBoolean("test_package_version", Sql.text(packageName), Sql.text(version));
    }

    /** VERSDELETED: versions of the package with skip {@code deleted}. */
    public Set<String> getVersionsDeleted(String packageName) {
        return run(ctx -> new HashSet<>(ctx.select(Sql.VERSION)
                .from(Sql.tableCall("get_versions_deleted", Sql.text(packageName)))
                .fetch(Sql.VERSION)));
    }

    /** GETSKIP: the version's skip reason ({@code ""} if none), empty if there is no such version. */
    public Optional<String> getVersionSkip(String packageName, String version) {
        return run(ctx -> ctx.select(Sql.SKIP).from(Sql.VERSIONS)
                .where(Sql.PACKAGE.eq(Sql.text(packageName)).and(Sql.VERSION.eq(Sql.text(version))))
                .fetchOptional(Sql.SKIP));
    }

    /**
     * SETREQPY (beyond 0.23): stores the version's Requires-Python, so the build
     * queue skips the ABIs it excludes ({@link RequiresPython}); a null or blank
     * specifier removes it. Nothing happens if the version does not exist.
     */
    public void setRequiresPython(String packageName, String version, @Nullable String requiresPython) {
        RequiresPython spec = RequiresPython.parse(requiresPython);
        if (spec.text().length() > 200) {
            throw new IllegalArgumentException("Requires-Python of " + packageName + " " + version
                    + " is longer than 200 characters");
        }
        Short[] excluded = spec.excludedPythons().stream().map(Integer::shortValue).toArray(Short[]::new);
        callVoid("set_requires_python", Sql.text(packageName), Sql.text(version),
                Sql.text(spec.text().isEmpty() ? null : TextSanitizer.clean(spec.text())),
                DSL.val(excluded, SQLDataType.SMALLINT.array()));
    }

    /** The version's stored Requires-Python, empty if none is known. */
    public Optional<String> getRequiresPython(String packageName, String version) {
        return run(ctx -> ctx.select(REQUIRES_PYTHON).from(DSL.table(DSL.name("version_requires_python")))
                .where(Sql.PACKAGE.eq(Sql.text(packageName)).and(Sql.VERSION.eq(Sql.text(version))))
                .fetchOptional(REQUIRES_PYTHON));
    }

    /** The version's build ABIs skipped because its Requires-Python excludes them: ABI → reason. */
    public Map<String, String> getAbiSkips(String packageName, String version) {
        return run(ctx -> {
            Map<String, String> skips = new TreeMap<>();
            ctx.select(Sql.ABI_TAG, REASON).from(DSL.table(DSL.name("version_abi_skips")))
                    .where(Sql.PACKAGE.eq(Sql.text(packageName)).and(Sql.VERSION.eq(Sql.text(version))))
                    .forEach(r -> skips.put(r.value1(), r.value2()));
            return skips;
        });
    }

    // ---- the PyPI follower's batches (beyond 0.23) ----------------------------------

    /**
     * PYPISTATE: which of {@code packages} exist, and which of {@code versions}
     * exist with their skip reasons, in one transaction (two statements).
     */
    public PypiState getPypiState(Collection<String> packages, Collection<PackageVersion> versions) {
        String[] names = packages.toArray(String[]::new);
        String[] pkgs = new String[versions.size()];
        String[] vers = new String[versions.size()];
        int i = 0;
        for (PackageVersion pv : versions) {
            pkgs[i] = pv.packageName();
            vers[i++] = pv.version();
        }
        return run(ctx -> {
            Set<String> found = new HashSet<>();
            if (names.length > 0) {
                ctx.resultQuery("SELECT p.package FROM packages p WHERE p.package = ANY(?::text[])", (Object) names)
                        .forEach(r -> found.add(r.get(0, String.class)));
            }
            List<VersionSkip> skips = new ArrayList<>();
            if (pkgs.length > 0) {
                ctx.resultQuery("SELECT v.package, v.version, v.skip FROM versions v"
                                + " JOIN unnest(?::text[], ?::text[]) AS u(p, v) ON v.package = u.p AND v.version = u.v",
                                pkgs, vers)
                        .forEach(r -> skips.add(new VersionSkip(r.get(0, String.class), r.get(1, String.class),
                                r.get(2, String.class))));
            }
            return new PypiState(found, skips);
        });
    }

    /**
     * PYPIWRITES: the follower's writes, in the given order, in one transaction and
     * one statement (each row calls the function of its request), committed
     * asynchronously ({@code synchronous_commit = off}): a crash of the server may
     * lose the last few hundred milliseconds of such batches, never part of one,
     * which the follower tolerates because it stores its serial only afterwards, in a
     * transaction of its own (see docs/pypi-follower.md).
     *
     * @return the results of the {@code NEWPKG} and {@code NEWVER} writes, in order
     *         (true: inserted)
     */
    public List<Boolean> applyPypiWrites(List<PypiWrite> writes) {
        int n = writes.size();
        if (n == 0) {
            return List.of();
        }
        String[] actions = new String[n];
        String[] pkgs = new String[n];
        String[] firsts = new String[n];
        String[] seconds = new String[n];
        String[] excluded = new String[n];
        String[] times = new String[n];
        for (int i = 0; i < n; i++) {
            PypiWrite w = writes.get(i);
            actions[i] = w.action();
            pkgs[i] = w.packageName();
            firsts[i] = w.first();
            seconds[i] = w.second();
            switch (w.action()) {
                case "NEWPKGNAME" -> times[i] = (w.at() == null ? Sql.EPOCH : Sql.utc(w.at())).toString();
                case "NEWVER" -> times[i] = Sql.utc(w.at() == null ? Instant.now() : w.at()).toString();
                case "SETREQPY" -> {
                    RequiresPython spec = RequiresPython.parse(w.second());
                    if (spec.text().length() > 200) {
                        throw new IllegalArgumentException("Requires-Python of " + w.packageName() + " "
                                + w.first() + " is longer than 200 characters");
                    }
                    seconds[i] = spec.text().isEmpty() ? null : TextSanitizer.clean(spec.text());
                    StringBuilder list = new StringBuilder("{");
                    for (Integer python : spec.excludedPythons()) {
                        list.append(list.length() > 1 ? "," : "").append(python);
                    }
                    excluded[i] = list.append('}').toString();
                }
                case "NEWPKG", "SETDESC", "SKIPPKG", "SKIPVER", "DELPKG", "DELVER", "YANKVER", "UNYANKVER" -> {
                }
                default -> throw new IllegalArgumentException("not a follower write: " + w.action());
            }
        }
        return run(ctx -> {
            ctx.execute("SET LOCAL synchronous_commit = off");
            List<Boolean> inserted = new ArrayList<>();
            ctx.resultQuery(PYPI_WRITES, actions, pkgs, firsts, seconds, excluded, times).forEach(r -> {
                String result = r.get(0, String.class);
                // void functions give "", the boolean ones "true" or "false"
                if (result != null && !result.isEmpty()) {
                    inserted.add("true".equals(result));
                }
            });
            return inserted;
        });
    }

    /**
     * One row per write, evaluated in array order (a function scan over unnest); only
     * the matching branch of the CASE is evaluated; void results read as "".
     */
    private static final String PYPI_WRITES = "SELECT CASE w.a"
            + " WHEN 'NEWPKG' THEN add_new_package(w.p, w.x, w.y)::text"
            + " WHEN 'NEWPKGNAME' THEN add_package_name(w.p, w.x, w.t::timestamp)::text"
            + " WHEN 'NEWVER' THEN add_new_package_version(w.p, w.x, w.t::timestamp, w.y)::text"
            + " WHEN 'SETDESC' THEN set_package_description(w.p, w.x)::text"
            + " WHEN 'SETREQPY' THEN set_requires_python(w.p, w.x, w.y, w.e::smallint[])::text"
            + " WHEN 'SKIPPKG' THEN skip_package(w.p, w.x)::text"
            + " WHEN 'SKIPVER' THEN skip_package_version(w.p, w.x, w.y)::text"
            + " WHEN 'DELPKG' THEN delete_package(w.p)::text"
            + " WHEN 'DELVER' THEN delete_version(w.p, w.x)::text"
            + " WHEN 'YANKVER' THEN yank_version(w.p, w.x)::text"
            + " WHEN 'UNYANKVER' THEN unyank_version(w.p, w.x)::text"
            + " END"
            + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
            + " WITH ORDINALITY AS w(a, p, x, y, e, t, n)";

    // ---- access logs -------------------------------------------------------------

    /** LOGDOWNLOAD. */
    public void logDownload(PipRequest download) {
        callVoid("log_download", pipArguments(download));
    }

    /** LOGSEARCH. */
    public void logSearch(PipRequest search) {
        callVoid("log_search", pipArguments(search));
    }

    /** LOGPROJECT. */
    public void logProject(PageHit hit) {
        callVoid("log_project", hitArguments(hit));
    }

    /** LOGJSON. */
    public void logJson(PageHit hit) {
        callVoid("log_json", hitArguments(hit));
    }

    /** LOGPAGE. */
    public void logPage(PageHit hit) {
        callVoid("log_page", hitArguments(hit));
    }

    /**
     * LOGDOWNLOAD, LOGSEARCH, LOGPROJECT, LOGJSON and LOGPAGE for many records in one
     * transaction, one statement per kind (the function applied to the rows of
     * {@code unnest} over one array per argument): a busy mirror's access log is far
     * more than one round trip and one commit per record can keep up with. All or
     * nothing: if one record is refused, none is stored.
     */
    public void logAccesses(List<PipRequest> downloads, List<PipRequest> searches, List<PageHit> projectHits,
                            List<PageHit> jsonHits, List<PageHit> pageHits) {
        run(ctx -> {
            logPipRequests(ctx, "log_download", downloads);
            logPipRequests(ctx, "log_search", searches);
            logHits(ctx, "log_project", projectHits);
            logHits(ctx, "log_json", jsonHits);
            logHits(ctx, "log_page", pageHits);
            return null;
        });
    }

    private static void logPipRequests(DSLContext ctx, String function, List<PipRequest> records) {
        if (records.isEmpty()) {
            return;
        }
        String[][] columns = new String[13][records.size()];
        for (int i = 0; i < records.size(); i++) {
            PipRequest r = records.get(i);
            String[] values = {
                r.name(), r.host(), Sql.utc(r.timestamp()).toString(), r.arch(), r.distroName(), r.distroVersion(),
                r.osName(), r.osVersion(), r.pyName(), r.pyVersion(), r.installerName(), r.installerVersion(),
                r.setuptoolsVersion()
            };
            for (int c = 0; c < values.length; c++) {
                columns[c][i] = c == 1 || c == 2 ? values[c] : TextSanitizer.clean(values[c]);
            }
        }
        ctx.execute("SELECT " + function + "(c0, c1::inet, c2::timestamp, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12)"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                + " ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])"
                + " AS u(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12)", (Object[]) columns);
    }

    private static void logHits(DSLContext ctx, String function, List<PageHit> hits) {
        if (hits.isEmpty()) {
            return;
        }
        String[][] columns = new String[4][hits.size()];
        for (int i = 0; i < hits.size(); i++) {
            PageHit h = hits.get(i);
            columns[0][i] = TextSanitizer.clean(h.name());
            columns[1][i] = h.host();
            columns[2][i] = Sql.utc(h.timestamp()).toString();
            columns[3][i] = TextSanitizer.clean(h.userAgent());
        }
        ctx.execute("SELECT " + function + "(c0, c1::inet, c2::timestamp, c3)"
                + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(c0, c1, c2, c3)", (Object[]) columns);
    }

    private static Field<?>[] pipArguments(PipRequest r) {
        return new Field<?>[] {
            clean(r.name()), Sql.inet(r.host()), Sql.timestamp(Sql.utc(r.timestamp())),
            clean(r.arch()), clean(r.distroName()), clean(r.distroVersion()), clean(r.osName()),
            clean(r.osVersion()), clean(r.pyName()), clean(r.pyVersion()), clean(r.installerName()),
            clean(r.installerVersion()), clean(r.setuptoolsVersion())
        };
    }

    private static Field<?>[] hitArguments(PageHit h) {
        return new Field<?>[] {
            clean(h.name()), Sql.inet(h.host()), Sql.timestamp(Sql.utc(h.timestamp())), clean(h.userAgent())
        };
    }

    private static Field<String> clean(String text) {
        return Sql.text(TextSanitizer.clean(text));
    }

    // ---- builds ------------------------------------------------------------------

    /**
     * Beyond 0.23 (schema {@code 0.23-j5}): stores the SHA-256 of the PEP 658
     * {@code .metadata} file of each of these wheels. Files the database does not
     * hold are ignored.
     *
     * @param hashes file name to lower-case hex SHA-256
     * @return how many files' hashes changed
     * @throws IllegalArgumentException if a hash is not 64 lower-case hex digits
     */
    public int setCoreMetadataHashes(Map<String, String> hashes) {
        checkHashes(hashes);
        if (hashes.isEmpty()) {
            return 0;
        }
        return run(ctx -> storeCoreMetadataHashes(ctx, hashes));
    }

    private static int storeCoreMetadataHashes(DSLContext ctx, Map<String, String> hashes) {
        if (hashes.isEmpty()) {
            return 0;
        }
        String[] names = new String[hashes.size()];
        String[] values = new String[hashes.size()];
        int i = 0;
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            names[i] = e.getKey();
            values[i++] = e.getValue();
        }
        return ctx.resultQuery("SELECT set_core_metadata_hashes(?::text[], ?::text[])", names, values)
                .fetchOne(0, Integer.class);
    }

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** LOGBUILD: records a successful build with its files and dependencies, or a failure; returns the build id. */
    public int logBuild(BuildState build) {
        return logBuild(build, Map.of());
    }

    /**
     * LOGBUILD, plus (beyond 0.23) the core-metadata hashes of the build's wheels
     * in the same transaction (see {@link #setCoreMetadataHashes}).
     */
    public int logBuild(BuildState build, Map<String, String> coreMetadataHashes) {
        checkHashes(coreMetadataHashes);
        if (!build.status() && IndexLag.isIndexLag(build.packageName(), build.version(), build.output())) {
            // Beyond 0.23: the index did not serve the release yet; the queue retries it later.
            return run(ctx -> {
                int buildId = ctx.select(logBuildCall(build)).fetchOne(0, Integer.class);
                ctx.select(Sql.call("log_index_lag", SQLDataType.OTHER, Sql.integer(buildId))).execute();
                return buildId;
            });
        }
        return run(ctx -> {
            int buildId = ctx.select(logBuildCall(build)).fetchOne(0, Integer.class);
            storeCoreMetadataHashes(ctx, coreMetadataHashes);
            return buildId;
        });
    }

    private static void checkHashes(Map<String, String> hashes) {
        hashes.forEach((name, hash) -> {
            if (hash == null || !SHA256_HEX.matcher(hash).matches()) {
                throw new IllegalArgumentException("core-metadata hash of " + name
                        + " is not 64 lower-case hex digits: " + hash);
            }
        });
    }

    /**
     * Beyond 0.23: LOGBUILD for many builds in one transaction (one commit, one WAL
     * flush) and one statement: a single {@code SELECT} whose columns are the
     * {@code log_build_success} / {@code log_build_failure} calls, evaluated in
     * order (plus one {@code log_index_lag} call per failure that was index lag).
     * All or nothing: if one build is refused, none is stored.
     *
     * @param builds at most {@link #MAX_BUILDS_PER_BATCH}
     * @return the build ids, in the order of {@code builds}
     */
    public int[] logBuilds(List<BuildState> builds) {
        return logBuilds(builds, Map.of());
    }

    /**
     * {@link #logBuilds(List)}, plus (beyond 0.23) the core-metadata hashes of the
     * builds' wheels in the same transaction (see {@link #setCoreMetadataHashes}).
     */
    public int[] logBuilds(List<BuildState> builds, Map<String, String> coreMetadataHashes) {
        checkHashes(coreMetadataHashes);
        if (builds.size() > MAX_BUILDS_PER_BATCH) {
            throw new IllegalArgumentException("at most " + MAX_BUILDS_PER_BATCH + " builds at once, not " + builds.size());
        }
        if (builds.isEmpty()) {
            return new int[0];
        }
        List<Field<?>> calls = new ArrayList<>(builds.size());
        for (BuildState build : builds) {
            calls.add(logBuildCall(build));
        }
        return run(ctx -> {
            Record row = ctx.select(calls).fetchOne();
            int[] ids = new int[builds.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = row.get(i, Integer.class);
                BuildState build = builds.get(i);
                if (!build.status() && IndexLag.isIndexLag(build.packageName(), build.version(), build.output())) {
                    ctx.select(Sql.call("log_index_lag", SQLDataType.OTHER, Sql.integer(ids[i]))).execute();
                }
            }
            storeCoreMetadataHashes(ctx, coreMetadataHashes);
            return ids;
        });
    }

    /** The most builds {@link #logBuilds} takes at once (PostgreSQL allows 1,664 columns in a result). */
    public static final int MAX_BUILDS_PER_BATCH = 500;

    /** The {@code log_build_success} or {@code log_build_failure} call recording one build. */
    private static Field<Integer> logBuildCall(BuildState build) {
        Field<?>[] common = {
            Sql.text(build.packageName()), Sql.text(build.version()),
            Sql.integer(Math.toIntExact(build.slaveId())),
            DSL.val(YearToSecond.valueOf(build.duration()), SQLDataType.INTERVAL),
            Sql.text(build.abiTag())
        };
        if (!build.status()) {
            return Sql.call("log_build_failure", SQLDataType.INTEGER, common);
        }
        Field<?>[] args = new Field<?>[common.length + 2];
        System.arraycopy(common, 0, args, 0, common.length);
        args[common.length] = RowArrays.files(build.files());
        args[common.length + 1] = RowArrays.dependencies(build.files());
        return Sql.call("log_build_success", SQLDataType.INTEGER, args);
    }

    /** DELBUILD: removes every build of the version (their files and dependencies go too). */
    public void deleteBuild(String packageName, String version) {
        callVoid("delete_build", Sql.text(packageName), Sql.text(version));
    }

    /** Every build id (for the audit tool). */
    public Set<Integer> getAllBuildIds() {
        return run(ctx -> new HashSet<>(ctx.select(Sql.BUILD_ID).from(Sql.BUILDS).fetch(Sql.BUILD_ID)));
    }

    /** GETABIS: every build ABI, or only active ones (skip empty) when {@code excludeSkipped}. */
    public Set<String> getBuildAbis(boolean excludeSkipped) {
        return run(ctx -> new HashSet<>(ctx.select(Sql.ABI_TAG).from(Sql.BUILD_ABIS)
                .where(excludeSkipped ? Sql.SKIP.eq(Sql.text("")) : DSL.noCondition())
                .fetch(Sql.ABI_TAG)));
    }

    /** GETABIS with 0.23's default: all ABIs, skipped ones included. */
    public Set<String> getBuildAbis() {
        return getBuildAbis(false);
    }

    /**
     * The build queue: per active ABI (in ABI order) at most {@code limit}
     * versions, oldest release first. ABIs with nothing to build are absent.
     * Streams the rows with a cursor; {@link #cancelBuildQueue()} aborts it.
     */
    public Map<String, List<BuildRequest>> getBuildQueue(int limit) {
        Field<String> abi = DSL.field(DSL.name("abi_tag"), SQLDataType.VARCHAR);
        return run(ctx -> {
            ResultQuery<Record3<String, String, String>> query = ctx.select(abi, Sql.PACKAGE, Sql.VERSION)
                    .from(Sql.tableCall("get_build_queue", Sql.integer(limit)))
                    .fetchSize(QUEUE_FETCH_SIZE);
            Map<String, List<BuildRequest>> queue = new LinkedHashMap<>();
            runningQueueQuery.set(query);
            try (Cursor<Record3<String, String, String>> rows = query.fetchLazy()) {
                for (Record3<String, String, String> r : rows) {
                    queue.computeIfAbsent(r.value1(), k -> new ArrayList<>())
                            .add(new BuildRequest(r.value2(), r.value3()));
                }
            } finally {
                runningQueueQuery.set(null);
            }
            return queue;
        });
    }

    /** Cancels a running {@link #getBuildQueue(int)} (which then throws {@link QueryCancelledException}). */
    public void cancelBuildQueue() {
        Query query = runningQueueQuery.get();
        if (query != null) {
            query.cancel();
        }
    }

    // ---- files and project data ---------------------------------------------------

    /** PKGFILES: filename to SHA-256 of every file of a successful build of the package. */
    public Map<String, String> getPackageFiles(String packageName) {
        return run(ctx -> {
            Map<String, String> files = new HashMap<>();
            ctx.select(Sql.FILENAME, Sql.FILEHASH)
                    .from(Sql.tableCall("get_package_files", Sql.text(packageName)))
                    .forEach(r -> files.put(r.value1(), r.value2().strip()));
            return files;
        });
    }

    /** VERFILES: filenames of the successful builds of the version. */
    public Set<String> getVersionFiles(String packageName, String version) {
        return run(ctx -> new HashSet<>(ctx.select(Sql.FILENAME)
                .from(Sql.tableCall("get_version_files", Sql.text(packageName), Sql.text(version)))
                .fetch(Sql.FILENAME)));
    }

    /** PROJDATA: everything the project page shows. */
    public ProjectData getProjectData(String packageName) {
        JSON json = run(ctx -> ctx.select(Sql.call("get_project_data", SQLDataType.JSON, Sql.text(packageName)))
                .fetchOne(0, JSON.class));
        return ProjectDataParser.parse(json.data());
    }

    // ---- configuration, statistics, search ----------------------------------------

    /** GETPYPI: the last PyPI changelog serial processed. */
    public long getPypiSerial() {
        return run(ctx -> ctx.select(Sql.call("get_pypi_serial", SQLDataType.BIGINT)).fetchOne(0, Long.class));
    }

    /**
     * SETPYPI: a lower serial than the stored one fails (23000). Bound as
     * {@code integer} because that is the function's parameter type.
     */
    public void setPypiSerial(long serial) {
        callVoid("set_pypi_serial", Sql.integer(Math.toIntExact(serial)));
    }

    /** INITSTATS: all-time number of downloads (slow on big tables; once per start). */
    public long getInitialStatistics() {
        Field<Long> all = DSL.field(DSL.name("downloads_all"), SQLDataType.BIGINT);
        return run(ctx -> ctx.select(all).from(Sql.tableCall("get_initial_statistics")).fetchOne(all));
    }

    /** GETSTATS: the periodic statistics with builds of the last hour per active ABI. */
    public Statistics getStatistics() {
        return run(ctx -> {
            Record row = ctx.select(DSL.asterisk()).from(Sql.tableCall("get_statistics")).fetchOne();
            Field<String> abi = DSL.field(DSL.name("abi_tag"), SQLDataType.VARCHAR);
            Field<Integer> builds = DSL.field(DSL.name("builds"), SQLDataType.INTEGER);
            Map<String, Integer> lastHour = new LinkedHashMap<>();
            ctx.select(abi, builds).from(Sql.tableCall("get_builds_last_hour"))
                    .forEach(r -> lastHour.put(r.value1(), r.value2()));
            return new Statistics(
                    toDuration(row.get("builds_time", YearToSecond.class)),
                    row.get("builds_size", Long.class),
                    row.get("packages_built", Integer.class),
                    row.get("files_count", Integer.class),
                    row.get("new_last_hour", Integer.class),
                    row.get("downloads_last_month", Integer.class),
                    row.get("downloads_last_hour", Integer.class),
                    lastHour);
        });
    }

    // Python's timedelta counts a day as 24 h; so do we (an interval sum may carry days).
    private static Duration toDuration(YearToSecond interval) {
        return interval == null ? Duration.ZERO : interval.toDuration();
    }

    /** GETSEARCH: package to (downloads last 30 days, all downloads), every package listed. */
    public Map<String, SearchEntry> getSearchIndex() {
        Field<Integer> recent = DSL.field(DSL.name("downloads_recent"), SQLDataType.INTEGER);
        Field<Integer> all = DSL.field(DSL.name("downloads_all"), SQLDataType.INTEGER);
        return run(ctx -> {
            Map<String, SearchEntry> index = new HashMap<>();
            ctx.select(Sql.PACKAGE, recent, all).from(Sql.tableCall("get_search_index"))
                    .forEach(r -> index.put(r.value1(), new SearchEntry(r.value2(), r.value3())));
            return index;
        });
    }

    // ---- rewrite buffer ----------------------------------------------------------

    /** SAVERWP: replaces the stored page-rewrite buffer with {@code pending}. */
    public void saveRewritesPending(List<RewritePending> pending) {
        callVoid("save_rewrites_pending", RowArrays.rewrites(pending));
    }

    /** LOADRWP: the stored buffer, oldest first (not cleared). */
    public List<RewritePending> loadRewritesPending() {
        return run(ctx -> ctx.select(Sql.PACKAGE, Sql.ADDED_AT, Sql.COMMAND)
                .from(Sql.tableCall("load_rewrites_pending"))
                .fetch(r -> new RewritePending(r.value1(), r.value2().toInstant(ZoneOffset.UTC), r.value3())));
    }

    // ---- plumbing ----------------------------------------------------------------

    private boolean callBoolean(String function, Field<?>... args) {
        Boolean result = run(ctx -> ctx.select(Sql.call(function, SQLDataType.BOOLEAN, args)).fetchOne(0, Boolean.class));
        // Strict functions answer null for a null argument; 0.23 reads that as false.
        return Boolean.TRUE.equals(result);
    }

    private void callVoid(String function, Field<?>... args) {
        run(ctx -> ctx.select(Sql.call(function, SQLDataType.OTHER, args)).execute());
    }

    private <T> T run(Function<DSLContext, T> work) {
        try {
            return dsl.transactionResult(configuration -> work.apply(DSL.using(configuration)));
        } catch (RuntimeException e) {
            throw ErrorTranslator.translate(e);
        }
    }

    /** Closes the connection pool. */
    @Override
    public void close() {
        pool.close();
    }
}
