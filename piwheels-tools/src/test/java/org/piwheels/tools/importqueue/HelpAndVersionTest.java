package org.piwheels.tools.importqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.piwheels.cli.CommandRunner;
import org.piwheels.tools.add.PiwAdd;
import org.piwheels.tools.importer.PiwImport;
import org.piwheels.tools.logger.PiwLogger;
import org.piwheels.tools.rebuild.PiwRebuild;
import org.piwheels.tools.remove.PiwRemove;
import org.piwheels.tools.testing.Stdout;

/**
 * {@code -h/--help} and {@code -V/--version} of the five tools, short and long: exit 0
 * before any connection (so no master is needed), the usage naming every option the
 * tool shares with the others and the four exit statuses, the version alone.
 */
class HelpAndVersionTest {
    private static final List<String> SHARED = List.of("-c, --configuration", "-q, --quiet", "-v, --verbose",
            "-l, --log-file", "-h, --help", "-V, --version", "--admin-auth", "--admin-secret");
    private static final List<String> CURVE = List.of("--curve-master-key", "--curve-key");

    private static Supplier<Object> command(String tool) {
        return switch (tool) {
            case "import" -> PiwImport::new;
            case "add" -> PiwAdd::new;
            case "remove" -> PiwRemove::new;
            case "rebuild" -> PiwRebuild::new;
            default -> PiwLogger::new;
        };
    }

    @ParameterizedTest(name = "piw-{0} {1}")
    @CsvSource({"import,-h", "import,--help", "add,-h", "add,--help", "remove,-h", "remove,--help",
        "rebuild,-h", "rebuild,--help", "logger,-h", "logger,--help"})
    void helpNamesTheSharedOptionsAndTheExitStatuses(String tool, String option) {
        String usage = Stdout.of(() -> CommandRunner.run(command(tool).get(), tool, new String[] {option}, List.of()));
        List<String> expected = new ArrayList<>(SHARED);
        if (!tool.equals("logger")) {
            expected.addAll(CURVE);
            expected.add("--import-queue");
            expected.add("-y, --yes");
        }
        assertThat(usage).startsWith("Usage: piw-" + tool).contains(expected)
                .contains("Exit status:", "  0   done", "  1   refused by the master", "  2   usage error",
                        "130   interrupted (Ctrl+C)");
    }

    @ParameterizedTest(name = "piw-{0} {1}")
    @CsvSource({"import,-V", "add,--version", "remove,-V", "rebuild,--version", "logger,-V"})
    void versionIsTheVersionAlone(String tool, String option) {
        assertThat(Stdout.of(() -> CommandRunner.run(command(tool).get(), tool, new String[] {option}, List.of())))
                .isEqualTo("0.23" + System.lineSeparator());
    }
}
