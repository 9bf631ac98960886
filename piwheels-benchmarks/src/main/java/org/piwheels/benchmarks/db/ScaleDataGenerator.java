package org.piwheels.benchmarks.db;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fills a piwheels database at production scale, fast and deterministically
 * (seeded), with {@code COPY} as the admin role. See docs/benchmarks.md,
 * "Database at scale".
 *
 * <pre>
 * java -Xmx4g -cp piwheels-benchmarks/target/benchmarks.jar \
 *     org.piwheels.benchmarks.db.ScaleDataGenerator --data /tmp/piwheels-scale/data \
 *     [--scale 1.0] [--seed 42] [--packages N --versions N --builds N --downloads N]
 * </pre>
 *
 * <p>Secondary indexes and constraints are dropped during the load and
 * re-created from their own catalog definitions afterwards, then every table
 * is vacuumed and analysed. Triggers are off during the load; the bookkeeping
 * of schema 0.23-j2 (build queue, statistics counters) is rebuilt once at the end. The reference time ("now") is the start of the
 * run: windowed statistics (last hour, last 30 days) drift as it ages.
 */
public final class ScaleDataGenerator {

    /** The package with exactly 500 versions that {@link ScaleQueries} reads. */
    public static final String BIG_PACKAGE = "bigpkg-500";

    static final String[] ABIS = {"cp311", "cp37m", "cp39"};
    private static final String[] PY_TAGS = {"cp311", "cp37", "cp39"};
    private static final String[] SYLLABLES = {
        "py", "ka", "lo", "ri", "mo", "ne", "ta", "su", "vi", "do", "ge", "fa", "zu", "xe", "ba", "qi",
        "tor", "lib", "net", "web", "data", "flow", "io", "json", "http", "sql", "ml", "api", "cli", "pi"};

    private final long seed;
    private final int packages;
    private final int versions;
    private final int builds;
    private final int downloads;
    private final long now = System.currentTimeMillis() / 1000;

