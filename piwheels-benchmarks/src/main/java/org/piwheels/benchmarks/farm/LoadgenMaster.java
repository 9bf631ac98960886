package org.piwheels.benchmarks.farm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.piwheels.cli.LogSetup;
import org.piwheels.cli.LoggingOptions;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.db.embedded.EmbeddedDatabase;
import org.piwheels.master.MasterConfig;
import org.piwheels.master.MasterLauncher;

/**
 * The master piw-loadgen measures (docs/benchmarks.md, "Farm scale"): every task of
 * piw-master, in this JVM through its launcher (piw-master itself refuses root, and this
 * machine runs everything as root), on an embedded PostgreSQL in {@code --data}, seeded
 * once with {@code --packages} × {@code --versions} versions pending for one ABI. It
 * prints its pid and runs until killed. PyPI is an unreachable address (the follower
 * retries and backs off), so only the simulated slaves add work.
 *
 * <pre>
 * java -cp benchmarks.jar org.piwheels.benchmarks.farm.LoadgenMaster --data DIR --www DIR
 *     [--slave-port 5555] [--file-port 5556] [--packages 20000] [--versions 10] [--abi cp311]
 * </pre>
 */
public final class LoadgenMaster {
    private LoadgenMaster() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = options(args);
        // as piw-master logs (INFO, task names); the default would be DEBUG for everything
        LogSetup.configure(new LoggingOptions(), false, true, List.of());
        Path data = Path.of(a.getOrDefault("data", "/tmp/piw-loadgen/pg"));
        Path www = Files.createDirectories(Path.of(a.getOrDefault("www", "/tmp/piw-loadgen/www")));
        String abi = a.getOrDefault("abi", "cp311");
        int packages = Integer.parseInt(a.getOrDefault("packages", "20000"));
        int versions = Integer.parseInt(a.getOrDefault("versions", "10"));
        String ipc = "ipc://" + www.getParent().resolve("piw-");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
            db.registerBuildAbis(List.of(abi));
            seed(db, packages, versions);
        }
        MasterConfig config = new MasterConfig("postgres:///unused", www, false, List.of(),
                "http://127.0.0.1:9/pypi", "http://127.0.0.1:9/simple", "http://127.0.0.1:9/pypi",
                ipc + "status", ipc + "control", ipc + "import", a.getOrDefault("log-queue", ipc + "logger"),
                "tcp://127.0.0.1:" + a.getOrDefault("slave-port", "5555"),
                "tcp://127.0.0.1:" + a.getOrDefault("file-port", "5556"),
                "inproc://web", "inproc://builds", "inproc://db", "inproc://fs", "inproc://stats");
        System.out.println("MASTER PID " + ProcessHandle.current().pid());
        System.exit(new MasterLauncher(config, data, List.of(abi), new SystemdNotifier(null)).runUntilStopped());
    }

    /** Inserts the versions once (the schema's triggers put them in the build queue). */
    private static void seed(EmbeddedDatabase db, int packages, int versions) throws Exception {
        try (Connection c = db.server().connectAsSuperuser(EmbeddedDatabase.DATABASE); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM versions")) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    System.out.println("database already holds " + rs.getLong(1) + " versions");
                    return;
                }
            }
            long start = System.nanoTime();
            st.execute("INSERT INTO packages (package) SELECT 'lg-' || i FROM generate_series(1, " + packages + ") i");
            st.execute("INSERT INTO versions (package, version, released) SELECT 'lg-' || i, '1.' || j, "
                    + "now() - (i * 10 + j) * interval '1 second' FROM generate_series(1, " + packages + ") i, "
                    + "generate_series(0, " + (versions - 1) + ") j");
            st.execute("ANALYZE");
            System.out.printf("seeded %d packages x %d versions in %.1f s%n", packages, versions,
                    (System.nanoTime() - start) / 1e9);
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            m.put(args[i].substring(2), args[i + 1]);
        }
        return m;
    }
}
