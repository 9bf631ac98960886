package org.piwheels.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The systemd units the packages ship: systemd itself finds nothing wrong with them
 * (apart from the commands not being installed on the build machine), they run as
 * the piwheels user piwheels-common creates, and they start a command of their package.
 */
class SystemdUnitsTest {

    @ParameterizedTest
    @CsvSource({"master, piwheels-master.service, piw-master", "slave, piwheels-slave.service, piw-slave",
            "master, piwheels-db-tunnel.service, ssh"})
    void unitIsValid(String group, String unit, String command) throws Exception {
        Path file = Repo.packaging().resolve(group).resolve("src/deb/lib/systemd/system").resolve(unit);
        String text = Files.readString(file);
        assertThat(text).contains("\nUser=piwheels\n").contains("\nWantedBy=multi-user.target\n");
        if (!command.equals("ssh")) {
            assertThat(text).contains("\nExecStart=/usr/bin/" + command + "\n");
            assertThat(CommandInfo.group(group)).extracting(CommandInfo::name).contains(command);
        }
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "needs systemd-analyze");
        Process p = new ProcessBuilder("systemd-analyze", "verify", "--man=no", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        List<String> problems = output.lines()
                .filter(l -> !l.isBlank())
                .filter(l -> !l.matches(".*Command /usr/bin/piw-[a-z]+ is not executable.*"))
                .toList();
        assertThat(problems).as("systemd-analyze verify " + unit).isEmpty();
    }
}
