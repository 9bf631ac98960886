package org.piwheels.master;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.CommonOptions;
import org.piwheels.cli.ExitCodes;
import org.piwheels.cli.LogSetup;
import org.piwheels.cli.LoggingOptions;
import org.piwheels.cli.OnOff;
import org.piwheels.cli.SystemdNotifier;
import org.piwheels.protocol.transport.AdminSecret;
import org.piwheels.protocol.transport.CurveServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code piw-master}: the options of components spec §3.1 and the start-up checks of §3.2. */
@Command(name = "piw-master", mixinStandardHelpOptions = true, versionProvider = Version.class,
        sortOptions = false,
        description = "The piwheels master: follows PyPI, keeps the database, hands builds to slaves, "
                + "receives wheels and writes the web site.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped in an orderly way on QUIT from a monitor",
                "1:refused to start or failed (root, database, a task)", "2:bad options or configuration",
                "130:stopped in an orderly way on Ctrl+C", "143:stopped in an orderly way on SIGTERM"})
public final class PiwMaster implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("master");

    @Mixin CommonOptions common;
    @Mixin LoggingOptions logging;

    @Option(names = {"-d", "--dsn"}, paramLabel = "DSN",
            description = "The database to use, a libpq connection string; it must be initialised with piw-initdb "
                    + "and the user must not be a superuser (default: postgres:///piwheels; with --dev-mode and no "
                    + "DSN: an embedded PostgreSQL the master starts itself)")
    String dsn;

    @Option(names = {"-o", "--output-path"}, paramLabel = "PATH", defaultValue = "/var/www",
            description = "The web root to write (default: ${DEFAULT-VALUE})")
    Path outputPath;

    @Option(names = "--dev-mode", description = "Development mode: debug logging, new packages skipped, "
            + "page writes after 3 s; without --dsn, an embedded PostgreSQL")
    boolean devMode;

    @Option(names = "--debug", paramLabel = "TASK", split = ",",
            description = "Log the named task (a shell pattern, e.g. master.slave_driver or master.*) at DEBUG; repeatable")
    List<String> debug = List.of();

    @Option(names = "--pypi-xmlrpc", paramLabel = "URL", defaultValue = "https://pypi.org/pypi",
            description = "PyPI's XML-RPC service (default: ${DEFAULT-VALUE})")
    String pypiXmlrpc;

    @Option(names = "--pypi-simple", paramLabel = "URL", defaultValue = "https://pypi.org/simple",
            description = "The simple index slaves build from (default: ${DEFAULT-VALUE})")
    String pypiSimple;

    @Option(names = "--pypi-json", paramLabel = "URL", defaultValue = "https://pypi.org/pypi",
            description = "PyPI's JSON API (default: ${DEFAULT-VALUE})")
    String pypiJson;

    @Option(names = "--status-queue", paramLabel = "ADDR", defaultValue = "ipc:///tmp/piw-status",
            description = "Where monitors subscribe to status (default: ${DEFAULT-VALUE})")
    String statusQueue;

    @Option(names = "--control-queue", paramLabel = "ADDR", defaultValue = "ipc:///tmp/piw-control",
            description = "Where monitors send control messages (default: ${DEFAULT-VALUE})")
    String controlQueue;

    @Option(names = "--import-queue", paramLabel = "ADDR", defaultValue = "ipc:///tmp/piw-import",
            description = "Where piw-import, piw-add, piw-remove and piw-rebuild connect (default: ${DEFAULT-VALUE})")
    String importQueue;

    @Option(names = "--log-queue", paramLabel = "ADDR", defaultValue = "ipc:///tmp/piw-logger",
            description = "Where piw-logger sends access records (default: ${DEFAULT-VALUE})")
    String logQueue;

    @Option(names = "--slave-queue", paramLabel = "ADDR", defaultValue = "tcp://*:5555",
            description = "Where build slaves connect (default: ${DEFAULT-VALUE})")
    String slaveQueue;

    @Option(names = "--file-queue", paramLabel = "ADDR", defaultValue = "tcp://*:5556",
            description = "Where slaves and piw-import upload wheels (default: ${DEFAULT-VALUE})")
    String fileQueue;

    @Option(names = "--web-queue", paramLabel = "ADDR", defaultValue = "inproc://web",
            description = "Page requests to the web writer (default: ${DEFAULT-VALUE})")
    String webQueue;

    @Option(names = "--builds-queue", paramLabel = "ADDR", defaultValue = "inproc://builds",
            description = "Build queues from the planner to the slave driver (default: ${DEFAULT-VALUE})")
    String buildsQueue;

    @Option(names = "--db-queue", paramLabel = "ADDR", defaultValue = "inproc://db",
            description = "Database requests (default: ${DEFAULT-VALUE})")
    String dbQueue;

    @Option(names = "--fs-queue", paramLabel = "ADDR", defaultValue = "inproc://fs",
            description = "File-system requests to the file receiver (default: ${DEFAULT-VALUE})")
    String fsQueue;

    @Option(names = "--stats-queue", paramLabel = "ADDR", defaultValue = "inproc://stats",
            description = "Statistics to the statistics task (default: ${DEFAULT-VALUE})")
    String statsQueue;

    @Option(names = "--queue-interval", paramLabel = "DURATION", defaultValue = "30s",
            converter = PositiveDuration.class,
            description = "How often the build queue is recomputed when nothing asked for it sooner; new versions "
                    + "and admin changes ask at once (default: ${DEFAULT-VALUE}; 0.23 used 1h)")
    java.time.Duration queueInterval;

    @Option(names = "--base-url", paramLabel = "URL", defaultValue = "https://www.piwheels.org",
            description = "The site's public address, used in absolute links, the JSON API and the sitemaps "
                    + "(default: ${DEFAULT-VALUE})")
    String baseUrl;

    @Option(names = "--curve-key", paramLabel = "FILE",
            description = "Encrypt and authenticate the slave and file queues (and a tcp:// import queue) with CURVE: "
                    + "the master's secret certificate (from piw-keygen); needs --curve-allow "
                    + "(default: none, plaintext as in 0.23)")
    Path curveKey;

    @Option(names = "--curve-allow", paramLabel = "DIR",
            description = "With --curve-key: the directory of the public certificates of the slaves and tools "
                    + "allowed to connect, read again at every connection (default: none)")
    Path curveAllow;

    @Option(names = "--admin-auth", paramLabel = "on|off", arity = "1", defaultValue = "on", converter = OnOff.class,
            description = "Ask the clients of the control, status, log and import queues for the credentials in "
                    + "--admin-secret (ZeroMQ PLAIN); off lets piwheels 0.23 tools and monitors connect, and "
                    + "with them any local user (default: ${DEFAULT-VALUE})")
    boolean adminAuth;

    @Option(names = "--admin-secret", paramLabel = "FILE", defaultValue = AdminSecret.DEFAULT_FILE,
            description = "The admin credentials, one line USER:PASSWORD, mode 0640, group piwheels; created "
                    + "with a random password if missing and its directory is writable (default: ${DEFAULT-VALUE})")
    Path adminSecret;

    @Option(names = "--embedded-data", paramLabel = "PATH",
            description = "Where the embedded PostgreSQL of --dev-mode keeps its data "
                    + "(default: ~/.local/share/piwheels/postgres)")
    Path embeddedData;

    @Option(names = "--embedded-abi", paramLabel = "TAG", split = ",",
            description = "With the embedded database: an ABI to build for (e.g. cp311); repeatable. "
                    + "Nothing is built for an ABI that is not registered")
    List<String> embeddedAbis = List.of();

    private final java.util.function.BooleanSupplier isRoot;

    /** The command as operators run it: it refuses root. */
    public PiwMaster() {
        this(PiwMaster::runningAsRoot);
    }

    /** @param isRoot tells whether the process runs as root (tests supply their own answer) */
    PiwMaster(java.util.function.BooleanSupplier isRoot) {
        this.isRoot = isRoot;
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(CommandRunner.run(new PiwMaster(), "master", args));
    }

    @Override
    public Integer call() throws Exception {
        // --debug raises only the named tasks (components spec §19.2 item 18); --dev-mode raises everything
        LogSetup.configure(logging, devMode, true, TaskNames.expand(debug));
        LOG.info("PiWheels Master version {}", Version.VERSION);
        if (isRoot.getAsBoolean()) {
            LOG.error("Master must not be run as root");
            return ExitCodes.FAILED;
        }
        if (devMode) {
            LOG.warn("Starting in development mode; DO NOT use this in production!");
        }
        if ((curveKey == null) != (curveAllow == null)) {
            LOG.error("--curve-key and --curve-allow go together: give both, or neither for plaintext");
            return ExitCodes.USAGE;
        }
        CurveServer curve = null;
        if (curveKey != null) {
            try {
                curve = CurveServer.load(expandHome(curveKey), expandHome(curveAllow));
            } catch (java.io.IOException e) {
                LOG.error("{}", e.getMessage());
                return ExitCodes.USAGE;
            }
            LOG.info("CURVE on the slave and file queues: master key {}, allowed keys in {}",
                    curve.keys().publicKeyZ85(), curve.allowed().directory());
        }
        AdminSecret admin = null;
        if (adminAuth) {
            try {
                admin = AdminSecrets.readOrCreate(expandHome(adminSecret));
            } catch (java.io.IOException e) {
                // one line at a time: the console cuts long lines
                for (String line : e.getMessage().split("\n")) {
                    LOG.error("{}", line);
                }
                return ExitCodes.USAGE;
            }
        } else {
            LOG.warn("--admin-auth off: any local user can QUIT or KILL through the control queue, import, "
                    + "and read the status queue; use it only for piwheels 0.23 tools");
        }
        MasterConfig config = new MasterConfig(dsn == null ? "postgres:///piwheels" : dsn,
                expandHome(outputPath), devMode, debug, pypiXmlrpc, pypiSimple, pypiJson,
                statusQueue, controlQueue, importQueue, logQueue, slaveQueue, fileQueue, webQueue,
                buildsQueue, dbQueue, fsQueue, statsQueue, queueInterval, baseUrl, curve, admin);
        boolean embedded = devMode && dsn == null;
        Path data = embeddedData != null ? expandHome(embeddedData)
                : Path.of(System.getProperty("user.home"), ".local", "share", "piwheels", "postgres");
        return new MasterLauncher(config, embedded ? data : null, embeddedAbis, new SystemdNotifier()).runUntilStopped();
    }

    /** A duration option that must be more than zero. */
    static final class PositiveDuration implements picocli.CommandLine.ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) {
            java.time.Duration d = org.piwheels.cli.DurationValue.parse(value);
            if (d.isZero()) {
                throw new picocli.CommandLine.TypeConversionException("must be longer than zero: " + value);
            }
            return d;
        }
    }

    private static Path expandHome(Path p) {
        String s = p.toString();
        if (s.equals("~") || s.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + s.substring(1));
        }
        return p;
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
