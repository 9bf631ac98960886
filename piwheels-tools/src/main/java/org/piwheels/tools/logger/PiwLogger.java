package org.piwheels.tools.logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.CommonOptions;
import org.piwheels.cli.ExitCodes;
import org.piwheels.cli.LogSetup;
import org.piwheels.cli.LoggingOptions;
import org.piwheels.protocol.ProtocolException;
import org.piwheels.protocol.messages.AccessLogProtocol.LogRecord;
import org.piwheels.tools.importqueue.ExitStatus;
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
 * {@code piw-logger}: reads web-server access logs, keeps the accesses piwheels
 * counts and pushes one record each to the master (components spec §15). Typical
 * use is as Apache's piped logger: {@code CustomLog "|piw-logger --drop" combined}.
 */
@Command(name = "piw-logger", mixinStandardHelpOptions = true, version = ExitStatus.VERSION,
        description = {"Feed web-server access logs to the piwheels master's download and page statistics.",
                "Lines that do not match the format are skipped with a warning."},
        exitCodeListHeading = ExitStatus.HEADING,
        exitCodeList = {ExitStatus.OK, ExitStatus.FAILED, ExitStatus.USAGE, ExitStatus.INTERRUPTED})
public final class PiwLogger implements Callable<Integer> {
    /** The configuration-file section. */
    static final String SECTION = "logger";
    private static final Logger LOG = LoggerFactory.getLogger("logger");
    private static final int MAX_SHOWN = 100;

    @Spec CommandSpec spec;
    @Mixin CommonOptions common;
    @Mixin LoggingOptions logging;
    @Mixin org.piwheels.cli.AdminAuthOptions admin;

    @Parameters(arity = "0..*", paramLabel = "FILE", defaultValue = "-",
            description = "Log files to read; - is stdin, *.gz is decompressed (default: -)")
    List<String> files;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "combined",
            description = "An Apache LogFormat string, or combined, common, common_vhost or nginx "
                    + "(it must contain %%{User-Agent}i) (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--log-queue", paramLabel = "ADDR", defaultValue = "ipc:///tmp/piw-logger",
            description = "The master's log queue (default: ${DEFAULT-VALUE})")
    String logQueue;

    @Option(names = "--drop", description = "Drop records that cannot be queued within 10 ms "
            + "(use when run as Apache's piped logger)")
    boolean drop;

    private final InputStream stdin;

    /** A logger reading {@code -} from the process's stdin. */
    public PiwLogger() {
        this(System.in);
    }

    /** A logger reading {@code -} from the given stream (tests). */
    PiwLogger(InputStream stdin) {
        this.stdin = stdin;
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(CommandRunner.run(new PiwLogger(), SECTION, args));
    }

    /** Runs with the given configuration files (tests). */
    static int run(PiwLogger command, List<Path> configFiles, String... args) {
        return CommandRunner.run(command, SECTION, args, configFiles);
    }

    @Override
    public Integer call() throws IOException, ProtocolException {
        LogSetup.configure(logging, false, false, List.of());
        LogFormat parser;
        try {
            parser = LogFormat.compile(format);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        org.piwheels.protocol.transport.AdminSecret credentials =
                org.piwheels.tools.importqueue.ImportQueueClient.credentials(admin);
        LOG.info("PiWheels Logger version {}", ExitStatus.VERSION);
        long read = 0;
        long unparsed = 0;
        AccessLine.Decoder decoder = new AccessLine.Decoder();
        RecordSender sender = new RecordSender(logQueue, drop, LOG, credentials);
        try {
            files:
            for (String name : files) {
                long readBefore = read;
                try (BoundedLines in = new BoundedLines(LogSources.open(name, stdin, LOG))) {
                    String line;
                    while ((line = in.next()) != null) {
                        read++;
                        if (in.lastWasTooLong()) {
                            unparsed++;
                            LOG.warn("Unable to parse line {}: {} characters long, more than any log line ({}): {}",
                                    read, in.lastLength(), BoundedLines.MAX_LINE, shorten(line));
                            continue;
                        }
                        if (!LogText.printable(line)) {
                            // web servers escape control characters and bytes above 127 (\xhh): this is no log line
                            unparsed++;
                            LOG.warn("Unable to parse line {}: unescaped control or non-ASCII bytes: {}", read,
                                    shorten(line));
                            continue;
                        }
                        LogFormat.RawFields fields = parser.match(line);
                        AccessLine access = fields == null ? null : decoder.decode(fields);
                        if (access != null && !LogText.storable(access)) {
                            // an escaped NUL or other control character: no real request has one, and the
                            // database cannot store a NUL
                            unparsed++;
                            LOG.warn("Unable to parse line {}: an escaped control character in its request or user"
                                    + " agent: {}", read, shorten(line));
                            continue;
                        }
                        if (access == null) {
                            unparsed++;
                            LOG.warn("Unable to parse line {}: {}", read, shorten(line));
                            continue;
                        }
                        LogRecord record = AccessClassifier.classify(access);
                        if (record != null && !sender.send(record)) {
                            break files; // the master takes nothing: the summary says so
                        }
                    }
                } catch (IOException e) {
                    // a truncated or corrupt file: the whole lines before the fault were sent, a partial one never
                    throw new IOException("cannot read " + (name.equals("-") ? "stdin" : name) + " after line "
                            + (read - readBefore) + " of it: " + e.getMessage(), e);
                }
            }
        } finally {
            sender.close();
        }
        if (sender.lost()) {
            // the likely causes first, so the summary stays the last line
            LOG.error("Records left behind at {}: master not running there, or refusing --admin-auth/--admin-secret",
                    logQueue);
            LOG.error(String.format("Read %d line(s): %s, %d dropped, %d unparsed",
                    read, sender.lostAccount(), sender.dropped, unparsed));
            return ExitCodes.FAILED;
        }
        String summary = String.format("Read %d line(s): %d record(s) sent, %d dropped, %d unparsed",
                read, sender.sent, sender.dropped, unparsed);
        if (sender.dropped > 0 || unparsed > 0) {
            LOG.warn(summary);
        } else {
            LOG.info(summary);
        }
        return ExitCodes.OK;
    }

    /** The start of a line for a message, with anything unprintable shown as {@code \xhh}. */
    private static String shorten(String line) {
        return LogText.escape(line.length() > MAX_SHOWN ? line.substring(0, MAX_SHOWN) : line)
                + (line.length() > MAX_SHOWN ? "..." : "");
    }
}
