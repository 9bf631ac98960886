package org.piwheels.packaging.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.piwheels.packaging.it.Host.Result;
import org.piwheels.testing.DocSnippets;

/**
 * Deploys a master and a build slave on this machine by following docs/deploy-master.md
 * and docs/deploy-slaves.md, running each snippet of the manual as written (read from the
 * docs by id, never copied): the freshly built packages installed with the manual's
 * {@code dpkg -i} lines, Debian's PostgreSQL with the manual's {@code createuser},
 * {@code createdb} and {@code piw-initdb} lines and its {@code pg_hba.conf} line, the
 * manual's {@code /etc/piwheels.conf} settings, the SSH and CURVE keys, then
 * {@code sudo -u piwheels piw-master -v} and {@code sudo -u piwheels piw-slave -v -m
 * piwheels-master.lan}, until the slave reports it is connected over CURVE; then the
 * upgrade step. What needs a running systemd ({@code systemctl}, {@code journalctl})
 * is checked as far as it can be: see {@link SystemctlLines}.
 *
 * <p>The test adapts only what a test machine needs, each adaptation named below: the
 * master's PyPI addresses point at a closed local port and its slave and file queues
 * bind to 127.0.0.1; {@code piwheels-master.lan} resolves to 127.0.0.1 through
 * {@code /etc/hosts}; PostgreSQL is started with {@code pg_ctlcluster} (no systemd).
 * It needs root, dpkg, PostgreSQL, sudo and ssh-keygen (CI installs them; it is skipped
 * otherwise), refuses to run over an installed piwheels or existing piwheels database,
 * and puts the machine back as it found it.
 */
class ManualWalkthroughTest {
    private static final Path CONF = Path.of("/etc/piwheels.conf");
    private static final Path HOSTS = Path.of("/etc/hosts");
    private static final String PACKAGES = "piwheels-slave piwheels-master piwheels-monitor piwheels-tools piwheels-common";
    /** The postgres superuser's password for the run (docs/deploy-master.md: "give it one for the run"). */
    private static final String PG_SUPERUSER_PASSWORD = "walkthrough-" + ProcessHandle.current().pid();
    /** The application role's password: the one the manual's DSN shows. */
    private static final String APP_PASSWORD = "SECRET";

