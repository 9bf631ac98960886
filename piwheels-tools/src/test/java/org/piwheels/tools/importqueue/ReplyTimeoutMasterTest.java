package org.piwheels.tools.importqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
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
import org.piwheels.tools.rebuild.PiwRebuild;
import org.piwheels.tools.remove.PiwRemove;
import org.piwheels.tools.testing.RunningMaster;
import org.piwheels.tools.testing.Stderr;
import org.piwheels.tools.testing.TestWheels;

/**
 * {@code --reply-timeout}: a tool the master never answers (wrong admin password, or no
 * master at the address) exits 1 with one line naming the queue and what to check,
 * instead of waiting for ever. The bound is shortened to 2 s here; the preemptive
 * limit around each run only catches a tool that waits for ever.
 */
class ReplyTimeoutMasterTest {
    private static final Duration FOR_EVER = Duration.ofSeconds(120);

    @RegisterExtension final Stderr stderr = new Stderr();
    @TempDir Path dir;

    private record Tool(String section, Supplier<Object> command, List<String> args) {
    }

    private int run(Tool tool, String queue, String... more) {
        List<String> args = new ArrayList<>(List.of("-q", "--reply-timeout", "2s", "--import-queue", queue));
        args.addAll(List.of(more));
        args.addAll(tool.args());
        return assertTimeoutPreemptively(FOR_EVER,
                () -> CommandRunner.run(tool.command().get(), tool.section(), args.toArray(new String[0]), List.of()),
                tool.section() + " waited for ever");
    }

    private List<Tool> tools() throws Exception {
        Path wheel = TestWheels.of(dir, "silent-master", "1.0", "cp311-cp311-linux_armv7l", 10);
        return List.of(
                new Tool("add", PiwAdd::new, List.of("-y", "-d", "x", "silent-master")),
                new Tool("remove", PiwRemove::new, List.of("-y", "silent-master")),
                new Tool("rebuild", PiwRebuild::new, List.of("-y", "home")),
                // the file queue is never reached: the IMPORT itself gets no answer
                new Tool("import", PiwImport::new, List.of("-y", "--file-queue", "tcp://127.0.0.1:9", wheel.toString())));
    }

    @Test
    void aWrongPasswordEndsInStatus1SayingWhatToCheck() throws Exception {
        RunningMaster master = RunningMaster.shared();
        AdminSecret real = AdminSecret.read(master.adminSecret());
        Path wrong = dir.resolve("wrong.secret");
        new AdminSecret(real.user(), real.password() + "x").write(wrong);
        for (Tool tool : tools()) {
            stderr.reset();
            assertThat(run(tool, master.importQueue(), "--admin-secret", wrong.toString()))
                    .as(tool.section()).isEqualTo(ExitCodes.FAILED);
            assertThat(stderr.text()).as(tool.section())
                    .contains("No reply from " + master.importQueue() + " in 2 s")
                    .contains("--admin-secret").contains("CURVE");
        }
        assertThat(master.dal().testPackage("silent-master")).as("a package added with a wrong password").isFalse();
    }

    @Test
    void noMasterAtTheAddressEndsInStatus1() throws Exception {
        String nowhere = "tcp://127.0.0.1:9";
        Tool add = tools().get(0);
        stderr.reset();
        assertThat(run(add, nowhere, "--admin-auth", "off")).isEqualTo(ExitCodes.FAILED);
        assertThat(stderr.text()).contains("No reply from " + nowhere + " in 2 s")
                .contains("master not there");
    }
}
