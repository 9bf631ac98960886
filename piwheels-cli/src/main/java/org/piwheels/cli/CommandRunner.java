package org.piwheels.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs a picocli command the piwheels way: configuration files as option defaults
 * (the {@code -c} file is found by a first look at the arguments, since it must be
 * read before the options are parsed), and exit codes from {@link ExitCodes}: usage
 * errors 2, failures 1 with the error text only (a stack trace only at DEBUG).
 */
public final class CommandRunner {
    private CommandRunner() {
    }

    /**
     * Builds the command line with defaults from the configuration files.
     *
     * @param command  the annotated command object
     * @param section  the command's configuration section, e.g. {@code master}
     * @param args     the arguments
     * @param defaults the default configuration files (normally {@link ConfigFiles#defaultFiles()})
     */
    public static CommandLine commandLine(Object command, String section, String[] args, List<Path> defaults)
            throws IOException {
        Map<String, List<String>> config = ConfigFiles.load(section, defaults, explicitConfig(args));
        CommandLine cl = new CommandLine(command);
        cl.setDefaultValueProvider(new ConfigDefaults(config));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            org.slf4j.LoggerFactory.getLogger(section).error(ex.getMessage() == null ? ex.toString() : ex.getMessage());
            org.slf4j.LoggerFactory.getLogger(section).debug("details", ex);
            return ExitCodes.FAILED;
        });
        cl.setParameterExceptionHandler((ex, params) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println(ex.getMessage());
            err.println("Try the --help option for more information.");
            return ExitCodes.USAGE;
        });
        return cl;
    }

    /**
     * Runs the command and returns its exit status; an unreadable {@code -c} file is a
     * usage error.
     */
    public static int run(Object command, String section, String[] args) {
        return run(command, section, args, ConfigFiles.defaultFiles());
    }

    /** As {@link #run(Object, String, String[])} with given default files (for tests). */
    public static int run(Object command, String section, String[] args, List<Path> defaults) {
        return run(command, section, args, defaults, Map.of(), Map.of());
    }

    /**
     * As {@link #run(Object, String, String[], List)}, with options that environment
     * variables may set; they rank below the command line and above the files.
     *
     * @param variables   option key to environment variable, e.g. {@code master → PIW_MASTER}
     * @param environment the environment, normally {@link System#getenv()}
     */
    public static int run(Object command, String section, String[] args, List<Path> defaults,
                          Map<String, String> variables, Map<String, String> environment) {
        CommandLine cl;
        try {
            cl = commandLine(command, section, args, defaults);
            if (!variables.isEmpty()) {
                cl.setDefaultValueProvider(new EnvironmentDefaults(variables, environment, cl.getDefaultValueProvider()));
            }
        } catch (IOException e) {
            System.err.println("cannot read configuration: " + e.getMessage());
            System.err.println("Try the --help option for more information.");
            return ExitCodes.USAGE;
        }
        return cl.execute(args);
    }

    /** Finds {@code -c FILE}, {@code -cFILE}, {@code --configuration FILE} or {@code --configuration=FILE}. */
    static Path explicitConfig(String[] args) {
        Path found = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("-c") || a.equals("--configuration")) && i + 1 < args.length) {
                found = Path.of(args[++i]);
            } else if (a.startsWith("--configuration=")) {
                found = Path.of(a.substring("--configuration=".length()));
            } else if (a.startsWith("-c") && a.length() > 2 && !a.startsWith("--")) {
                found = Path.of(a.substring(2));
            } else if (a.equals("--")) {
                break;
            }
        }
        return found;
    }
}
