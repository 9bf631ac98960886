package org.piwheels.tools.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.CommonOptions;
import org.piwheels.cli.AdminAuthOptions;
import org.piwheels.cli.CurveClientOptions;
import org.piwheels.cli.DurationValue;
import org.piwheels.cli.ExitCodes;
import org.piwheels.cli.LogSetup;
import org.piwheels.cli.LoggingOptions;
import org.piwheels.cli.YesNoPrompt;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AdminProtocol.AdminReply;
import org.piwheels.protocol.messages.AdminProtocol.Done;
import org.piwheels.protocol.messages.AdminProtocol.Import;
import org.piwheels.protocol.messages.AdminProtocol.Send;
import org.piwheels.protocol.messages.AdminProtocol.Sent;
import org.piwheels.protocol.records.BuildState;
import org.piwheels.protocol.transport.AdminSecret;
import org.piwheels.protocol.transport.CurveClient;
import org.piwheels.protocol.transport.Transport;
import org.piwheels.protocol.wheels.BadWheelException;
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
 * {@code piw-import}: records wheels built elsewhere as one successful build and
 * uploads them to the master (components spec §11). Every file is checked and
 * described before anything is sent; {@code --delete} removes the files only once
 * the master has confirmed the whole build.
 */
@Command(name = "piw-import", mixinStandardHelpOptions = true, version = ExitStatus.VERSION,
        description = {"Import wheels built elsewhere into piwheels, as one successful build.",
                "The package version must already exist (piw-add) and the ABI must be one of the master's build ABIs."},
        exitCodeListHeading = ExitStatus.HEADING,
        exitCodeList = {ExitStatus.OK, ExitStatus.FAILED, ExitStatus.USAGE, ExitStatus.INTERRUPTED})
public final class PiwImport implements Callable<Integer> {
    /** The configuration-file section. */
    static final String SECTION = "import";
    /** The build log recorded without {@code --output}. */
    static final String DEFAULT_OUTPUT = "Imported manually via piw-import";

    /** The logger, looked up on first use: --help and --version never start the logging system. */
    private static Logger log() {
        return LoggerFactory.getLogger("import");
    }

    @Mixin CommonOptions common;
    @Mixin LoggingOptions logging;
    @Mixin CurveClientOptions curve;
    @Mixin AdminAuthOptions admin;
    @Mixin ReplyTimeoutOptions timeout;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The wheel files of one build")
    List<Path> files;

    @Option(names = "--package", paramLabel = "PACKAGE",
            description = "The package (default: the first file's METADATA Name)")
    String packageName;

    @Option(names = "--package-version", paramLabel = "VERSION",
            description = "The version (default: the first file's METADATA Version)")
    String packageVersion;

