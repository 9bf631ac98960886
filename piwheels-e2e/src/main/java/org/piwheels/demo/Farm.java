package org.piwheels.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.piwheels.cli.LogSetup;
import org.piwheels.cli.LoggingOptions;
import org.piwheels.db.Database;
import org.piwheels.db.DatabaseConfig;
import org.piwheels.db.embedded.ClusterAdmin;
import org.piwheels.db.embedded.EmbeddedDatabase;
import org.piwheels.db.embedded.EmbeddedPostgresServer;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.PackageNames;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AdminProtocol;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.transport.AdminSecret;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.piwheels.testing.FakePypi;
import org.piwheels.testing.SdistBuilder;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;

/**
 * A whole piwheels farm on one machine: an embedded PostgreSQL with the role and
 * database an operator would make, then piw-initdb, piw-master and the build slaves,
 * each started through its real main class in a JVM of its own as an operator would
 * (the master and slaves as {@code nobody} when this JVM is root: they refuse root),
 * and the web root served on loopback.
 *
 * <p>Offline (the default) the farm follows a local fake PyPI holding the sample
 * sdists, in development mode, and unskips them as {@code piw-add --unskip} would.
 * With {@link #followPypi(URI)} it follows a real PyPI instead, not in development
 * mode, starting from that PyPI's current serial: it builds what is released from
 * then on, not PyPI's history.
 */
public final class Farm implements AutoCloseable {
    /** The interpreter the slaves build with, and whose ABI the database registers. */
    static final String PYTHON = "/usr/bin/python3";
    /** Build statuses that end a build (project JSON {@code abis.<abi>.status}). */
    private static final List<String> FINISHED = List.of("success", "fail");

    private final Path work;
    private final Path www;
    private final Transport transport = new Transport();
    private List<SdistBuilder> samples = List.of(SampleProjects.hello(), SampleProjects.tinyCalc());
    private int slaveCount = 1;
    private Duration buildTimeout = Duration.ofMinutes(15);
    private URI upstream;
    private Consumer<String> progress = line -> { };
    private FakePypi pypi;
    private EmbeddedPostgresServer database;
    private StaticSite site;
    private MasterProcess master;
    private Integer masterStatus;
    private String controlQueue;
    private String importQueue;
    /** The admin queues' credentials, fresh for each farm: its loopback ports are open to every local user. */
    private final AdminSecret adminSecret = AdminSecret.generate();
    private String abi;
    private long startSerial;
    private Path slaveArea;
    private boolean slaveAreaIsTemporary;
    private Unprivileged runAs;
    private String childClasspath;
    private final List<SlaveProcess> slaves = new ArrayList<>();
    private volatile boolean stopping;
    private Database progressDb;

    /** @param work a directory for the farm's database, web root and logs */
    public Farm(Path work) {
        this.work = work.toAbsolutePath();
        this.www = this.work.resolve("www");
    }

    /** The sdists the local PyPI offers (offline only); default the pure samples. */
    public Farm samples(List<SdistBuilder> sdists) {
        this.samples = List.copyOf(sdists);
        return this;
    }

    /** How many slaves to start (default 1). */
    public Farm slaves(int count) {
        this.slaveCount = count;
        return this;
    }

    /** The slaves' {@code --timeout} (default 15 minutes). */
    public Farm buildTimeout(Duration timeout) {
        this.buildTimeout = timeout;
        return this;
    }

    /**
     * Follows the PyPI at {@code base} ({@code https://pypi.org}: {@code /pypi} for
     * XML-RPC and JSON, {@code /simple} for pip) instead of the local fake.
     */
    public Farm followPypi(URI base) {
        this.upstream = base;
        return this;
    }

    /** Where to report what the farm is doing, one line at a time. */
    public Farm progress(Consumer<String> sink) {
        this.progress = sink;
        return this;
    }

