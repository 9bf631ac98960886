package org.piwheels.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ManPageTest {
    static Iterable<CommandInfo> commands() {
        return CommandInfo.ALL;
    }

    private static String render(CommandInfo c) {
        return new ManPage(c, c.commandLine(ManPageTest.class.getClassLoader()), "9.9", "2026-01-01").render();
    }

    @ParameterizedTest
    @MethodSource("commands")
    void listsEveryOptionWithItsDefault(CommandInfo c) {
        String page = render(c);
        assertThat(page).startsWith(".TH " + c.name().toUpperCase() + " 1 \"2026-01-01\" \"piwheels 9.9\"");
        CommandLine cl = c.commandLine(getClass().getClassLoader());
        for (OptionSpec o : cl.getCommandSpec().options()) {
            if (o.hidden()) {
                continue;
            }
            assertThat(page).contains(ManPage.text(o.longestName()));
            String def = ManPage.defaultOf(o);
            if (def != null && o.arity().max() > 0) {
                assertThat(ManPage.describe(o)).as(o.longestName()).contains(def);
            }
        }
        assertThat(page).doesNotContain("${DEFAULT-VALUE}");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void groffFormatsItWithoutWarnings(CommandInfo c) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/groff")), "needs groff");
        Path page = Files.createTempFile(c.name(), ".1");
        try {
            Files.writeString(page, render(c));
            Process p = new ProcessBuilder("groff", "-man", "-Tutf8", "-ww", page.toString())
                    .redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(err).as("groff warnings").isEmpty();
            assertThat(out.replaceAll(".\b", "")).contains("SYNOPSIS").contains("--help").contains(c.name());
        } finally {
            Files.delete(page);
        }
    }

    @org.junit.jupiter.api.Test
    void escapesWhatTroffWouldTakeAsRequests() {
        assertThat(ManPage.text(".hidden\n'quote\na-b\\c")).isEqualTo("\\&.hidden\n\\&'quote\na\\-b\\ec");
    }
}
