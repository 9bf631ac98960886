package org.piwheels.packaging.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The master, slave and monitor packages, unpacked (not installed) with dpkg-deb:
 * their launcher starts with the bundled runtime and prints its usage, and the
 * package holds the link, man page, completion and units it promises.
 */
class OtherPackagesTest {

    @ParameterizedTest
    @CsvSource({"master, piw-master, lib/systemd/system/piwheels-master.service",
            "slave, piw-slave, lib/systemd/system/piwheels-slave.service",
            "monitor, piw-monitor, opt/piwheels-monitor/lib/piwheels-cds"})
    void unpackedLauncherRuns(String group, String command, String extra, @TempDir Path root) throws Exception {
        Path deb;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("deb.packaging.dir"), group, "target"))) {
            deb = files.filter(f -> f.getFileName().toString().matches("piwheels-" + group + "_.*\\.deb"))
                    .findFirst().orElseThrow();
        }
        assertThat(run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()))).startsWith("0\n");
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin").resolve(command)))
                .isEqualTo(Path.of("/opt/piwheels-" + group + "/bin/" + command));
        assertThat(root.resolve("usr/share/man/man1/" + command + ".1.gz")).isNotEmptyFile();
        assertThat(root.resolve("usr/share/bash-completion/completions/" + command)).isNotEmptyFile();
        assertThat(root.resolve(extra)).isNotEmptyFile();
        String launcher = root.resolve("opt/piwheels-" + group + "/bin/" + command).toString();
        assertThat(run(List.of(launcher, "--help"))).startsWith("0\n").contains("Usage: " + command);
        assertThat(run(List.of(launcher, "--version"))).matches("(?s)0\n\\d+(\\.\\d+)+.*");
    }

    /** The exit status, a newline, and the output. */
    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish");
        }
        return p.exitValue() + "\n" + output;
    }
}