    /** Starts everything. */
    public Farm start() throws IOException, InterruptedException, java.sql.SQLException {
        Files.createDirectories(www);
        configureLogging();
        abi = PythonAbi.of(PYTHON);
        String xmlrpc;
        String simple;
        String json;
        if (upstream == null) {
            startLocalPypi();
            xmlrpc = pypi.xmlrpcUrl();
            simple = pypi.simpleUrl();
            json = pypi.jsonUrl();
            progress.accept("local PyPI at " + simple + " with " + samples.size() + " sample projects");
        } else {
            String base = upstream.toString().replaceAll("/+$", "");
            xmlrpc = base + "/pypi";
            simple = base + "/simple";
            json = base + "/pypi";
        }
        progress.accept("starting the embedded PostgreSQL in " + work.resolve("postgres"));
        database = EmbeddedPostgresServer.start(work.resolve("postgres"), 0, Map.of());
        ClusterAdmin cluster = new ClusterAdmin(database);
        cluster.createRole(EmbeddedDatabase.APP_ROLE, false);
        cluster.createDatabase(EmbeddedDatabase.DATABASE);
        runInitdb();
        registerBuildAbi(abi);
        if (upstream != null) {
            startSerial = skipHistory(URI.create(xmlrpc));
        }
        prepareChildren();

        int slavePort = freePort();
        int filePort = freePort();
        // loopback TCP on free ports rather than ipc://, which JeroMQ 0.6.0 maps to a loopback
        // port hashed from the path: a path's port may be taken, or still held by a farm just killed
        controlQueue = "tcp://127.0.0.1:" + freePort();
        importQueue = "tcp://127.0.0.1:" + freePort();
        // the master's admin queues ask for these credentials; a monitor or tool pointed at
        // this farm gives --admin-secret with this file
        Path secretFile = work.resolve("admin.secret");
        Files.deleteIfExists(secretFile);
        adminSecret.write(secretFile);
        if (runAs != null) {
            runAs.handOver(www);
            runAs.handOver(secretFile);
            Unprivileged.reachable(www);
        }
        List<String> options = new ArrayList<>(List.of(
                "--dsn", "postgres://" + EmbeddedDatabase.APP_ROLE + "@127.0.0.1:" + database.port() + "/"
                        + EmbeddedDatabase.DATABASE,
                "--output-path", www.toString(),
                "--pypi-xmlrpc", xmlrpc, "--pypi-simple", simple, "--pypi-json", json,
                "--status-queue", "tcp://127.0.0.1:" + freePort(), "--control-queue", controlQueue,
                "--import-queue", importQueue, "--log-queue", "tcp://127.0.0.1:" + freePort(),
                "--slave-queue", "tcp://127.0.0.1:" + slavePort, "--file-queue", "tcp://127.0.0.1:" + filePort,
                "--admin-secret", secretFile.toString()));
        if (upstream == null) {
            options.add("--dev-mode");
        }
        master = MasterProcess.start(childClasspath, runAs, options, work.resolve("master.log"));
        progress.accept("piw-master started" + (upstream == null ? " (development mode)" : "")
                + (runAs != null ? " as " + Unprivileged.USER : "") + "; its log: " + work.resolve("master.log"));
        startSlaves(slavePort, filePort);
        site = new StaticSite(www);
        progress.accept("serving " + www + " at " + siteUrl());
        return this;
    }

    private void startLocalPypi() throws IOException {
        // serials like PyPI's (the follower ignores history before serial 628000), dated ten
        // minutes ago: the follower releases an event only once it has seen one at least five
        // minutes newer (0.23's settle window), which the last event below provides
        pypi = FakePypi.start().startSerialAt(30_000_000L);
        pypi.clock(() -> Instant.now().minus(Duration.ofMinutes(10)));
        pypi.publishBuildTools();
        for (SdistBuilder sample : samples) {
            pypi.publish(sample.build(), sample.pythonRequires());
        }
        pypi.clock(Instant::now);
        pypi.logEvent(samples.get(samples.size() - 1).build().name(), null, "add Owner demo");
    }

    /**
     * Moves the database's PyPI serial past upstream's current one, so that only later
     * events are handled. @return the serial followed from (the last one skipped)
     */
    private long skipHistory(URI xmlrpc) throws IOException, InterruptedException {
        long current = PypiSerial.current(xmlrpc);
        try (Database db = Database.open(applicationConfig())) {
            // the stored serial is that of the first event not yet handled: the next one
            long stored = db.getPypiSerial();
            if (current + 1 > stored) {
                db.setPypiSerial(current + 1);
                progress.accept("following " + upstream + " from its current serial " + current
                        + (stored > 0 ? " (skipping " + (current + 1 - stored) + " events since the last run)" : ""));
                return current;
            }
            progress.accept("following " + upstream + " from serial " + (stored - 1));
            return stored - 1;
        }
    }

