package org.piwheels.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -q}, {@code -v} and {@code -l FILE}, mixed into every command but the monitor. */
public final class LoggingOptions {
    /** Console level: -1 quiet (ERROR), 0 default (WARN), 1 verbose (INFO). */
    public int verbosity;

    /** The log file, or null. */
    @Option(names = {"-l", "--log-file"}, paramLabel = "FILE", description = "Also log to FILE")
    public Path logFile;

    @Option(names = {"-q", "--quiet"}, description = "Produce less console output")
    void quiet(boolean on) {
        verbosity = on ? -1 : verbosity;
    }

    @Option(names = {"-v", "--verbose"}, description = "Produce more console output")
    void verbose(boolean on) {
        verbosity = on ? 1 : verbosity;
    }
}