    @Option(names = "--abi", paramLabel = "ABI",
            description = "The build ABI (default: the first file's ABI tag, unless it is none)")
    String abi;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "0s", converter = DurationValue.class,
            description = "Build duration to record, e.g. 1h30m (default: ${DEFAULT-VALUE})")
    Duration duration;

    @Option(names = "--output", paramLabel = "FILE",
            description = "A file whose text becomes the build log (default: \"" + DEFAULT_OUTPUT + "\")")
    Path output;

    @Option(names = "--dependencies", paramLabel = "FILE",
            description = "A file of apt package names (whitespace-separated) every wheel depends on")
    Path dependencies;

    @Option(names = {"-y", "--yes"}, description = "Proceed without prompting")
    boolean yes;

    @Option(names = {"-d", "--delete"}, description = "Delete the files once the master has confirmed the import")
    boolean delete;

    @Option(names = "--import-queue", paramLabel = "ADDR", defaultValue = ImportQueueClient.DEFAULT_ADDRESS,
            description = "The master's import queue (default: ${DEFAULT-VALUE})")
    String importQueue;

    @Option(names = "--file-queue", paramLabel = "ADDR", defaultValue = "tcp://localhost:5556",
            description = "The master's file queue (default: ${DEFAULT-VALUE})")
    String fileQueue;

    private final YesNoPrompt prompt;
    private final PrintStream terminal;
    private final Duration silence;

    /** A command that prompts on stdin/stdout and draws a progress bar on stderr when it is a terminal. */
    public PiwImport() {
        this(new YesNoPrompt(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out),
                System.console() != null ? System.err : null, FileSender.DEFAULT_SILENCE);
    }

    /**
     * @param terminal where to draw the progress bar, or null for plain log lines
     * @param silence  how long the uploader waits before repeating HELLO
     */
    PiwImport(YesNoPrompt prompt, PrintStream terminal, Duration silence) {
        this.prompt = prompt;
        this.terminal = terminal;
        this.silence = silence;
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(CommandRunner.run(new PiwImport(), SECTION, args));
    }

    /** Runs with the given configuration files (tests). */
    static int run(PiwImport command, List<Path> configFiles, String... args) {
        return CommandRunner.run(command, SECTION, args, configFiles);
    }

    @Override
    public Integer call() throws IOException, ProtocolException {
        LogSetup.configure(logging, false, false, List.of());
        log().info("PiWheels Importer version {}", ExitStatus.VERSION);
        List<String> apt = dependencies == null ? List.of() : readDependencies(dependencies);
        String log = output == null ? DEFAULT_OUTPUT : Files.readString(output, StandardCharsets.UTF_8);
        Map<String, ImportedWheel> byName = new HashMap<>();
        List<ImportedWheel> wheels = new ArrayList<>();
        for (Path f : files) {
            try {
                ImportedWheel w = WheelDescriber.describe(f, apt);
                wheels.add(w);
                byName.put(w.state().filename(), w);
            } catch (BadWheelException e) {
                throw new ToolFailure("Refusing to import: " + e.getMessage());
            }
        }
        BuildState build = BuildAssembler.assemble(wheels, packageName, packageVersion, abi, duration, log);
        if (!yes) {
            ImportSummary.log(log(), build, apt.size());
            if (!prompt.ask("Proceed?")) {
                log().warn("User aborted import");
                return ExitCodes.USAGE;
            }
        }
        upload(build, byName);
        if (delete) {
            for (ImportedWheel w : wheels) {
                Files.deleteIfExists(w.path());
                log().info("Deleted {}", w.path());
            }
        }
        return ExitCodes.OK;
    }

    /** The conversation of spec §11.2 steps 5–6: IMPORT, then SEND/SENT until DONE. */
    private void upload(BuildState build, Map<String, ImportedWheel> byName) throws IOException, ProtocolException {
        log().info("Connecting to master at {}", importQueue);
        ImportProgress progress = terminal != null ? new TerminalProgress(terminal) : new PlainProgress(log());
        CurveClient keys = ImportQueueClient.keys(curve);
        AdminSecret credentials = ImportQueueClient.credentials(admin, keys, importQueue);
        try (Transport transport = new Transport();
             ImportQueueClient master = new ImportQueueClient(transport, importQueue, keys, credentials)
                     .replyTimeout(timeout.replyTimeout)) {
            AdminReply reply = master.request(new Import(build));
            failOnError(reply);
            log().info("Registered build successfully");
            progress.start(build.files().size(), build.files().stream().mapToLong(f -> f.filesize()).sum());
            FileSender sender = new FileSender(transport, fileQueue, silence, keys, timeout.replyTimeout);
            String previous = null;
            try {
                while (reply instanceof Send) {
                    String name = ((Send) reply).filename();
                    ImportedWheel w = byName.get(name);
                    if (w == null) {
                        throw new ToolFailure("Master asked for " + name + ", which is not part of this import");
                    }
                    progress.fileStarted(name, w.state().filesize(), name.equals(previous));
                    sender.send(w.path(), progress);
                    progress.fileSent(name);
                    previous = name;
                    reply = master.request(new Sent());
                    failOnError(reply);
                }
            } finally {
                progress.finish(); // ends the bar's line before any error is logged
            }
            if (!(reply instanceof Done)) {
                throw new ToolFailure("Unexpected response from master");
            }
            log().info("Imported build successfully");
        }
    }

    private static void failOnError(AdminReply reply) {
        if (reply instanceof org.piwheels.protocol.messages.AdminProtocol.Error) {
            throw new ToolFailure(((org.piwheels.protocol.messages.AdminProtocol.Error) reply).message());
        }
    }

    /** The undocumented {@code --dependencies} file: apt package names separated by whitespace, order kept. */
    private static List<String> readDependencies(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\\s+"));
    }
}
