package org.piwheels.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code -c/--configuration}, mixed into every command. {@code -h} and {@code --version}
 * come from picocli's {@code mixinStandardHelpOptions}.
 */
public final class CommonOptions {
    /** The extra configuration file, read after the default ones. */
    @Option(names = {"-c", "--configuration"}, paramLabel = "FILE",
            description = "Read this configuration file after the default ones "
                    + "(/etc/piwheels.conf, /usr/local/etc/piwheels.conf, ~/.config/piwheels/piwheels.conf)")
    public Path configuration;
}
