package org.piwheels.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --admin-auth} and {@code --admin-secret}: whether, and with which credentials,
 * a command authenticates to the master's local admin queues (control, status, import,
 * log). On by default, with the file the packages install; off for a master run with
 * {@code --admin-auth off} (as piwheels 0.23 tools are).
 */
public final class AdminAuthOptions {
    /** Where the packages keep the credentials (the protocol's {@code AdminSecret.DEFAULT_FILE}). */
    public static final String DEFAULT_FILE = "/etc/piwheels/admin.secret";

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec command;

    /** Whether to authenticate. */
    @Option(names = "--admin-auth", paramLabel = "on|off", arity = "1", defaultValue = "on", converter = OnOff.class,
            description = "Give the master's admin queues the credentials of --admin-secret; off only for a master "
                    + "run with --admin-auth off (default: ${DEFAULT-VALUE})")
    public boolean enabled = true;

    /** The credentials file. */
    @Option(names = "--admin-secret", paramLabel = "FILE", defaultValue = DEFAULT_FILE,
            description = "The master's admin credentials (readable by the piwheels group) (default: ${DEFAULT-VALUE})")
    public Path secret = Path.of(DEFAULT_FILE);

    /** @return the credentials file to read, or {@code null} when authentication is off */
    public Path file() {
        if (!enabled) {
            return null;
        }
        String s = secret.toString();
        if (s.equals("~") || s.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + s.substring(1));
        }
        return secret;
    }

    /**
     * @return a usage error (exit status 2) saying why the credentials cannot be used and
     *         how to do without them
     */
    public CommandLine.ParameterException failure(String message) {
        return new CommandLine.ParameterException(command.commandLine(), message
                + "\n(a master run with --admin-auth off takes clients with --admin-auth off)");
    }
}