    private final List<Runnable> undo = new ArrayList<>();
    private final Path logs = Path.of(System.getProperty("deb.dir"), "walkthrough");

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)  // about a minute and a half on a quiet machine
    void deployAMasterAndASlaveAsTheManualSays() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the walkthrough installs packages: needs root");
        for (String tool : List.of("/usr/bin/dpkg", "/usr/bin/pg_ctlcluster", "/usr/bin/sudo", "/usr/bin/ssh-keygen",
                "/usr/bin/systemd-analyze")) {
            assumeTrue(Files.isExecutable(Path.of(tool)), "needs " + tool + " (.ci/run installs it)");
        }
        assertThat(Host.run("dpkg-query", "-W", "-f=${db:Status-Status}", "piwheels-common").output())
                .as("piwheels-common is installed; remove it before running this test").doesNotContain("installed");
        assertThat(CONF).as("/etc/piwheels.conf exists and is not ours; move it away first").doesNotExist();
        assertThat(Path.of("/etc/piwheels")).as("/etc/piwheels exists and is not ours; move it away first").doesNotExist();
        Files.createDirectories(logs);
        try {
            installMasterPackages();
            joinThePiwheelsGroup();
            Postgres pg = Postgres.start(undo);
            createDatabase(pg);
            configureMaster();
            allowRemoteMaster(pg);
            makeTunnelKey();
            makeCurveKeys();
            installSlavePackages();
            runMasterAndSlave();
            upgrade();
            SystemctlLines.check("deploy-master/systemd");
            SystemctlLines.check("deploy-slaves/systemd");
            SystemctlLines.check("packages/systemd");
        } finally {
            for (int i = undo.size() - 1; i >= 0; i--) {
                try {
                    undo.get(i).run();
                } catch (RuntimeException | AssertionError e) {
                    System.err.println("walkthrough clean-up: " + e);
                }
            }
        }
        assertThat(Host.run("dpkg-query", "-W", "-f=${db:Status-Status}", "piwheels-common").output())
                .doesNotContain("installed");
        assertThat(CONF).doesNotExist();
    }

    /** deploy-master.md, 1. Install; then the output directory. */
    private void installMasterPackages() throws Exception {
        undo.add(() -> purge());
        DocSnippets.Block install = DocSnippets.get("deploy-master/install");
        List<String> lines = install.commands();
        assertThat(lines).hasSize(2);
        // everything it names is installed already (.ci/run), so apt-get has nothing to ask
        Host.shell(Map.of(), null, lines.get(0)).ok(lines.get(0));
        Host.shell(Map.of(), null, Debs.builtFiles(lines.get(1))).ok(lines.get(1));
        // the web server pipes its access log to the installed piw-logger (docs/tools.md, docs/web.md)
        String piped = DocSnippets.text("tools/logger-apache").replaceFirst("(?s)^[^|]*\\|(\\S+).*$", "$1");
        assertThat(Path.of(piped)).as("the program tools/logger-apache pipes to").isExecutable();

        boolean webRootExisted = Files.exists(Path.of("/var/www/piwheels"));
        assertThat(webRootExisted).as("/var/www/piwheels exists; it is not ours").isFalse();
        undo.add(() -> deleteTree(Path.of("/var/www/piwheels")));
        for (String line : DocSnippets.get("deploy-master/web-root").commands()) {
            Host.shell(Map.of(), null, line).ok(line);
        }
        assertThat(Host.run("stat", "-c", "%U:%G %a", "/var/www/piwheels").output().strip())
                .isEqualTo("piwheels:piwheels 755");
    }

    /** deploy-master.md, "Combined: database on the master host", run as the postgres user. */
    private void createDatabase(Postgres pg) throws Exception {
        for (String line : DocSnippets.get("deploy-master/create-database").commands()) {
            // createuser --pwprompt asks twice; piw-initdb asks whether to initialise
            String answers = line.startsWith("createuser") ? APP_PASSWORD + "\n" + APP_PASSWORD + "\n" : "y\n";
            Host.run(Map.of(), answers, "runuser", "-u", "postgres", "--",
                    "env", "PGPASSWORD=" + PG_SUPERUSER_PASSWORD, "bash", "-c", line).ok(line);
        }
        assertThat(pg.query("SELECT rolsuper FROM pg_roles WHERE rolname = 'piwheels'")).isEqualTo("f");
        assertThat(pg.query("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = 'packages'",
                "piwheels")).isEqualTo("1");
    }

    /** The [master] settings and the file's owner and mode, as deploy-master.md says. */
    private void configureMaster() throws Exception {
        editConf("deploy-master/conf-combined");
        // test adaptations: no PyPI (a closed local port), queues for slaves on loopback only
        Files.writeString(CONF, IniEdit.apply(Files.readString(CONF), """
                [master]
                pypi-xmlrpc = http://127.0.0.1:9/pypi
                pypi-json = http://127.0.0.1:9/pypi
                pypi-simple = http://127.0.0.1:9/simple
                slave-queue = tcp://127.0.0.1:5555
                file-queue = tcp://127.0.0.1:5556
                """));
        Host.run("chown", "root:piwheels", CONF.toString()).ok("chown");
        Host.run("chmod", "640", CONF.toString()).ok("chmod");
    }

    /** deploy-master.md, "Separate: database on another host": the pg_hba.conf line, reloaded. */
    private void allowRemoteMaster(Postgres pg) throws Exception {
        String line = DocSnippets.get("deploy-master/pg-hba").commands().get(0);
        pg.appendHba(line);
        pg.reload();
        assertThat(pg.query("SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL")).isEqualTo("0");
        String[] fields = line.split("\\s+");
        assertThat(pg.query("SELECT count(*) FROM pg_hba_file_rules WHERE type = '" + fields[0]
                + "' AND database = '{" + fields[1] + "}' AND user_name = '{" + fields[2] + "}' AND address = '"
                + fields[3].replaceFirst("/.*", "") + "' AND auth_method = '" + fields[4] + "'")).isEqualTo("1");
    }

    /** deploy-master.md, "Through an SSH tunnel": the piwheels user's key (the unit: SystemctlLines). */
    private void makeTunnelKey() throws Exception {
        List<String> lines = DocSnippets.get("deploy-master/tunnel").commands();
        for (String line : lines) {
            if (line.startsWith("systemctl ")) {
                SystemctlLines.checkLine(line);
            } else {
                Host.shell(Map.of(), null, line).ok(line);
            }
        }
        Path key = Path.of("/var/lib/piwheels/.ssh/id_ed25519");
        assertThat(key).isNotEmptyFile();
        assertThat(Host.run("stat", "-c", "%U %a", key.toString()).output().strip()).isEqualTo("piwheels 600");
        assertThat(Host.run("ssh-keygen", "-l", "-f", key + ".pub").output()).contains("ED25519");
    }

    /** deploy-master.md and deploy-slaves.md, "CURVE": both key pairs, the allow-list, both settings. */
    private void makeCurveKeys() throws Exception {
        // /etc/piwheels itself is piwheels-common's (it holds admin.secret, root's); the keys are the operator's
        assertThat(Host.run("stat", "-c", "%U %a", "/etc/piwheels").ok("stat /etc/piwheels").output().strip())
                .isEqualTo("root 755");
        undo.add(() -> deleteTree(Path.of("/etc/piwheels/keys")));
        for (String id : List.of("deploy-master/curve-keys", "deploy-slaves/curve-keys")) {
            for (String line : DocSnippets.get(id).commands()) {
                Host.shell(Map.of(), null, line).ok(line);
            }
        }
        assertThat(Path.of("/etc/piwheels/keys/master_secret")).isNotEmptyFile();
        assertThat(Host.run("stat", "-c", "%U %a", "/etc/piwheels/keys/master_secret").output().strip())
                .isEqualTo("piwheels 600");
        // "copy its public certificate into /etc/piwheels/keys/allowed/" (on one host: a cp)
        Host.run("sudo", "-u", "piwheels", "cp", "/etc/piwheels/keys/pi4-01", "/etc/piwheels/keys/allowed/").ok("cp");
        editConf("deploy-master/conf-curve");
    }

    /** deploy-slaves.md, Install and "Configure and start" (the same host plays the build machine). */
    private void installSlavePackages() throws Exception {
        List<String> lines = DocSnippets.get("deploy-slaves/install").commands();
        assertThat(lines).hasSize(2);
        Host.shell(Map.of(), null, lines.get(0)).ok(lines.get(0));
        Host.shell(Map.of(), null, Debs.builtFiles(lines.get(1))).ok(lines.get(1));
        editConf("deploy-slaves/conf");
        editConf("deploy-slaves/conf-curve");
        undo.add(() -> deleteTree(Path.of("/var/tmp/piw")));
        // test adaptation: the manual's master host name is this machine
        String hosts = Files.readString(HOSTS);
        undo.add(() -> {
            try {
                Files.writeString(HOSTS, hosts);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Files.writeString(HOSTS, hosts + "127.0.0.1 piwheels-master.lan\n");
    }

    /**
     * deploy-master.md "Admin queues": the credentials file is readable by the piwheels group
     * only, and the manual's adduser line is what lets an operator (alice) read it.
     */
    private void joinThePiwheelsGroup() throws Exception {
        String user = "alice";
        assertThat(Host.run("id", user).status()).as("a user named alice exists; she is not ours").isNotZero();
        Host.run("useradd", "--no-create-home", user).ok("useradd alice");
        undo.add(() -> {
            try {
                Host.run("userdel", user).ok("userdel alice");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        String canRead = "test -r /etc/piwheels/admin.secret";
        assertThat(Host.run("runuser", "-u", user, "--", "sh", "-c", canRead).status())
                .as("alice reads the admin secret before she is in the group").isNotZero();
        for (String line : DocSnippets.get("deploy-master/admin-group").commands()) {
            Host.shell(Map.of(), null, line).ok(line);
        }
        Host.run("runuser", "-u", user, "--", "sh", "-c", canRead).ok("alice reads the admin secret once in the group");
    }

    /** deploy-master.md "5. Start it" and deploy-slaves.md "Try it in the foreground first". */
    private void runMasterAndSlave() throws Exception {
        String masterLine = DocSnippets.get("deploy-master/foreground").commands().get(0);
        Path masterLog = logs.resolve("master.log");
        Process master = Host.start(masterLog, "bash", "-c", "exec " + masterLine);
        Process slave = null;
        try {
            Host.await(Duration.ofMinutes(5), "the master's 'all tasks ready'", masterLog,
                    () -> Host.read(masterLog).contains("all tasks ready"));
            assertThat(Host.read(masterLog)).contains("CURVE on the slave and file queues");
            String slaveLine = DocSnippets.get("deploy-slaves/foreground").commands().get(0);
            Path slaveLog = logs.resolve("slave.log");
            slave = Host.start(slaveLog, "bash", "-c", "exec " + slaveLine);
            Host.await(Duration.ofMinutes(5), "the slave's 'Connected to master'", slaveLog,
                    () -> Host.read(slaveLog).contains("Connected to master"));
            assertThat(Host.read(slaveLog)).contains("CURVE on: master key");
            Host.stop(slave, Duration.ofMinutes(2));
            assertThat(slave.exitValue()).as("piw-slave on SIGTERM:\n" + Host.read(slaveLog)).isZero();
        } finally {
            Host.stop(slave, Duration.ofMinutes(2));
            Host.stop(master, Duration.ofMinutes(2));
        }
        // an orderly stop: every task stopped, the queues closed; the JVM's status after SIGTERM is 143
        // (piwheels-master.service counts it as success)
        assertThat(Host.read(masterLog)).contains("closed all queues");
        assertThat(master.exitValue()).as("piw-master on SIGTERM:\n" + Host.read(masterLog)).isIn(0, 143);
    }

    /** deploy-master.md "6. Upgrades": stop (checked), piw-initdb as written, start (checked). */
    private void upgrade() throws Exception {
        for (String line : DocSnippets.get("deploy-master/upgrade").commands()) {
            if (line.startsWith("systemctl ")) {
                SystemctlLines.checkLine(line);
            } else {
                Result r = Host.shell(Map.of("PGPASSWORD", PG_SUPERUSER_PASSWORD), null, line).ok(line);
                assertThat(r.output()).as(line).contains("current version");
            }
        }
    }

    private void editConf(String id) throws Exception {
        DocSnippets.Block block = DocSnippets.get(id);
        assertThat(block.info()).as(id).isEqualTo("ini");
        Files.writeString(CONF, IniEdit.apply(Files.readString(CONF), block.text()));
    }

    private void purge() {
        try {
            // purge removes the piwheels user only while its home is empty: take out what the walkthrough put there
            try (Stream<Path> home = Files.exists(Path.of("/var/lib/piwheels"))
                    ? Files.list(Path.of("/var/lib/piwheels")) : Stream.empty()) {
                home.forEach(ManualWalkthroughTest::deleteTree);
            }
            Result r = Host.run(("dpkg --purge " + PACKAGES).split(" "));
            if (r.status() != 0) {
                throw new AssertionError("dpkg --purge: " + r.output());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The PostgreSQL cluster of Debian's postgresql package, started without systemd. */
    record Postgres(String version, String cluster, Path hba) {
        static Postgres start(List<Runnable> undo) throws Exception {
            String[] c = Host.run("pg_lsclusters", "-h").ok("pg_lsclusters").output().strip().lines().findFirst()
                    .orElseThrow(() -> new AssertionError("no PostgreSQL cluster (apt-get install postgresql makes one)"))
                    .split("\\s+");
            boolean running = c[3].equals("online");
            if (!running) {
                Host.run("pg_ctlcluster", c[0], c[1], "start").ok("pg_ctlcluster start");
                undo.add(() -> quietly("pg_ctlcluster", c[0], c[1], "stop"));
            }
            Postgres pg = new Postgres(c[0], c[1], null);
            assertThat(pg.query("SELECT count(*) FROM pg_database WHERE datname = 'piwheels'"))
                    .as("a database named piwheels exists; it is not ours").isEqualTo("0");
            assertThat(pg.query("SELECT count(*) FROM pg_roles WHERE rolname = 'piwheels'"))
                    .as("a role named piwheels exists; it is not ours").isEqualTo("0");
            Path hba = Path.of(pg.query("SHOW hba_file"));
            String original = Files.readString(hba);
            undo.add(() -> {
                try {
                    Files.writeString(hba, original);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                quietly("pg_ctlcluster", c[0], c[1], "reload");
            });
            undo.add(() -> quietly("runuser", "-u", "postgres", "--", "dropuser", "--if-exists", "piwheels"));
            undo.add(() -> quietly("runuser", "-u", "postgres", "--", "dropdb", "--if-exists", "piwheels"));
            undo.add(() -> quietly("runuser", "-u", "postgres", "--", "psql", "-c", "ALTER ROLE postgres PASSWORD NULL"));
            Host.run("runuser", "-u", "postgres", "--", "psql", "-q", "-c",
                    "ALTER ROLE postgres PASSWORD '" + PG_SUPERUSER_PASSWORD + "'").ok("set the postgres password");
            return new Postgres(c[0], c[1], hba);
        }

        String query(String sql) throws Exception {
            return query(sql, "postgres");
        }

        String query(String sql, String database) throws Exception {
            return Host.run("runuser", "-u", "postgres", "--", "psql", "-tA", "-d", database, "-c", sql)
                    .ok(sql).output().strip();
        }

        void appendHba(String line) throws Exception {
            Files.writeString(hba, Files.readString(hba) + line + "\n");
        }

        void reload() throws Exception {
            Host.run("pg_ctlcluster", version, cluster, "reload").ok("pg_ctlcluster reload");
        }

        private static void quietly(String... command) {
            try {
                Result r = Host.run(command);
                if (r.status() != 0) {
                    System.err.println(String.join(" ", command) + ": " + r.output());
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }
}
