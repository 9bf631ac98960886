package org.piwheels.master;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.ExitCodes;
import org.piwheels.protocol.transport.CurveCertificate;

/** piw-master refuses half or unreadable CURVE settings before it starts anything (nothing is bound). */
class PiwMasterCurveOptionsTest {
    @TempDir Path dir;

    @AfterEach
    void restoreLogging() throws Exception {
        // the command configured logging for a real run; give the other tests theirs back
        ch.qos.logback.classic.LoggerContext ctx = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        ctx.reset();
        new ch.qos.logback.classic.util.ContextInitializer(ctx).autoConfig();
    }

    private static int run(String... curve) {
        List<String> args = new java.util.ArrayList<>(List.of("--dsn", "postgres://127.0.0.1:9/none",
                "--slave-queue", "inproc://curve-opt-slave", "--file-queue", "inproc://curve-opt-file",
                "--admin-auth", "off"));
        args.addAll(List.of(curve));
        return CommandRunner.run(new PiwMaster(() -> false), "master", args.toArray(new String[0]), List.of());
    }

    @Test
    void refusesHalfOrUnreadableCurveSettings() throws Exception {
        Path allowed = Files.createDirectory(dir.resolve("allowed"));
        CurveCertificate keys = CurveCertificate.generate();
        keys.writeSecret(dir.resolve("master_secret"));
        keys.writePublic(dir.resolve("master"));
        assertThat(run("--curve-key", dir.resolve("master_secret").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(run("--curve-allow", allowed.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(run("--curve-key", dir.resolve("missing").toString(), "--curve-allow", allowed.toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(run("--curve-key", dir.resolve("master").toString(), "--curve-allow", allowed.toString()))
                .as("a public certificate where the secret one is needed").isEqualTo(ExitCodes.USAGE);
        assertThat(run("--curve-key", dir.resolve("master_secret").toString(), "--curve-allow",
                dir.resolve("nowhere").toString())).isEqualTo(ExitCodes.USAGE);
    }
}
