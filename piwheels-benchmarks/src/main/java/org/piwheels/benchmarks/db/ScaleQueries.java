package org.piwheels.benchmarks.db;

import org.piwheels.db.Database;
import org.piwheels.db.DatabaseConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Times the heavy database operations on a database filled by
 * {@link ScaleDataGenerator}, through {@link Database} as the application
 * role (what the master does), after warm-up, over several repetitions; also
 * prints {@code EXPLAIN (ANALYZE, BUFFERS)} of the build-queue view and,
 * with {@code --reference-023 true}, times piwheels 0.23's own form of the
 * view (EXCEPT ALL) for comparison.
 *
 * <pre>
 * java -cp piwheels-benchmarks/target/benchmarks.jar org.piwheels.benchmarks.db.ScaleQueries \
 *     --data /tmp/piwheels-scale/data [--reps 5] [--search-reps N] [--whole-queue false]
 *     [--reference-023 true] [--explain false]
 * </pre>
 */
public final class ScaleQueries {

    private ScaleQueries() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = ScaleServer.options(args);
        int reps = Integer.parseInt(o.getOrDefault("reps", "5"));
        if (!o.containsKey("dsn")) {
            dataDir = Path.of(o.getOrDefault("data", "/tmp/piwheels-scale/data")).toAbsolutePath();
        }
        try (ScaleServer server = ScaleServer.fromOptions(o, false)) {
            ScaleDataGenerator.printSizes(server);
            try (Connection admin = server.connectAdmin(); Statement st = admin.createStatement()) {
                for (String q : new String[] {"SELECT version()", "SELECT version FROM configuration",
                    "SHOW shared_buffers", "SHOW work_mem", "SHOW max_parallel_workers_per_gather",
                    "SELECT count(*) FROM versions", "SELECT count(*) FROM builds", "SELECT count(*) FROM files",
                    "SELECT count(*) FROM downloads"}) {
                    try (ResultSet rs = st.executeQuery(q)) {
                        rs.next();
                        System.out.println(q + " -> " + rs.getString(1));
                    }
                }
                if (Boolean.parseBoolean(o.getOrDefault("explain", "true"))) {
                    // the view as 0.23's get_build_queue reads it (every row numbered, then filtered)
                    explain(st, "EXPLAIN (ANALYZE, BUFFERS) SELECT q.abi_tag, q.package, q.version FROM builds_pending q"
                            + " WHERE q.position <= 100000 ORDER BY q.abi_tag, q.position");
                    explain(st, "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM get_build_queue(100000)");
                }
                if (Boolean.parseBoolean(o.getOrDefault("reference-023", "false"))) {
                    explain(st, "EXPLAIN (ANALYZE, BUFFERS) SELECT count(*) FROM (" + REFERENCE_023_VIEW + ") q WHERE q.position <= 100000");
                }
            }
            try (Database db = Database.open(DatabaseConfig.of(server.jdbcUrl(), server.appRole(), null))) {
                time("getBuildQueue(100000)  [master's call]", 1, reps, () -> rows(db.getBuildQueue(100_000)));
                if (Boolean.parseBoolean(o.getOrDefault("whole-queue", "true"))) {
                    time("getBuildQueue(MAX)     [every pending row]", 1, reps, () -> rows(db.getBuildQueue(Integer.MAX_VALUE)));
                }
                time("getProjectData(" + ScaleDataGenerator.BIG_PACKAGE + ")", 20, Math.max(reps, 50),
                        () -> db.getProjectData(ScaleDataGenerator.BIG_PACKAGE).releases().size() + " releases");
                String small = ScaleDataGenerator.packageName(12345 % Math.max(1, (int) count(server, "SELECT count(*) FROM packages")));
                time("getProjectData(" + small + ")", 20, Math.max(reps, 50),
                        () -> db.getProjectData(small).releases().size() + " releases");
                time("getStatistics()", 2, Math.max(reps, 10), () -> {
                    var s = db.getStatistics();
                    return "files " + s.filesCount() + ", packages " + s.packagesBuilt() + ", dl30d " + s.downloadsLastMonth();
                });
                int searchReps = Integer.parseInt(o.getOrDefault("search-reps", Integer.toString(reps)));
                if (searchReps > 0) {
                    time("getSearchIndex()", 1, searchReps, () -> db.getSearchIndex().size() + " packages");
                }
                time("getInitialStatistics()", 1, Math.min(reps, 3), () -> db.getInitialStatistics() + " downloads");
            }
        }
    }

    private static long count(ScaleServer server, String sql) {
        try (Connection c = server.connectAdmin(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rows(Map<String, ? extends List<?>> queue) {
        StringBuilder s = new StringBuilder();
        long total = 0;
        for (var e : queue.entrySet()) {
            s.append(e.getKey()).append('=').append(e.getValue().size()).append(' ');
            total += e.getValue().size();
        }
        return total + " rows (" + s.toString().trim() + ")";
    }

    private static void explain(Statement st, String sql) throws SQLException {
        System.out.println("== " + sql.substring(0, Math.min(sql.length(), 120)));
        long t = System.nanoTime();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                System.out.println("   " + rs.getString(1));
            }
        }
        System.out.printf(Locale.ROOT, "   (wall %.3f s)%n", (System.nanoTime() - t) / 1e9);
    }

    private static Path dataDir;

    private static void time(String name, int warmup, int reps, Supplier<String> op) {
        String result = null;
        for (int i = 0; i < warmup; i++) {
            result = op.get();
        }
        double[] ms = new double[reps];
        double[] cpu = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c = serverCpuTicks();
            long t = System.nanoTime();
            result = op.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
            cpu[i] = (serverCpuTicks() - c) * 1000.0 / TICKS_PER_SECOND;
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-48s reps %3d  wall min %10.2f ms  median %10.2f ms  max %10.2f ms"
                        + "  | server CPU median %9.1f ms   %s%n",
                name, reps, sorted[0], sorted[reps / 2], sorted[reps - 1], cpu[reps / 2], result);
    }

    private static final int TICKS_PER_SECOND = 100;

    /**
     * CPU time (clock ticks) the PostgreSQL cluster has used so far: the
     * postmaster's own and reaped children's (parallel workers), plus every
     * live backend's. -1 when not measurable (not Linux, or an external server).
     */
    static long serverCpuTicks() {
        if (dataDir == null) {
            return 0;
        }
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            long total = ticks(postmaster, true);
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String n = p.getFileName().toString();
                    if (!n.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String[] f = stat(Long.parseLong(n));
                        if (f != null && Long.parseLong(f[1]) == postmaster) {
                            total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                        }
                    } catch (IOException | RuntimeException gone) {
                        // the process ended meanwhile
                    }
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticks(long pid, boolean withChildren) throws IOException {
        String[] f = stat(pid);
        long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return withChildren ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
    }

    /** Fields of /proc/PID/stat after the command name: [0] = state, [1] = ppid, [11] = utime, ... */
    private static String[] stat(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return s.substring(s.lastIndexOf(')') + 2).split(" ");
    }

    /**
     * piwheels 0.23's builds_pending, in 0.23's form (spec §3.1: wanted EXCEPT
     * ALL covered, MIN per version, ROW_NUMBER over the whole input), for comparison.
     */
    static final String REFERENCE_023_VIEW = """
            SELECT abi_tag, ROW_NUMBER() OVER (PARTITION BY abi_tag ORDER BY released) AS position, package, version
            FROM (
                SELECT d.package, d.version, v.released, MIN(d.abi_tag) AS abi_tag
                FROM (
                    SELECT v.package, v.version, b.abi_tag
                    FROM packages p JOIN versions v ON v.package = p.package CROSS JOIN build_abis b
                    WHERE v.skip = '' AND p.skip = '' AND b.skip = ''
                    EXCEPT ALL
                    (
                        SELECT b.package, b.version, v.abi_tag
                        FROM builds b JOIN files f ON b.build_id = f.build_id CROSS JOIN build_abis v
                        WHERE f.abi_tag = 'none'
                        UNION ALL
                        SELECT b.package, b.version, COALESCE(f.abi_tag, b.abi_tag)
                        FROM builds b LEFT JOIN files f ON b.build_id = f.build_id
                        WHERE f.build_id IS NULL OR f.abi_tag <> 'none'
                    )
                ) d JOIN versions v ON v.package = d.package AND v.version = d.version
                GROUP BY d.package, d.version, v.released
            ) t""";
}
