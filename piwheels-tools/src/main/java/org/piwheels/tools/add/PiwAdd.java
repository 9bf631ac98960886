package org.piwheels.tools.add;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.CommonOptions;
import org.piwheels.cli.AdminAuthOptions;
import org.piwheels.cli.CurveClientOptions;
import org.piwheels.cli.ExitCodes;
import org.piwheels.cli.LogSetup;
import org.piwheels.cli.LoggingOptions;
import org.piwheels.cli.YesNoPrompt;
import org.piwheels.protocol.PackageNames;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AdminProtocol.AddPkg;
import org.piwheels.protocol.messages.AdminProtocol.AddVer;
import org.piwheels.protocol.messages.AdminProtocol.ToolRequest;
import org.piwheels.protocol.transport.Transport;
import org.piwheels.tools.importqueue.ExitStatus;
import org.piwheels.tools.importqueue.ImportQueueClient;
import org.piwheels.tools.importqueue.ReplyTimeoutOptions;
import org.piwheels.tools.importqueue.ToolFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code piw-add}: adds a package or version to the database, or changes an existing
 * one (skip, unskip, yank, unyank, description, aliases), through the master's
 * import queue (components spec §12).
 */
@Command(name = "piw-add", mixinStandardHelpOptions = true, version = ExitStatus.VERSION,
        description = {"Add a package or a version to the piwheels database, or update an existing one.",
                "The master must be running; the request goes to its import queue."},
        exitCodeListHeading = ExitStatus.HEADING,
        exitCodeList = {ExitStatus.OK, ExitStatus.FAILED, ExitStatus.USAGE, ExitStatus.INTERRUPTED})
public final class PiwAdd implements Callable<Integer> {
    /** The configuration-file section. */
    static final String SECTION = "add";

    /** The logger, looked up on first use: --help and --version never start the logging system. */
    private static Logger log() {
        return LoggerFactory.getLogger("import");
    }

    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin LoggingOptions logging;
    @Mixin CurveClientOptions curve;
    @Mixin AdminAuthOptions admin;
    @Mixin ReplyTimeoutOptions timeout;

    @Parameters(index = "0", paramLabel = "PACKAGE", description = "The package (as typed: this becomes its display name)")
    String packageName;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION",
            description = "The version; without it the package itself is added or updated")
    String version;

    @Option(names = {"-y", "--yes"}, description = "Proceed without prompting")
    boolean yes;

    @Option(names = {"-s", "--skip"}, paramLabel = "REASON", defaultValue = "",
            description = "Skip a new package or version for this reason (default: not skipped)")
    String skip;

    @Option(names = "--unskip", description = "Clear the skip reason of an existing package or version")
    boolean unskip;

    @Option(names = {"-d", "--description"}, paramLabel = "TEXT",
            description = "The package's description (default: its summary on PyPI, for a package)")
    String description;

    @Option(names = {"-a", "--alias"}, paramLabel = "NAME", split = ",",
            description = "Another spelling of the package name; repeatable")
    List<String> aliases = new ArrayList<>();

    @Option(names = {"-r", "--released"}, paramLabel = "TIMESTAMP",
            description = "Release time of a new version, YYYY-MM-DD HH:MM:SS in UTC (default: now)")
    String released;

    @Option(names = "--yank", description = "Mark a new version as yanked")
    boolean yank;

    @Option(names = "--unyank", description = "Clear the yanked mark of an existing version")
    boolean unyank;

    @Option(names = "--import-queue", paramLabel = "ADDR", defaultValue = ImportQueueClient.DEFAULT_ADDRESS,
            description = "The master's import queue (default: ${DEFAULT-VALUE})")
    String importQueue;

    @Option(names = "--pypi-json", paramLabel = "URL", defaultValue = "https://pypi.org/pypi",
            description = "PyPI's JSON API, for descriptions (default: ${DEFAULT-VALUE})")
    String pypiJson;

    private final YesNoPrompt prompt;

    /** A command that prompts on stdin/stdout. */
    public PiwAdd() {
        this(new YesNoPrompt(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out));
    }

    /** A command with its own prompt (tests). */
    PiwAdd(YesNoPrompt prompt) {
        this.prompt = prompt;
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(CommandRunner.run(new PiwAdd(), SECTION, args));
    }

    /** Runs with the given configuration files (tests). */
    static int run(PiwAdd command, List<Path> configFiles, String... args) {
        return CommandRunner.run(command, SECTION, args, configFiles);
    }

    @Override
    public Integer call() throws IOException, ProtocolException, InterruptedException {
        LogSetup.configure(logging, false, false, List.of());
        checkCombinations();
        log().info("PiWheels Adder version {}", ExitStatus.VERSION);
        String canon = PackageNames.canonicalize(packageName);
        // checked before the prompt: no point asking about a request that cannot be sent
        for (String alias : aliases) {
            if (!PackageNames.canonicalize(alias).equals(canon)) {
                throw new ToolFailure("Alias " + alias + " does not match canon: " + canon);
            }
        }
        Instant releasedAt = released == null ? Instant.now() : ReleaseTime.parse(released);
        if (!yes) {
            log().warn("Preparing to add/update {}", version == null ? packageName : packageName + " " + version);
            if (!prompt.ask("Proceed?")) {
                log().warn("User aborted addition");
                return ExitCodes.USAGE;
            }
        }
        log().info("Connecting to master at {}", importQueue);
        ToolRequest request;
        if (version == null) {
            String desc = description != null ? description : new PypiDescription(pypiJson).lookup(packageName);
            request = new AddPkg(packageName, desc, skip, unskip, List.copyOf(aliases));
        } else {
            request = new AddVer(packageName, version, skip, unskip, releasedAt, yank, unyank, List.copyOf(aliases));
        }
        org.piwheels.protocol.transport.CurveClient keys = ImportQueueClient.keys(curve);
        org.piwheels.protocol.transport.AdminSecret credentials = ImportQueueClient.credentials(admin, keys, importQueue);
        try (Transport transport = new Transport();
             ImportQueueClient master = new ImportQueueClient(transport, importQueue, keys, credentials)
                     .replyTimeout(timeout.replyTimeout)) {
            log().info(AddOutcome.of(master.request(request), packageName));
        }
        return ExitCodes.OK;
    }

    /** Switches that contradict each other are a usage error; version-only switches are ignored without one. */
    private void checkCombinations() {
        if (!skip.isEmpty() && unskip) {
            throw new ParameterException(spec.commandLine(), "--skip and --unskip contradict each other");
        }
        if (yank && unyank) {
            throw new ParameterException(spec.commandLine(), "--yank and --unyank contradict each other");
        }
        if (version == null && (yank || unyank || released != null)) {
            log().warn("--yank, --unyank and --released apply to a version; ignored for a package");
        }
    }
}
