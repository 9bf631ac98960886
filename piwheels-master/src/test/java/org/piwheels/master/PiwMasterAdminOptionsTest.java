package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.ExitCodes;
import org.piwheels.protocol.transport.AdminSecret;

/**
 * piw-master's {@code --admin-auth} and {@code --admin-secret}: a missing secret is made
 * (0640) where it may be, refused with status 2 and a remedy where it may not, a
 * malformed one is refused; with {@code --admin-auth off} none is needed. The database
 * is unreachable, so a run that gets past the options fails with status 1 before
 * binding anything.
 */
class PiwMasterAdminOptionsTest {
    @TempDir Path dir;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @AfterEach
    void restoreLogging() throws Exception {
        ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        ctx.reset();
        new ch.qos.logback.classic.util.ContextInitializer(ctx).autoConfig();
    }

    private int run(List<Path> configFiles, String... admin) {
        List<String> args = new java.util.ArrayList<>(List.of("--dsn", "postgres://127.0.0.1:9/none",
                "-l", dir.resolve("master.log").toString()));
        args.addAll(List.of(admin));
        PrintStream err = System.err;
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            return CommandRunner.run(new PiwMaster(() -> false), "master", args.toArray(new String[0]), configFiles);
        } finally {
            System.setErr(err);
        }
    }

    private String logged() throws Exception {
        Path log = dir.resolve("master.log");
        return (Files.exists(log) ? Files.readString(log) : "") + console.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aMissingSecretIsMadeGroupReadableWhereItsDirectoryIsWritable() throws Exception {
        Path secret = dir.resolve("admin.secret");
        assertThat(run(List.of(), "--admin-secret", secret.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-r-----");
        AdminSecret made = AdminSecret.read(secret);
        assertThat(made.user()).isEqualTo(AdminSecret.DEFAULT_USER);
        assertThat(logged()).contains("created the admin secret " + secret);
        // kept as it is on the next start
        assertThat(run(List.of(), "--admin-secret", secret.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(AdminSecret.read(secret)).isEqualTo(made);
    }

    @Test
    void aSecretThatCannotBeMadeOrReadIsStatus2WithTheRemedy() throws Exception {
        Path nowhere = dir.resolve("no-such-dir").resolve("admin.secret");
        assertThat(run(List.of(), "--admin-secret", nowhere.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(logged()).contains(nowhere.toString()).contains("piwheels-common").contains("--admin-auth off");
        assertThat(nowhere.getParent()).doesNotExist();
        Path bad = Files.writeString(dir.resolve("bad.secret"), "only-a-password\n");
        assertThat(run(List.of(), "--admin-secret", bad.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(logged()).contains(bad + " is not an admin secret");
        assertThat(run(List.of(), "--admin-auth", "maybe")).isEqualTo(ExitCodes.USAGE);
        assertThat(logged()).contains("must be on or off");
    }

    @Test
    void offNeedsNoSecretAndSaysWhatItMeans() throws Exception {
        Path nowhere = dir.resolve("no-such-dir").resolve("admin.secret");
        assertThat(run(List.of(), "--admin-auth", "off", "--admin-secret", nowhere.toString())).isEqualTo(ExitCodes.FAILED);
        assertThat(logged()).contains("--admin-auth off: any local user can QUIT");
        Path conf = Files.writeString(dir.resolve("piwheels.conf"), "[master]\nadmin-auth = off\nadmin-secret = "
                + nowhere + "\n");
        assertThat(run(List.of(conf))).as("the configuration file's keys").isEqualTo(ExitCodes.FAILED);
    }
}
