package org.piwheels.tools.logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.piwheels.tools.testing.RunningMaster.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.CommandRunner;
import org.piwheels.cli.ExitCodes;
import org.piwheels.protocol.transport.AdminSecret;
import org.piwheels.tools.add.PiwAdd;
import org.piwheels.tools.importer.PiwImport;
import org.piwheels.tools.loadgen.PiwLoadgen;
import org.piwheels.tools.rebuild.PiwRebuild;
import org.piwheels.tools.remove.PiwRemove;
import org.piwheels.tools.testing.RunningMaster;
import org.piwheels.tools.testing.Stderr;

/**
 * The tools' side of the admin credentials: a file that is missing, malformed or
 * unreadable stops every tool with status 2 and says what to do, before it talks to
 * the master; a logger with a wrong password gets nothing stored.
 */
class AdminCredentialsTest {
    @RegisterExtension final Stderr stderr = new Stderr();
    @TempDir Path dir;

    private record Tool(String section, Supplier<Object> command, List<String> args) {
    }

    private static List<Tool> tools() {
        String nowhere = "tcp://127.0.0.1:9";
        return List.of(
                new Tool("add", PiwAdd::new, List.of("-y", "-d", "x", "foo", "--import-queue", nowhere)),
                new Tool("remove", PiwRemove::new, List.of("-y", "foo", "--import-queue", nowhere)),
                new Tool("rebuild", PiwRebuild::new, List.of("-y", "home", "--import-queue", nowhere)),
                new Tool("logger", () -> new PiwLogger(new ByteArrayInputStream(new byte[0])), List.of("--log-queue", nowhere)),
                new Tool("loadgen", PiwLoadgen::new, List.of("--log-queue", nowhere, "--duration", "1s")));
    }

    private int run(Tool tool, String... more) {
        List<String> args = new ArrayList<>(tool.args());
        args.addAll(List.of(more));
        return CommandRunner.run(tool.command().get(), tool.section(), args.toArray(new String[0]), List.of());
    }

    @Test
    void aMissingOrMalformedSecretIsStatus2WithWhatToDo() throws Exception {
        Path missing = dir.resolve("missing.secret");
        Path bad = Files.writeString(dir.resolve("bad.secret"), "admin:pass word\n");
        for (Tool tool : tools()) {
            stderr.reset();
            assertThat(run(tool, "--admin-secret", missing.toString())).as(tool.section()).isEqualTo(ExitCodes.USAGE);
            assertThat(stderr.text()).as(tool.section()).contains("the admin secret " + missing + " does not exist")
                    .contains("--admin-auth off");
            stderr.reset();
            assertThat(run(tool, "--admin-secret", bad.toString())).as(tool.section()).isEqualTo(ExitCodes.USAGE);
            assertThat(stderr.text()).as(tool.section()).contains(bad + ": the admin password holds white space");
        }
        Path wheel = org.piwheels.tools.testing.TestWheels.foo(dir, "cp311-cp311-linux_armv7l", null, 10);
        stderr.reset();
        assertThat(CommandRunner.run(new PiwImport(), "import", new String[] {"-y", "--import-queue", "tcp://127.0.0.1:9",
                "--file-queue", "tcp://127.0.0.1:9", "--admin-secret", missing.toString(), wheel.toString()}, List.of()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(stderr.text()).contains("does not exist");
    }

    @Test
    void anUnreadableSecretSaysToJoinThePiwheelsGroup() throws Exception {
        Path locked = dir.resolve("locked.secret");
        AdminSecret.generate().write(locked);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        if ("root".equals(System.getProperty("user.name"))) {
            // root reads any file: the refusal cannot happen here, so check the other half of the claim
            assertThat(AdminSecret.read(locked).user()).isEqualTo(AdminSecret.DEFAULT_USER);
            return;
        }
        stderr.reset();
        assertThat(run(tools().get(0), "--admin-secret", locked.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(stderr.text()).contains("permission denied").contains("member of the piwheels group");
    }

    @Test
    void aLoggerWithAWrongPasswordGetsNothingStored() throws Exception {
        RunningMaster master = RunningMaster.shared();
        AdminSecret real = AdminSecret.read(master.adminSecret());
        Path wrong = dir.resolve("wrong.secret");
        new AdminSecret(real.user(), real.password() + "x").write(wrong);
        String line = "192.0.2.91 - - [18/Mar/2019:14:24:56 +0000] \"GET /project/wrong/ HTTP/1.1\" 200 1 \"-\" \"x\"\n";
        stderr.reset();
        assertThat(CommandRunner.run(new PiwLogger(new ByteArrayInputStream(line.getBytes(StandardCharsets.US_ASCII))),
                "logger", new String[] {"--log-queue", master.logQueue(), "--admin-secret", wrong.toString()}, List.of()))
                .as("a logger whose records the master never took").isEqualTo(ExitCodes.FAILED);
        // the master never answers a refused client, so the summary says the record was left behind
        assertThat(stderr.text()).contains("Records left behind at " + master.logQueue())
                .containsPattern("Read 1 line\\(s\\): [01] record\\(s\\) sent, ((some or all )?never taken by the master|the master took none for 60 s; stopped), 0 dropped");
        String good = line.replace("192.0.2.91", "192.0.2.92");
        assertThat(CommandRunner.run(new PiwLogger(new ByteArrayInputStream(good.getBytes(StandardCharsets.US_ASCII))), "logger",
                new String[] {"--log-queue", master.logQueue(), "--admin-auth", "on", "--admin-secret",
                        master.adminSecret().toString()}, List.of()))
                .isEqualTo(ExitCodes.OK);
        await("the record sent with the credentials", () -> count(master, "192.0.2.92") == 1);
        assertThat(count(master, "192.0.2.91")).as("records stored from the logger with a wrong password").isZero();
    }

    private static long count(RunningMaster master, String host) {
        try {
            return Long.parseLong(master.rows("SELECT count(*) FROM project_page_hits WHERE accessed_by = '" + host + "'")
                    .get(0).get(0));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