    /**
     * piw-initdb, through its real main class, creates the schema in the new database (or
     * finds it current on a later run), connected as the cluster's superuser.
     */
    private void runInitdb() throws IOException, InterruptedException {
        Path log = work.resolve("initdb.log");
        List<String> command = JavaCommand.of(null, System.getProperty("java.class.path"), "256m",
                "org.piwheels.tools.initdb.InitDbCommand", List.of("-v", "--dsn",
                        "postgres://" + EmbeddedPostgresServer.SUPERUSER + "@127.0.0.1:" + database.port() + "/"
                                + EmbeddedDatabase.DATABASE, "--user", EmbeddedDatabase.APP_ROLE, "--yes"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().keySet().removeIf(k -> k.startsWith("PIW_"));
        Process initdb = pb.start();
        if (!initdb.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            initdb.destroyForcibly().waitFor();
            throw new IllegalStateException("piw-initdb did not finish in 5 minutes; see " + log);
        }
        if (initdb.exitValue() != 0) {
            throw new IllegalStateException("piw-initdb failed (exit status " + initdb.exitValue() + "); see " + log);
        }
        progress.accept("piw-initdb brought the database to the current schema; its log: " + log);
    }

    /** Makes the slaves' ABI a build ABI, as the operator does in SQL. */
    private void registerBuildAbi(String tag) throws java.sql.SQLException {
        try (java.sql.Connection c = database.connectAsSuperuser(EmbeddedDatabase.DATABASE);
             java.sql.PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO build_abis (abi_tag) VALUES (?) ON CONFLICT DO NOTHING")) {
            insert.setString(1, tag);
            insert.executeUpdate();
        }
    }

    /** The user the master and slaves run as, and a classpath they can read. */
    private void prepareChildren() throws IOException {
        runAs = Unprivileged.ifRoot();
        childClasspath = System.getProperty("java.class.path");
        if (runAs != null) {
            // root's files (the work directory, Maven's repository) may be out of nobody's reach
            slaveArea = Files.createTempDirectory("piwheels-farm-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            slaveAreaIsTemporary = true;
            childClasspath = Unprivileged.readableCopyOfClasspath(slaveArea.resolve("classpath"));
        } else {
            slaveArea = Files.createDirectories(work.resolve("slaves"));
        }
    }

    private void startSlaves(int slavePort, int filePort) throws IOException {
        for (int i = 1; i <= slaveCount; i++) {
            slaves.add(SlaveProcess.start("farm-slave-" + i, slaveArea.resolve("slave-" + i), childClasspath, runAs,
                    slavePort, filePort, buildTimeout, work.resolve("slave-" + i + ".log")));
        }
        progress.accept(slaveCount + (slaveCount == 1 ? " piw-slave" : " piw-slaves") + " started"
                + (runAs != null ? " as " + Unprivileged.USER : "") + ", building with " + PYTHON + " (" + abi
                + "); logs: " + work.resolve("slave-1.log") + (slaveCount > 1 ? " ..." : ""));
    }

    /**
     * Development mode registers new packages as skipped; this lifts the skip the way
     * {@code piw-add --unskip} does, once the master knows the package.
     *
     * @return the master's result word
     */
    public String unskip(String pkg, Duration timeout) throws InterruptedException, ProtocolException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (MessageSocket<AdminProtocol.ToolRequest, AdminProtocol.AdminReply> tool =
                     transport.socket(SocketType.REQ, AdminProtocol.TOOL)) {
            adminSecret.secureClient(tool);
            tool.linger(Duration.ZERO).connect(importQueue);
            tool.send(new AdminProtocol.AddPkg(pkg, "", "", true, List.of()));
            // one request, and its answer awaited on the same socket however slow the master is
            // to start: piw-master's admin task blocks for good on a reply to a tool that left
            while (System.nanoTime() < deadline) {
                checkRunning();
                AdminProtocol.AdminReply reply = tool.recv(Duration.ofSeconds(1));
                if (reply instanceof AdminProtocol.Done) {
                    return ((AdminProtocol.Done) reply).result();
                }
                if (reply != null) {
                    throw new IllegalStateException("could not unskip " + pkg + ": the master said " + reply);
                }
            }
        }
        throw new IllegalStateException("could not unskip " + pkg + ": no answer in " + timeout.toSeconds() + " s");
    }

    /** Unskips every sample project (offline mode). */
    public void unskipSamples(Duration timeout) throws InterruptedException, ProtocolException {
        for (String pkg : sampleNames()) {
            unskip(pkg, timeout);
        }
    }

    /** @return the canonical names of the sample projects */
    public List<String> sampleNames() {
        return samples.stream().map(s -> PackageNames.canonicalize(s.build().name())).distinct().toList();
    }

    /**
     * Waits until the project JSON of every package says that every release's build for
     * the slaves' ABI finished (succeeded or failed) and every wheel it lists is in place,
     * reporting each outcome as it appears.
     *
     * @return the project JSON documents by package
     */
    public Map<String, JsonNode> awaitOutcomes(List<String> packages, Duration timeout)
            throws IOException, InterruptedException {
        Map<String, JsonNode> done = new LinkedHashMap<>();
        ObjectMapper mapper = new ObjectMapper();
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (done.size() < packages.size()) {
            checkRunning();
            for (String pkg : packages) {
                if (done.containsKey(pkg)) {
                    continue;
                }
                JsonNode doc = readJson(mapper, www.resolve("project").resolve(pkg).resolve("json/index.json"));
                if (doc != null && finished(doc, pkg)) {
                    done.put(pkg, doc);
                    report(pkg, doc);
                }
            }
            if (done.size() == packages.size()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("still building after " + timeout.toSeconds() + " s: "
                        + packages.stream().filter(p -> !done.containsKey(p)).toList() + "; see "
                        + work.resolve("master.log") + " and the slave logs in " + work);
            }
            if (System.nanoTime() > nextReport) {
                progress.accept(done.size() + " of " + packages.size() + " projects done, still building...");
                nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            }
            Thread.sleep(500);
        }
        return done;
    }

    private boolean finished(JsonNode doc, String pkg) {
        JsonNode releases = doc.path("releases");
        if (releases.isEmpty()) {
            return false;
        }
        for (JsonNode release : releases) {
            if (!FINISHED.contains(release.path("abis").path(abi).path("status").asText())) {
                return false;
            }
            for (var files = release.path("files").fieldNames(); files.hasNext(); ) {
                if (!Files.exists(www.resolve("simple").resolve(pkg).resolve(files.next()))) {
                    return false;
                }
            }
        }
        return true;
    }

    private void report(String pkg, JsonNode doc) {
        doc.path("releases").fields().forEachRemaining(e -> {
            JsonNode build = e.getValue().path("abis").path(abi);
            if ("success".equals(build.path("status").asText())) {
                List<String> files = new ArrayList<>();
                e.getValue().path("files").fieldNames().forEachRemaining(files::add);
                progress.accept("built " + pkg + " " + e.getKey() + ": " + String.join(", ", files));
            } else {
                String logUrl = build.path("log_url").asText();
                progress.accept("build of " + pkg + " " + e.getKey() + " failed; its log: " + site.url() + logUrl);
                logTail(logUrl).forEach(line -> progress.accept("    | " + line));
            }
        });
    }

    /** The end of a published build log, so a failed demo says why without a browser. */
    private List<String> logTail(String logUrl) {
        Path log = www.resolve(logUrl.replaceFirst("^/+", ""));
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(log))) {
            List<String> lines = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            return lines.subList(Math.max(0, lines.size() - 15), lines.size());
        } catch (IOException | RuntimeException e) {
            return List.of("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    private static JsonNode readJson(ObjectMapper mapper, Path file) {
        try {
            return Files.exists(file) ? mapper.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null; // being replaced right now: atomic renames make this rare
        }
    }

    /**
     * Waits until the index lists a wheel of the package.
     *
     * @return the wheels' paths
     */
    public List<Path> awaitWheels(String pkg, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            checkRunning();
            List<Path> wheels = publishedWheels(pkg);
            if (!wheels.isEmpty()) {
                return wheels;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no wheel of " + pkg + " in " + timeout.toSeconds() + " s; see "
                + work.resolve("master.log") + " and the slave logs in " + work);
    }

    /** @return the wheels of the package that its simple page lists */
    public List<Path> publishedWheels(String pkg) throws IOException {
        Path dir = www.resolve("simple").resolve(pkg);
        Path index = dir.resolve("index.html");
        if (!Files.isDirectory(dir) || !Files.exists(index)) {
            return List.of();
        }
        String html = Files.readString(index);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".whl") && html.contains(p.getFileName().toString()))
                    .sorted().toList();
        }
    }

    /** @throws IllegalStateException if the master or a slave has stopped */
    public void checkAlive() throws InterruptedException {
        checkRunning();
    }

    /** @return the master's PyPI serial: that of the first event it has not handled yet */
    public long pypiSerial() {
        if (progressDb == null) {
            progressDb = Database.open(applicationConfig());
        }
        return progressDb.getPypiSerial();
    }

    /** How the master connects: as the ordinary role piw-initdb set up (loopback trust). */
    private DatabaseConfig applicationConfig() {
        return DatabaseConfig.of(database.jdbcUrl(EmbeddedDatabase.DATABASE), EmbeddedDatabase.APP_ROLE, null);
    }

    /** Makes every wait of the farm end at once with an {@link InterruptedException} (Ctrl+C). */
    public void stopWaiting() {
        stopping = true;
    }

    private void checkRunning() throws InterruptedException {
        if (stopping) {
            throw new InterruptedException("the farm is stopping");
        }
        if (!master.isAlive()) {
            throw new IllegalStateException("the master stopped; the end of " + endOfLog(work.resolve("master.log")));
        }
        for (int i = 0; i < slaves.size(); i++) {
            if (!slaves.get(i).isAlive()) {
                throw new IllegalStateException("slave " + (i + 1) + " stopped; the end of "
                        + endOfLog(work.resolve("slave-" + (i + 1) + ".log")));
            }
        }
    }

    /** The name and last lines of a log, so that a farm that failed says why (CI keeps no files). */
    private static String endOfLog(Path log) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
            return log + ":\n    | " + String.join("\n    | ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return log + " (unreadable: " + e.getMessage() + ")";
        }
    }

    /** @return the index URL to give pip while the farm runs */
    public String indexUrl() {
        return site.url() + "/simple/";
    }

    /** @return the web site's URL */
    public String siteUrl() {
        return site.url() + "/";
    }

    /** @return the web root */
    public Path webRoot() {
        return www;
    }

    /** @return the work directory (logs are there) */
    public Path workDirectory() {
        return work;
    }

    /** @return the local PyPI (offline mode), or null */
    public FakePypi pypi() {
        return pypi;
    }

    /** @return the slaves' ABI, e.g. {@code cp311} */
    public String abi() {
        return abi;
    }

    /** @return the PyPI serial the follower started from (following mode) */
    public long startSerial() {
        return startSerial;
    }

    /** @return each slave's build root, in order */
    public List<Path> slaveBuildRoots() {
        return slaves.stream().map(SlaveProcess::buildRoot).toList();
    }

    /** @return each slave's own HOME, in order */
    public List<Path> slaveHomes() {
        return slaves.stream().map(SlaveProcess::home).toList();
    }

    /** @return whether the master is running */
    public boolean masterAlive() {
        return master != null && master.isAlive();
    }

    /**
     * Stops the slaves with SIGTERM (each says BYE) and then their exit statuses are kept;
     * then the master with QUIT (as a monitor would), the database, the site and the PyPI.
     */
    @Override
    public void close() throws InterruptedException {
        stopSlaves();
        stopMaster();
        if (progressDb != null) {
            progressDb.close();
        }
        if (database != null) {
            database.close();
        }
        if (site != null) {
            site.close();
        }
        if (pypi != null) {
            pypi.close();
        }
        transport.close();
        if (slaveAreaIsTemporary) {
            try {
                deleteTree(slaveArea);
            } catch (IOException e) {
                LoggerFactory.getLogger("farm").warn("cannot remove {}: {}", slaveArea, e.toString());
            }
        }
    }

    private final List<Integer> slaveExits = new ArrayList<>();

    /** Stops every slave (SIGTERM, as systemd would). @return their exit statuses */
    public List<Integer> stopSlaves() throws InterruptedException {
        for (int i = slaves.size() - 1; i >= 0; i--) {
            slaveExits.add(0, slaves.get(i).stop());
        }
        slaves.clear();
        return List.copyOf(slaveExits);
    }

    /**
     * Stops the master with QUIT through its control queue, as a monitor would (SIGTERM if it
     * has not stopped two minutes later). @return its exit status, or null if it never started
     */
    public Integer stopMaster() throws InterruptedException {
        if (master == null || masterStatus != null) {
            return masterStatus;
        }
        if (master.isAlive()) {
            try (MessageSocket<MasterControlProtocol.ControlRequest, NoMessage> control =
                         transport.socket(SocketType.PUSH, MasterControlProtocol.MONITOR)) {
                adminSecret.secureClient(control);
                control.linger(Duration.ofSeconds(2)).connect(controlQueue);
                control.send(new MasterControlProtocol.Quit());
            } catch (ProtocolException | RuntimeException e) {
                LoggerFactory.getLogger("farm").error("cannot ask the master to quit: {}", e.getMessage());
            }
        }
        masterStatus = master.awaitExit(2, java.util.concurrent.TimeUnit.MINUTES);
        return masterStatus;
    }

    /**
     * This JVM (the embedded PostgreSQL's management, the admin requests) logs to farm.log in
     * the work directory; the console stays for progress lines.
     */
    private void configureLogging() {
        LoggingOptions options = new LoggingOptions();
        options.logFile = work.resolve("farm.log");
        options.verbosity = -1;
        LogSetup.configure(options, false, true, List.of());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
