package org.piwheels.tools.importqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The commands operators type often answer {@code --help} and {@code --version} without
 * starting the logging system or any networking (docs/benchmarks.md, start-up of the
 * packaged commands): each runs in a JVM of its own that lists the classes it loads.
 */
class QuickStartTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "org.piwheels.tools.add.PiwAdd, --help, Usage: piw-add",
        "org.piwheels.tools.remove.PiwRemove, --help, Usage: piw-remove",
        "org.piwheels.tools.rebuild.PiwRebuild, --help, Usage: piw-rebuild",
        "org.piwheels.tools.importer.PiwImport, --help, Usage: piw-import",
        "org.piwheels.tools.add.PiwAdd, --version, 0.23",
        "org.piwheels.tools.rebuild.PiwRebuild, -V, 0.23",
    })
    void helpAndVersionLoadNoLoggingOrNetworking(String mainClass, String option, String expected) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-verbose:class",
                "-cp", System.getProperty("java.class.path"), mainClass, option)
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains(expected).contains("picocli.CommandLine ");
        List<String> loaded = output.lines().filter(l -> l.contains("[class,load]")).toList();
        assertThat(loaded).as("classes loaded").hasSizeGreaterThan(100);
        for (String unwanted : List.of(" ch.qos.logback.", " org.slf4j.LoggerFactory ", " org.zeromq.",
                " com.fasterxml.jackson.", " java.net.Socket ", " sun.nio.ch.SocketChannelImpl ")) {
            assertThat(loaded.stream().filter(l -> l.contains(unwanted)).limit(5).toList())
                    .as(mainClass + " " + option + " loads" + unwanted).isEmpty();
        }
    }
}
