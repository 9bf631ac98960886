package org.piwheels.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --curve-master-key} and {@code --curve-key}: the CURVE certificates of a command
 * that connects to the master's slave, file or TCP import queue. Both or neither: with
 * neither the connection is plaintext, as in piwheels 0.23.
 */
public final class CurveClientOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec command;

    /** The master's public certificate. */
    @Option(names = "--curve-master-key", paramLabel = "FILE",
            description = "Encrypt and authenticate with CURVE: the master's public certificate (from piw-keygen); "
                    + "needs --curve-key (default: none, plaintext as in 0.23)")
    public Path masterKey;

    /** This command's own secret certificate. */
    @Option(names = "--curve-key", paramLabel = "FILE",
            description = "With --curve-master-key: this side's secret certificate (the *_secret file of "
                    + "piw-keygen), whose public key the master must allow (default: none)")
    public Path key;

    /**
     * @return whether CURVE was asked for
     * @throws CommandLine.ParameterException if only one of the two was given
     */
    public boolean enabled() {
        if ((masterKey == null) != (key == null)) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "--curve-master-key and --curve-key go together: give both, or neither for plaintext");
        }
        return masterKey != null;
    }
}
