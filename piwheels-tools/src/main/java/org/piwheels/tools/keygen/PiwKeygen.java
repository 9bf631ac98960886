package org.piwheels.tools.keygen;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.CommonOptions;
import org.piwheels.cli.ExitCodes;
import org.piwheels.cli.LogSetup;
import org.piwheels.cli.LoggingOptions;
import org.piwheels.protocol.transport.CurveCertificate;
import org.piwheels.tools.importqueue.ExitStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code piw-keygen}: makes a CURVE key pair for the master, a slave or a tool, as two
 * ZeroMQ certificate files: {@code NAME} (public, mode 0644, to copy to the other
 * side) and {@code NAME_secret} (mode 0600, never to leave its machine). Beyond 0.23.
 */
@Command(name = "piw-keygen", mixinStandardHelpOptions = true, version = ExitStatus.VERSION,
        description = {"Make a CURVE key pair for piw-master, piw-slave or a tool: NAME holds the public key "
                + "(copy it to the master's allow-list, or to the slaves for the master's), NAME_secret the "
                + "secret one, readable by its owner only."},
        exitCodeListHeading = ExitStatus.HEADING,
        exitCodeList = {"  0:both files written", "  1:a file exists (without --force) or cannot be written",
                ExitStatus.USAGE})
public final class PiwKeygen implements Callable<Integer> {
    /** The configuration-file section. */
    static final String SECTION = "keygen";
    private static final Logger LOG = LoggerFactory.getLogger("keygen");

    @Mixin CommonOptions common;
    @Mixin LoggingOptions logging;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "The public certificate to write, e.g. /etc/piwheels/keys/master; the secret one is NAME_secret")
    Path name;

    @Option(names = {"-f", "--force"}, description = "Replace existing files (the old key pair stops working)")
    boolean force;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(CommandRunner.run(new PiwKeygen(), SECTION, args));
    }

    /** Runs with the given configuration files (tests). */
    static int run(PiwKeygen command, List<Path> configFiles, String... args) {
        return CommandRunner.run(command, SECTION, args, configFiles);
    }

    @Override
    public Integer call() throws IOException {
        LogSetup.configure(logging, false, false, List.of());
        Path secret = secretFile(name);
        if (!force) {
            for (Path p : List.of(name, secret)) {
                if (Files.exists(p)) {
                    LOG.error("{} exists; use --force to replace it (its key pair then stops working)", p);
                    return ExitCodes.FAILED;
                }
            }
        }
        Path parent = name.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            LOG.error("{} is not a directory", parent);
            return ExitCodes.FAILED;
        }
        CurveCertificate keys = CurveCertificate.generate();
        try {
            if (force) {
                Files.deleteIfExists(name);
                Files.deleteIfExists(secret);
            }
            keys.writeSecret(secret);
            keys.writePublic(name);
        } catch (FileAlreadyExistsException e) {
            LOG.error("{} appeared meanwhile; nothing replaced", e.getFile());
            return ExitCodes.FAILED;
        }
        LOG.info("Wrote {} (public) and {} (secret, mode 0600); public key {}", name, secret, keys.publicKeyZ85());
        return ExitCodes.OK;
    }

    /** @return where the secret certificate of a public one goes */
    static Path secretFile(Path publicFile) {
        return publicFile.resolveSibling(publicFile.getFileName() + "_secret");
    }
}
