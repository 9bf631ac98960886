package org.piwheels.tools.remove;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AdminProtocol.RemPkg;
import org.piwheels.protocol.messages.AdminProtocol.RemVer;
import org.piwheels.protocol.messages.AdminProtocol.ToolRequest;
import org.piwheels.protocol.transport.Transport;
import org.piwheels.tools.importqueue.ExitStatus;
import org.piwheels.tools.importqueue.ImportQueueClient;
import org.piwheels.tools.importqueue.ReplyTimeoutOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code piw-remove}: deletes a package or version, only its builds, or marks it
 * skipped or yanked, through the master's import queue (components spec §13). It
 * says what it is about to do and asks first unless {@code --yes}.
 */
@Command(name = "piw-remove", mixinStandardHelpOptions = true, version = ExitStatus.VERSION,
        description = {"Remove a package or a version from piwheels, or only its builds, or mark it skipped or yanked.",
                "The master must be running; the request goes to its import queue."},
        exitCodeListHeading = ExitStatus.HEADING,
        exitCodeList = {ExitStatus.OK, ExitStatus.FAILED, ExitStatus.USAGE, ExitStatus.INTERRUPTED})
public final class PiwRemove implements Callable<Integer> {
    /** The configuration-file section. */
    static final String SECTION = "remove";

    /** The logger, looked up on first use: --help and --version never start the logging system. */
    private static Logger log() {
        return LoggerFactory.getLogger("import");
    }

    @Mixin CommonOptions common;
    @Mixin LoggingOptions logging;
    @Mixin CurveClientOptions curve;
    @Mixin AdminAuthOptions admin;
    @Mixin ReplyTimeoutOptions timeout;

    @Parameters(index = "0", paramLabel = "PACKAGE", description = "The package")
    String packageName;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VERSION",
            description = "The version; without it the whole package is acted on")
    String version;

    @Option(names = {"-y", "--yes"}, description = "Proceed without prompting")
    boolean yes;

    @Option(names = {"-b", "--builds"},
            description = "Delete only the builds and files; the package or version stays known "
                    + "(and is built again unless also skipped)")
    boolean builds;

    @Option(names = {"-s", "--skip"}, paramLabel = "REASON", defaultValue = "",
            description = "Mark skipped for this reason instead of deleting")
    String skip;

    @Option(names = "--yank", description = "Mark the version yanked instead of deleting it (needs a version)")
    boolean yank;

    @Option(names = "--import-queue", paramLabel = "ADDR", defaultValue = ImportQueueClient.DEFAULT_ADDRESS,
            description = "The master's import queue (default: ${DEFAULT-VALUE})")
    String importQueue;

    private final YesNoPrompt prompt;

    /** A command that prompts on stdin/stdout. */
    public PiwRemove() {
        this(new YesNoPrompt(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out));
    }

    /** A command with its own prompt (tests). */
    PiwRemove(YesNoPrompt prompt) {
        this.prompt = prompt;
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(CommandRunner.run(new PiwRemove(), SECTION, args));
    }

    /** Runs with the given configuration files (tests). */
    static int run(PiwRemove command, List<Path> configFiles, String... args) {
        return CommandRunner.run(command, SECTION, args, configFiles);
    }

    @Override
    public Integer call() throws IOException, ProtocolException {
        LogSetup.configure(logging, false, false, List.of());
        log().info("PiWheels Remover version {}", ExitStatus.VERSION);
        if (yank && version == null) {
            log().warn("--yank applies to a version; ignored for a package");
        }
        if (!yes) {
            log().warn("Preparing to remove/alter {}", version == null ? packageName : packageName + " " + version);
            for (String line : RemovalPlan.describe(packageName, version, builds, skip, yank)) {
                log().warn("This will {}", line);
            }
            if (!prompt.ask("Proceed?")) {
                log().warn("User aborted removal");
                return ExitCodes.USAGE;
            }
        }
        log().info("Connecting to master at {}", importQueue);
        ToolRequest request = version == null
                ? new RemPkg(packageName, builds, skip)
                : new RemVer(packageName, version, builds, skip, yank);
        org.piwheels.protocol.transport.CurveClient keys = ImportQueueClient.keys(curve);
        org.piwheels.protocol.transport.AdminSecret credentials = ImportQueueClient.credentials(admin, keys, importQueue);
        try (Transport transport = new Transport();
             ImportQueueClient master = new ImportQueueClient(transport, importQueue, keys, credentials)
                     .replyTimeout(timeout.replyTimeout)) {
            log().info(RemoveOutcome.of(master.request(request), packageName, version));
        }
        return ExitCodes.OK;
    }
}
