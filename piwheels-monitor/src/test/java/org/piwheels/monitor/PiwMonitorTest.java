package org.piwheels.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.CommandRunner;
import picocli.CommandLine;

/** The command line of components spec §8.1. */
class PiwMonitorTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(PiwMonitor monitor, List<Path> configs, String... args) throws IOException {
        CommandLine cl = CommandRunner.commandLine(monitor, "monitor", args, configs);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void helpListsTheQueueOptionsAndTheirDefaults() throws IOException {
        assertThat(run(new PiwMonitor(), List.of(), "--help")).isZero();
        assertThat(out.toString()).contains("--status-queue=ADDR").contains("/tmp/piw-status")
                .contains("--control-queue=ADDR").contains("/tmp/piw-control").contains("-c, --configuration");
        assertThat(out.toString()).doesNotContain("--verbose").doesNotContain("--log-file");
    }

    @Test
    void versionPrintsTheVersionAlone() throws IOException {
        assertThat(run(new PiwMonitor(), List.of(), "--version")).isZero();
        assertThat(out.toString().strip()).matches("[0-9][^\\s]*");
    }

    @Test
    void unknownOptionIsAUsageError() throws IOException {
        assertThat(run(new PiwMonitor(), List.of(), "--verbose")).isEqualTo(2);
        assertThat(err.toString()).contains("Try the --help option");
    }

    @Test
    void aSecretItCannotUseIsAUsageErrorSaidBeforeTheScreenIsTaken() throws IOException {
        Path missing = dir.resolve("missing.secret");
        assertThat(run(new PiwMonitor(), List.of(), "--admin-secret", missing.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("the admin secret " + missing + " does not exist").contains("--admin-auth off");
        Path bad = Files.writeString(dir.resolve("bad.secret"), "two\nlines\n");
        assertThat(run(new PiwMonitor(), List.of(), "--admin-secret", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(bad + " is not an admin secret");
        Path conf = Files.writeString(dir.resolve("auth.conf"), "[monitor]\nadmin-auth = off\n");
        PiwMonitor monitor = new PiwMonitor();
        CommandRunner.commandLine(monitor, "monitor", new String[0], List.of(conf)).parseArgs();
        assertThat(monitor.admin.file()).as("no secret with admin-auth = off").isNull();
    }

    @Test
    void queuesComeFromTheMonitorSectionOfTheConfiguration() throws IOException {
        Path conf = Files.writeString(dir.resolve("piwheels.conf"), """
                [master]
                status-queue = tcp://127.0.0.1:1
                [monitor]
                control-queue = tcp://127.0.0.1:2
                """);
        PiwMonitor monitor = new PiwMonitor();
        CommandLine cl = CommandRunner.commandLine(monitor, "monitor", new String[0], List.of(conf));
        cl.parseArgs();
        assertThat(monitor.statusQueue).isEqualTo("tcp://127.0.0.1:1");
        assertThat(monitor.controlQueue).isEqualTo("tcp://127.0.0.1:2");
    }

    @Test
    void commandLineBeatsTheConfigurationFile() throws IOException {
        Path conf = Files.writeString(dir.resolve("extra.conf"), "status-queue = tcp://127.0.0.1:1\n");
        PiwMonitor monitor = new PiwMonitor();
        String[] args = {"-c", conf.toString(), "--status-queue", "tcp://127.0.0.1:9"};
        CommandRunner.commandLine(monitor, "monitor", args, List.of()).parseArgs(args);
        assertThat(monitor.statusQueue).isEqualTo("tcp://127.0.0.1:9");
        assertThat(monitor.controlQueue).isEqualTo("ipc:///tmp/piw-control");
    }
}
