package org.piwheels.slave;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.CommonOptions;
import org.piwheels.cli.ConfigFiles;
import org.piwheels.cli.CurveClientOptions;
import org.piwheels.cli.DurationValue;
import org.piwheels.cli.ExitCodes;
import org.piwheels.cli.HostInfo;
import org.piwheels.cli.LogSetup;
import org.piwheels.cli.LoggingOptions;
import org.piwheels.protocol.transport.CurveClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code piw-slave}: a build slave (components spec §6). Options come from the
 * command line, then {@code PIW_MASTER}/{@code PIW_TIMEOUT}, then the {@code [slave]}
 * section (and, as in 0.23, keys anywhere) of the configuration files.
 */
@Command(name = "piw-slave", mixinStandardHelpOptions = true, version = PiwSlave.VERSION,
        description = "Build wheels for a piwheels master: ask it for work, run pip wheel, send the wheels back.")
public final class PiwSlave implements Callable<Integer> {
    static final String VERSION = "0.23";
    /** Options that environment variables may set. */
    static final Map<String, String> ENVIRONMENT = Map.of("master", "PIW_MASTER", "timeout", "PIW_TIMEOUT");
    private static final Logger LOG = LoggerFactory.getLogger("slave");

    @Mixin CommonOptions common;
    @Mixin LoggingOptions logging;
    @Mixin CurveClientOptions curve;

    @Option(names = "--debug", description = "Log debug messages on the console")
    boolean debug;

    @Option(names = {"-m", "--master"}, paramLabel = "HOST", defaultValue = "localhost",
            description = "The master's host name or IP address (env PIW_MASTER; default: ${DEFAULT-VALUE})")
    String master;

