package org.piwheels.tools.rebuild;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
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
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.protocol.messages.AdminProtocol.Rebuild;
import org.piwheels.protocol.transport.Transport;
import org.piwheels.tools.importqueue.ExitStatus;
import org.piwheels.tools.importqueue.ImportQueueClient;
import org.piwheels.tools.importqueue.ReplyTimeoutOptions;
import org.piwheels.tools.importqueue.ToolFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code piw-rebuild}: asks the master to rewrite the home page, the search index, or
 * the project and/or simple pages of one package or all (components spec §14).
 * Success means "queued", not "written".
 */
@Command(name = "piw-rebuild", mixinStandardHelpOptions = true, version = ExitStatus.VERSION,
        description = {"Ask the master to regenerate part of the web site: home, search, project or index",
                "(index = the simple index and the project page), for one package or all of them."},
        exitCodeListHeading = ExitStatus.HEADING,
        exitCodeList = {ExitStatus.OK, ExitStatus.FAILED, ExitStatus.USAGE, ExitStatus.INTERRUPTED})
public final class PiwRebuild implements Callable<Integer> {
    /** The configuration-file section. */
    static final String SECTION = "rebuild";

    /** The logger, looked up on first use: --help and --version never start the logging system. */
    private static Logger log() {
        return LoggerFactory.getLogger("import");
    }

    @Mixin CommonOptions common;
    @Mixin LoggingOptions logging;
    @Mixin CurveClientOptions curve;
    @Mixin AdminAuthOptions admin;
    @Mixin ReplyTimeoutOptions timeout;

    @Parameters(index = "0", paramLabel = "PART", converter = WebsitePart.Converter.class,
            description = "home, search, project or index")
    WebsitePart part;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PACKAGE",
            description = "For project and index: the package (default: all packages); ignored for home and search")
    String packageName;

    @Option(names = {"-y", "--yes"}, description = "Proceed without prompting")
    boolean yes;

    @Option(names = "--import-queue", paramLabel = "ADDR", defaultValue = ImportQueueClient.DEFAULT_ADDRESS,
            description = "The master's import queue (default: ${DEFAULT-VALUE})")
    String importQueue;

    private final YesNoPrompt prompt;
    private final PrintStream terminal;

    /** A command that prompts on stdin/stdout and draws progress on stderr when it is a terminal. */
    public PiwRebuild() {
        this(new YesNoPrompt(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out),
                System.console() != null ? System.err : null);
    }

    /** A command with its own prompt and terminal (null: not a terminal). */
    PiwRebuild(YesNoPrompt prompt, PrintStream terminal) {
        this.prompt = prompt;
        this.terminal = terminal;
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(CommandRunner.run(new PiwRebuild(), SECTION, args));
    }

    /** Runs with the given configuration files (tests). */
    static int run(PiwRebuild command, List<Path> configFiles, String... args) {
        return CommandRunner.run(command, SECTION, args, configFiles);
    }

    @Override
    public Integer call() throws IOException, ProtocolException {
        LogSetup.configure(logging, false, false, List.of());
        log().info("PiWheels Rebuilder version {}", ExitStatus.VERSION);
        boolean all = part.perPackage() && packageName == null;
        if (all && !yes) {
            if (!prompt.ask("This will rebuild pages for ALL packages; proceed?")) {
                log().warn("User aborted rebuild");
                return ExitCodes.USAGE;
            }
            log().warn("Go make coffee...");
        }
        if (!part.perPackage() && packageName != null) {
            log().warn("A package is ignored when rebuilding {}", part.name().toLowerCase(java.util.Locale.ROOT));
        }
        log().info("Connecting to master at {}", importQueue);
        Rebuild request = new Rebuild(part.wire, part.perPackage() ? packageName : null);
        AdminReply reply;
        org.piwheels.protocol.transport.CurveClient keys = ImportQueueClient.keys(curve);
        org.piwheels.protocol.transport.AdminSecret credentials = ImportQueueClient.credentials(admin, keys, importQueue);
        try (Transport transport = new Transport();
             ImportQueueClient master = new ImportQueueClient(transport, importQueue, keys, credentials)
                     .replyTimeout(timeout.replyTimeout)) {
            if (all) {
                WaitingIndicator progress = new WaitingIndicator(terminal, log());
                reply = master.request(request, progress);
                progress.finish();
            } else {
                reply = master.request(request);
            }
        }
        if (reply instanceof org.piwheels.protocol.messages.AdminProtocol.Error) {
            throw new ToolFailure(((org.piwheels.protocol.messages.AdminProtocol.Error) reply).message());
        }
        if (!(reply instanceof Done)) {
            throw new ToolFailure("Unexpected response from master");
        }
        log().info("Queued rebuild request for page(s) successfully");
        return ExitCodes.OK;
    }
}