    ScaleDataGenerator(long seed, int packages, int versions, int builds, int downloads) {
        this.seed = seed;
        this.packages = packages;
        this.versions = versions;
        this.builds = builds;
        this.downloads = downloads;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = ScaleServer.options(args);
        double scale = Double.parseDouble(o.getOrDefault("scale", "1.0"));
        ScaleDataGenerator gen = new ScaleDataGenerator(
                Long.parseLong(o.getOrDefault("seed", "42")),
                Integer.parseInt(o.getOrDefault("packages", Integer.toString((int) (500_000 * scale)))),
                Integer.parseInt(o.getOrDefault("versions", Integer.toString((int) (5_000_000 * scale)))),
                Integer.parseInt(o.getOrDefault("builds", Integer.toString((int) (2_000_000 * scale)))),
                Integer.parseInt(o.getOrDefault("downloads", Integer.toString((int) (10_000_000 * scale)))));
        long t0 = System.nanoTime();
        try (ScaleServer server = ScaleServer.fromOptions(o, true)) {
            log("database %s ready", server.jdbcUrl());
            gen.run(server);
            printSizes(server);
        }
        log("done in %.1f s", (System.nanoTime() - t0) / 1e9);
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "%tT " + format + "%n", prepend(System.currentTimeMillis(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    // --------------------------------------------------------------------------------------------

    void run(ScaleServer server) throws SQLException {
        try (Connection admin = server.connectAdmin(); Statement st = admin.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM packages")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    throw new IllegalStateException("the database already holds packages; use a fresh data directory");
                }
            }
            List<String> recreate = dropConstraintsAndIndexes(st);
            log("dropped %d indexes/constraints for the load", recreate.size());
            load(server);
            for (String sql : recreate) {
                long t = System.nanoTime();
                st.execute(sql);
                log("%5.1f s  %s", (System.nanoTime() - t) / 1e9, sql.length() > 110 ? sql.substring(0, 110) + "…" : sql);
            }
            st.execute("SELECT setval('builds_build_id_seq', (SELECT max(build_id) FROM builds))");
            boolean bookkeeping;
            try (ResultSet rs = st.executeQuery("SELECT to_regproc('bookkeeping.rebuild_pending') IS NOT NULL")) {
                rs.next();
                bookkeeping = rs.getBoolean(1);
            }
            if (bookkeeping) {
                long t = System.nanoTime();
                st.execute("SELECT bookkeeping.rebuild_pending()");
                log("%5.1f s  bookkeeping.rebuild_pending() (build queue, changeset 0.23-j2)", (System.nanoTime() - t) / 1e9);
            }
            boolean counters;
            try (ResultSet rs = st.executeQuery("SELECT to_regproc('bookkeeping.rebuild_statistics') IS NOT NULL")) {
                rs.next();
                counters = rs.getBoolean(1);
            }
            if (counters) {
                long t = System.nanoTime();
                st.execute("SELECT bookkeeping.rebuild_statistics()");
                log("%5.1f s  bookkeeping.rebuild_statistics() (changeset 0.23-j2-statistics)", (System.nanoTime() - t) / 1e9);
            }
            admin.setAutoCommit(true);
            for (String table : VACUUM) {
                if (table.startsWith("bookkeeping.") && !bookkeeping) {
                    continue;
                }
                long t = System.nanoTime();
                st.execute("VACUUM (ANALYZE) " + table);
                log("%5.1f s  VACUUM (ANALYZE) %s", (System.nanoTime() - t) / 1e9, table);
            }
            st.execute("CHECKPOINT");
        }
    }

    static final String[] TABLES = {"packages", "package_names", "versions", "build_abis", "builds", "files",
        "dependencies", "preinstalled_apt_packages", "downloads"};

    private static final String[] VACUUM = {"packages", "package_names", "versions", "build_abis", "builds", "files",
        "dependencies", "preinstalled_apt_packages", "downloads", "bookkeeping.pending_builds",
        "bookkeeping.file_package_tags"};

    /** Drops FKs, PK/unique constraints and plain indexes of the loaded tables; returns the SQL that re-creates them. */
    private static List<String> dropConstraintsAndIndexes(Statement st) throws SQLException {
        String tables = "('" + String.join("','", TABLES) + "')";
        List<String> fks = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        List<String> drops = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype "
                + "FROM pg_constraint c WHERE c.connamespace = 'public'::regnamespace AND c.contype IN ('p','u','f') "
                + "AND c.conrelid::regclass::text IN " + tables + " ORDER BY c.contype = 'f' DESC, c.conname")) {
            while (rs.next()) {
                String add = "ALTER TABLE " + rs.getString(1) + " ADD CONSTRAINT " + rs.getString(2) + " " + rs.getString(3);
                drops.add("ALTER TABLE " + rs.getString(1) + " DROP CONSTRAINT " + rs.getString(2));
                ("f".equals(rs.getString(4)) ? fks : keys).add(add);
            }
        }
        try (ResultSet rs = st.executeQuery(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND i.tablename IN " + tables
                + " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname "
                + "AND c.connamespace = 'public'::regnamespace) ORDER BY i.indexname")) {
            while (rs.next()) {
                drops.add("DROP INDEX " + rs.getString(1));
                indexes.add(rs.getString(2));
            }
        }
        for (String d : drops) {
            st.execute(d);
        }
        List<String> recreate = new ArrayList<>(keys);
        recreate.addAll(indexes);
        recreate.addAll(fks);
        return recreate;
    }

    // --------------------------------------------------------------------------------------------

    /** Buffered text-format COPY into one table over its own connection. */
    private static final class Copy implements AutoCloseable {
        private final Connection conn;
        private final CopyIn in;
        private final StringBuilder buf = new StringBuilder(1 << 17);
        private final String table;
        long rows;

        Copy(ScaleServer server, String table) throws SQLException {
            this.conn = server.connectAdmin();
            this.table = table;
            try (Statement st = conn.createStatement()) {
                // No triggers during the load (0.23-j2's queue bookkeeping is refreshed once at the end).
                st.execute("SET session_replication_role = replica");
            }
            this.in = conn.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " FROM STDIN");
        }

        Copy field(String v) {
            if (v == null) {
                buf.append("\\N");
            } else {
                buf.append(v);
            }
            buf.append('\t');
            return this;
        }

        Copy field(long v) {
            buf.append(v).append('\t');
            return this;
        }

        void end() throws SQLException {
            buf.setCharAt(buf.length() - 1, '\n');
            rows++;
            if (buf.length() > 120_000) {
                flush();
            }
        }

        private void flush() throws SQLException {
            byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            buf.setLength(0);
        }

        @Override
        public void close() throws SQLException {
            flush();
            in.endCopy();
            conn.close();
            log("COPY %-26s %,12d rows", table, rows);
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    static String ts(long epochSecond) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        char[] c = "0000-00-00 00:00:00".toCharArray();
        put(c, 0, t.getYear(), 4);
        put(c, 5, t.getMonthValue(), 2);
        put(c, 8, t.getDayOfMonth(), 2);
        put(c, 11, t.getHour(), 2);
        put(c, 14, t.getMinute(), 2);
        put(c, 17, t.getSecond(), 2);
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            c[at + i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    static String packageName(int i) {
        if (i == 0) {
            return BIG_PACKAGE;
        }
        int h = Integer.rotateLeft(i * 0x9E3779B1, 7) & 0x7fffffff;
        String a = SYLLABLES[h % SYLLABLES.length];
        String b = SYLLABLES[(h / 31) % SYLLABLES.length];
        String c = (h & 1) == 0 ? "" : "-" + SYLLABLES[(h / 997) % SYLLABLES.length];
        return a + b + c + "-" + Integer.toString(i, 36);
    }

    static String versionString(int j) {
        return (j / 100) + "." + ((j / 10) % 10) + "." + (j % 10);
    }

    private static String hash(SplittableRandom r) {
        char[] c = new char[64];
        for (int k = 0; k < 64; k += 16) {
            long v = r.nextLong();
            for (int n = 0; n < 16; n++) {
                c[k + n] = HEX[(int) (v >>> (n * 4)) & 15];
            }
        }
        return new String(c);
    }

    private static String duration(long seconds) {
        return (seconds / 3600) + ":" + (seconds / 60 % 60) + ":" + (seconds % 60);
    }

    /** Versions per package: log-normal (median ≈ 4, mean ≈ 10, a tail of hundreds), scaled to the total. */
    int[] versionCounts() {
        SplittableRandom r = new SplittableRandom(seed * 31 + 1);
        int[] counts = new int[packages];
        double[] raw = new double[packages];
        double sum = 0;
        for (int i = 0; i < packages; i++) {
            raw[i] = Math.min(1500, Math.exp(1.457 + 1.3 * gaussian(r)));
            sum += raw[i];
        }
        double f = (versions - 500.0) / (sum - raw[0]);
        long total = 500;
        counts[0] = 500;
        for (int i = 1; i < packages; i++) {
            counts[i] = (int) Math.max(1, Math.min(1500, Math.round(raw[i] * f)));
            total += counts[i];
        }
        // exact total: nudge random packages
        while (total != versions) {
            int i = 1 + r.nextInt(packages - 1);
            if (total < versions && counts[i] < 1500) {
                counts[i]++;
                total++;
            } else if (total > versions && counts[i] > 1) {
                counts[i]--;
                total--;
            }
        }
        return counts;
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1.0 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private void load(ScaleServer server) throws SQLException {
        int[] counts = versionCounts();
        SplittableRandom rp = new SplittableRandom(seed * 31 + 2);
        SplittableRandom rv = new SplittableRandom(seed * 31 + 3);
        SplittableRandom rb = new SplittableRandom(seed * 31 + 4);
        // expected builds per built version: 1 + 0.4·0.8 + (0.4·0.8)² ≈ 1.42; ~95 % of versions are buildable
        double pBuild = Math.min(1.0, builds / (versions * 0.95 * 1.4224));
        long oldest = LocalDateTime.of(2012, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
        List<String> filenames = new ArrayList<>(builds * 2);
        String[] aptPool = new String[300];
        for (int k = 0; k < aptPool.length; k++) {
            aptPool[k] = "lib" + SYLLABLES[k % SYLLABLES.length] + SYLLABLES[(k / 7) % SYLLABLES.length] + (k % 13);
        }
        int buildId = 0;
        try (Copy abis = new Copy(server, "build_abis");
             Copy pre = new Copy(server, "preinstalled_apt_packages")) {
            for (String abi : ABIS) {
                abis.field(abi).field("").end();
                for (int k = 0; k < aptPool.length; k += 3) {
                    pre.field(abi).field(aptPool[k]).end();
                }
            }
        }
        try (Copy pk = new Copy(server, "packages");
             Copy names = new Copy(server, "package_names");
             Copy ver = new Copy(server, "versions");
             Copy bld = new Copy(server, "builds");
             // the 0.23 columns: core_metadata_hash (0.23-j5) stays NULL, as on a database taken over from 0.23
             Copy fil = new Copy(server, "files (filename, build_id, filesize, filehash, package_tag,"
                     + " package_version_tag, py_version_tag, abi_tag, platform_tag, requires_python, location)");
             Copy dep = new Copy(server, "dependencies")) {
            for (int i = 0; i < packages; i++) {
                String pkg = packageName(i);
                String pkgSkip = i != 0 && rp.nextDouble() < 0.01 ? "manual skip" : "";
                pk.field(pkg).field(pkgSkip).field("A package for the scale benchmark number " + i).end();
                names.field(pkg).field(pkg).field(ts(0)).end();
                if (rp.nextDouble() < 0.3) {
                    String display = Character.toUpperCase(pkg.charAt(0)) + pkg.substring(1).replace('-', '_');
                    names.field(pkg).field(display).field(ts(oldest + rp.nextLong(now - oldest))).end();
                }
                String tag = pkg.replace('-', '_');
                int n = counts[i];
                boolean epochImport = i != 0 && rv.nextDouble() < 0.01;
                long start = oldest + rv.nextLong(now - 30L * 86400 - oldest);
                for (int j = 0; j < n; j++) {
                    String v = versionString(j);
                    long released = epochImport ? 0 : start + (long) ((now - start) * ((j + rv.nextDouble()) / (n + 1)));
                    if (rv.nextDouble() < 60.0 / versions) {
                        released = now - rv.nextLong(3600);
                    }
                    String vSkip = i != 0 && rv.nextDouble() < 0.03 ? "binary only" : "";
                    boolean yanked = rv.nextDouble() < 0.01;
                    ver.field(pkg).field(v).field(ts(released)).field(vSkip).field(yanked ? "t" : "f").end();
                    if (!(i == 0 || (pkgSkip.isEmpty() && vSkip.isEmpty() && rb.nextDouble() < pBuild))) {
                        continue;
                    }
                    long builtBase = Math.max(released, oldest + 3 * 365 * 86400L) + rb.nextLong(30L * 86400);
                    for (int round = 0; round < ABIS.length; round++) {
                        double outcome = rb.nextDouble();
                        boolean fail = outcome >= 0.85;
                        boolean empty = outcome >= 0.84 && outcome < 0.85;
                        buildId++;
                        long builtAt = Math.min(now - 7200 - (ABIS.length - round) * 600L, builtBase + round * 3600L);
                        if (rb.nextDouble() < 100.0 / builds) {
                            builtAt = now - rb.nextLong(3600);
                        }
                        long dur = (long) Math.min(20_000, Math.exp(4.5 + 1.2 * gaussian(rb)));
                        if (rb.nextDouble() < 0.0005) {
                            dur = 10L * 86400;
                        }
                        bld.field(buildId).field(pkg).field(v).field(1 + rb.nextInt(30)).field(ts(builtAt))
                                .field(duration(dur)).field(fail ? "f" : "t").field(ABIS[round]).end();
                        if (!fail && !empty) {
                            String py;
                            String abi;
                            boolean twins;
                            if (outcome < 0.6) {
                                py = "py3";
                                abi = "none";
                                twins = false;
                            } else if (outcome < 0.7) {
                                py = PY_TAGS[round];
                                abi = "abi3";
                                twins = true;
                            } else {
                                py = PY_TAGS[round];
                                abi = ABIS[round];
                                twins = true;
                            }
                            String[] plats = twins ? new String[] {"linux_armv7l", "linux_armv6l"} : new String[] {"any"};
                            int size = (int) Math.min(Integer.MAX_VALUE, Math.exp(10.5 + 1.5 * gaussian(rb)));
                            String h = hash(rb);
                            String rq = rb.nextBoolean() ? null : ">=3.7";
                            int apts = twins ? rb.nextInt(4) : 0;
                            int pips = rb.nextDouble() < 0.3 ? 1 + rb.nextInt(3) : 0;
                            int aptStart = rb.nextInt(aptPool.length);
                            int pipStart = rb.nextInt(packages);
                            for (String plat : plats) {
                                String fn = tag + "-" + v + "-" + py + "-" + abi + "-" + plat + ".whl";
                                fil.field(fn).field(buildId).field(size).field(h).field(tag).field(v).field(py)
                                        .field(abi).field(plat).field(rq).field("/simple").end();
                                filenames.add(fn);
                                for (int k = 0; k < apts; k++) {
                                    dep.field(fn).field("apt").field(aptPool[(aptStart + k * 17) % aptPool.length]).end();
                                }
                                for (int k = 0; k < pips; k++) {
                                    dep.field(fn).field("pip").field(packageName((pipStart + k * 7919) % packages)).end();
                                }
                            }
                            if (outcome < 0.6) {
                                break; // a 'none' wheel covers every ABI
                            }
                        }
                        if (i != 0 && rb.nextDouble() >= 0.8) {
                            break; // the farm has not reached the next ABI yet
                        }
                    }
                }
            }
        }
        loadDownloads(server, filenames);
    }

    private void loadDownloads(ScaleServer server, List<String> filenames) throws SQLException {
        SplittableRandom r = new SplittableRandom(seed * 31 + 5);
        String[] arch = {"armv7l", "armv7l", "armv7l", "armv6l", "aarch64"};
        String[] distro = {"10", "11", "11", "12"};
        String[] py = {"3.7.3", "3.9.2", "3.9.2", "3.11.2"};
        long span = 730L * 86400;
        int n = filenames.size();
        try (Copy dl = new Copy(server, "downloads")) {
            for (int k = 0; k < downloads; k++) {
                String fn = r.nextDouble() < 0.01
                        ? "gone_" + r.nextInt(100_000) + "-1.0-py3-none-any.whl"
                        : filenames.get((int) (n * Math.pow(r.nextDouble(), 4)));
                long at = now - 1 - (long) (span * Math.pow(r.nextDouble(), 1.3));
                boolean bare = r.nextDouble() < 0.05;
                int a = r.nextInt(arch.length);
                int d = r.nextInt(distro.length);
                dl.field(fn)
                        .field((10 + r.nextInt(200)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254)))
                        .field(ts(at));
                if (bare) {
                    dl.field((String) null).field((String) null).field((String) null).field((String) null)
                            .field((String) null).field((String) null).field((String) null).field("pip")
                            .field((String) null).field((String) null).end();
                } else {
                    dl.field(arch[a]).field("Raspbian GNU/Linux").field(distro[d]).field("Linux").field("5.10.103-v7+")
                            .field("CPython").field(py[d]).field("pip").field("23.0.1").field("66.1.1").end();
                }
            }
        }
    }

    static void printSizes(ScaleServer server) throws SQLException {
        try (Connection c = server.connectAdmin(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT c.relname, c.reltuples::bigint, pg_size_pretty(pg_relation_size(c.oid)), "
                     + "pg_size_pretty(pg_indexes_size(c.oid)), pg_size_pretty(pg_total_relation_size(c.oid)) "
                     + "FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' "
                     + "ORDER BY pg_total_relation_size(c.oid) DESC")) {
            System.out.printf("%-26s %12s %10s %10s %10s%n", "table", "rows (est)", "heap", "indexes", "total");
            while (rs.next()) {
                System.out.printf("%-26s %,12d %10s %10s %10s%n", rs.getString(1), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getString(5));
            }
            try (ResultSet db = c.createStatement().executeQuery("SELECT pg_size_pretty(pg_database_size(current_database()))")) {
                db.next();
                System.out.println("database total: " + db.getString(1));
            }
        }
    }
}