    @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", defaultValue = "3h", converter = DurationValue.class,
            description = "Build timeout, enforced; 0s for none (env PIW_TIMEOUT; default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = {"-d", "--dir"}, paramLabel = "DIR",
            description = "Where build directories are made (default: $TMPDIR, $TEMP, $TMP, else /tmp)")
    Path dir;

    @Option(names = {"-L", "--label"}, paramLabel = "STR", description = "The slave's label (default: the host name)")
    String label;

    @Option(names = "--pip", paramLabel = "CMD", defaultValue = "pip3",
            description = "The pip command to build with, split on spaces (default: ${DEFAULT-VALUE})")
    String pip;

    @Option(names = "--python", paramLabel = "CMD", defaultValue = "python3",
            description = "The interpreter pip runs on, asked for the ABI and platform tags (default: ${DEFAULT-VALUE})")
    String python;

    @Option(names = "--extra-index-url", paramLabel = "URL",
            description = "An index pip may also take build dependencies from (default: none)")
    String extraIndexUrl;

    @Option(names = "--slave-port", paramLabel = "PORT", defaultValue = "5555",
            description = "The master's slave-driver port (default: ${DEFAULT-VALUE})")
    int slavePort;

    @Option(names = "--file-port", paramLabel = "PORT", defaultValue = "5556",
            description = "The master's file-queue port (default: ${DEFAULT-VALUE})")
    int filePort;

    @Option(names = "--allow-root",
            description = "Build as root anyway (beyond 0.23; only for throw-away machines such as CI containers: "
                    + "every setup script then runs as root)")
    boolean allowRoot;

    @Option(names = "--sandbox", paramLabel = "MODE", defaultValue = "auto",
            description = "Run builds in a bubblewrap sandbox: auto (when bwrap works, else say so and build without), "
                    + "bwrap (refuse to start without it) or off (beyond 0.23; default: ${DEFAULT-VALUE})")
    String sandbox;

    @Option(names = "--offline-build",
            description = "Fetch each sdist and its build requirements first, then build with no network "
                    + "(beyond 0.23; needs the bubblewrap sandbox)")
    boolean offlineBuild;

    private final StartupChecks checks;
    private final Map<String, String> environment;
    private final SlaveSettingsTuner tuner;
    private volatile Slave slave;

    /** Test hook: adjusts the settings (timings) before the slave starts. */
    interface SlaveSettingsTuner {
        SlaveSettings tune(SlaveSettings settings);
    }

    /** The real command. */
    public PiwSlave() {
        this(StartupChecks.system(), System.getenv(), s -> s);
    }

    PiwSlave(StartupChecks checks, Map<String, String> environment, SlaveSettingsTuner tuner) {
        this.checks = checks;
        this.environment = environment;
        this.tuner = tuner;
    }

    /** Runs {@code piw-slave} and exits with its status. */
    public static void main(String[] args) {
        System.exit(launch(new PiwSlave(), args));
    }

    /** Installs the SIGTERM handler (a shutdown hook) and runs the command. */
    static int launch(PiwSlave command, String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(command::onSigterm, "sigterm"));
        return command.execute(args, ConfigFiles.defaultFiles());
    }

    /** Parses the arguments (with these default configuration files) and runs; returns the exit status. */
    int execute(String[] args, List<Path> configFiles) {
        return CommandRunner.run(this, "slave", args, configFiles, ENVIRONMENT, environment);
    }

    @Override
    public Integer call() throws Exception {
        LogSetup.configure(logging, debug, false, List.of());
        LOG.info("PiWheels Slave version {}", VERSION);
        String refusal = checks.refusal(allowRoot);
        if (refusal != null) {
            LOG.error(refusal);
            return ExitCodes.FAILED;
        }
        CurveClient keys;
        try {
            keys = curve.enabled() ? CurveClient.load(curve.masterKey, curve.key) : null;
        } catch (IOException e) {
            LOG.error("{}", e.getMessage());
            return ExitCodes.USAGE;
        }
        if (keys != null) {
            LOG.info("CURVE on: master key {}, slave key {}", curve.masterKey, keys.keys().publicKeyZ85());
        }
        Sandbox.Mode mode = sandboxMode();
        if (mode == null) {
            LOG.error("--sandbox must be auto, bwrap or off, not {}", sandbox);
            return ExitCodes.USAGE;
        }
        if (offlineBuild && mode == Sandbox.Mode.OFF) {
            LOG.error("--offline-build needs the bubblewrap sandbox (it is what takes the network away), "
                    + "but --sandbox is off");
            return ExitCodes.USAGE;
        }
        Sandbox chosen;
        try {
            chosen = Sandbox.choose(mode, visibleTrees());
        } catch (IllegalStateException e) {
            LOG.error(e.getMessage());
            return offlineBuild ? ExitCodes.USAGE : ExitCodes.FAILED;
        }
        if (offlineBuild && !chosen.enabled()) {
            LOG.error("--offline-build needs the bubblewrap sandbox (it is what takes the network away): {}",
                    chosen.problem());
            return ExitCodes.USAGE;
        }
        if (chosen.enabled()) {
            LOG.info(chosen.describe());
        } else {
            LOG.warn(chosen.describe());
        }
        if (offlineBuild) {
            LOG.info("offline builds: each sdist and its build requirements are fetched first, the build itself "
                    + "runs with no network");
        }
        SlaveSettings settings = tuner.tune(settings(chosen).withCurve(keys));
        PythonTags tags = PythonTags.query(python);
        Slave s = new Slave(settings, new HostInfo(), tags);
        slave = s;
        try {
            s.run();
            return ExitCodes.OK;
        } catch (SlaveFailure e) {
            return ExitCodes.FAILED;
        }
    }

    /** The settings the options describe, without a sandbox. */
    SlaveSettings settings() {
        return settings(Sandbox.NONE);
    }

    private SlaveSettings settings(Sandbox chosen) {
        Path buildRoot = dir != null ? dir : defaultTempDir(environment);
        BuildSettings build = BuildSettings.of(pipCommand(), buildRoot, timeout,
                extraIndexUrl == null || extraIndexUrl.isBlank() ? null : extraIndexUrl, environment, chosen)
                .withOffline(offlineBuild);
        return SlaveSettings.withSpecTimings(master, slavePort, filePort, label != null ? label : HostInfo.hostName(), build);
    }

    private List<String> pipCommand() {
        return Arrays.asList(pip.strip().split("\\s+"));
    }

    /** @return the --sandbox mode, or null when it is none of them */
    Sandbox.Mode sandboxMode() {
        return switch (sandbox.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> Sandbox.Mode.AUTO;
            case "bwrap", "on" -> Sandbox.Mode.BWRAP;
            case "off" -> Sandbox.Mode.OFF;
            default -> null;
        };
    }

    /**
     * Trees a sandbox must keep readable even where it hides their parent: the prefixes
     * (e.g. a virtualenv under the slave's HOME) of the pip and Python commands, and the
     * slave's Rust toolchain ({@code ~/.cargo}, {@code ~/.rustup}).
     */
    private List<Path> visibleTrees() {
        List<Path> trees = new java.util.ArrayList<>();
        for (String command : List.of(pipCommand().get(0), Arrays.asList(python.strip().split("\\s+")).get(0))) {
            String exe = command.contains("/") ? command : ProcessGroupRunner.onPath(command);
            if (exe != null) {
                Path bin = Path.of(exe).toAbsolutePath().normalize().getParent();
                if (bin != null && bin.getParent() != null) {
                    trees.add(bin.getParent());
                }
            }
        }
        String home = environment.get("HOME");
        if (home != null && !home.isEmpty()) {
            trees.add(Path.of(home, ".cargo"));
            trees.add(Path.of(home, ".rustup"));
        }
        return trees;
    }

    /** Python's {@code tempfile.gettempdir()} order: TMPDIR, TEMP, TMP, else /tmp. */
    static Path defaultTempDir(Map<String, String> env) {
        for (String v : new String[] {"TMPDIR", "TEMP", "TMP"}) {
            String value = env.get(v);
            if (value != null && !value.isEmpty()) {
                return Path.of(value);
            }
        }
        return Path.of("/tmp");
    }

    /** The SIGTERM path: stop like DIE, and wait for BYE and the build's clean-up. */
    void onSigterm() {
        Slave s = slave;
        if (s == null) {
            return;
        }
        s.requestStop();
        try {
            // the build may take up to a minute to end, then BYE goes out
            if (s.awaitFinished(Duration.ofSeconds(90))) {
                // as 0.23: a SIGTERM is an orderly stop, exit 0 (the JVM would otherwise exit 143)
                Runtime.getRuntime().halt(s.failed() ? ExitCodes.FAILED : ExitCodes.OK);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
