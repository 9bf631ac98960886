package org.piwheels.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostInfoTest {

    @Test
    void readsAFakeRaspberryPi(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("proc/device-tree/system"));
        Files.write(root.resolve("proc/device-tree/system/linux,revision"), new byte[] {0, (byte) 0xc0, 0x31, 0x11});
        Files.write(root.resolve("proc/device-tree/system/linux,serial"), new byte[] {0, 0, 0, 0, 0x6f, (byte) 0x9a, 0x3c, 0x21});
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), "NAME=\"Raspbian GNU/Linux\"\nVERSION=\"11 (bullseye)\"\n");
        Files.writeString(root.resolve("proc/meminfo"),
                "MemTotal:        3884096 kB\nMemFree:          100000 kB\nMemAvailable:    2000000 kB\n"
                + "Cached:           500000 kB\nSwapTotal:        102396 kB\nSwapFree:         102396 kB\n");
        Files.writeString(root.resolve("proc/loadavg"), "0.52 0.40 0.30 1/234 5678\n");
        Files.createDirectories(root.resolve("sys/class/thermal/thermal_zone0"));
        Files.writeString(root.resolve("sys/class/thermal/thermal_zone0/temp"), "48686\n");

        HostInfo host = new HostInfo(root);
        assertThat(host.boardRevision()).isEqualTo("c03111");
        assertThat(host.boardSerial()).isEqualTo("6f9a3c21");
        assertThat(host.osRelease()).containsExactly("Raspbian GNU/Linux", "11 (bullseye)");
        assertThat(host.memory()).containsExactly(3884096L * 1024, 2000000L * 1024, 102396L * 1024, 102396L * 1024);
        assertThat(host.loadAverage()).isEqualTo(0.52);
        assertThat(host.cpuTemperature()).isEqualTo(48.686);
    }

    @Test
    void fallsBackOffAPi(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/meminfo"),
                "MemTotal: 1000 kB\nMemFree: 100 kB\nCached: 50 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");
        HostInfo host = new HostInfo(root);
        assertThat(host.boardRevision()).isEqualTo("unknown");
        assertThat(host.boardSerial()).isEqualTo("unknown");
        assertThat(host.osRelease()).containsExactly("Linux", "");
        assertThat(host.memory()[1]).isEqualTo(150L * 1024);
        assertThat(host.cpuTemperature()).isEqualTo(0.0);
        assertThat(HostInfo.disk(root)[0]).isPositive();
    }

    @Test
    void diskOfADirectoryNotMadeYetIsItsFileSystems(@TempDir Path root) throws Exception {
        // a slave's --dir (docs/deploy-slaves.md: /var/tmp/piw) exists only from its first build
        // (the size only: the space available changes as other processes write)
        assertThat(HostInfo.disk(root.resolve("not/made/yet"))[0]).isEqualTo(HostInfo.disk(root)[0]);
    }

    @Test
    void yesNoPrompt() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        YesNoPrompt p = new YesNoPrompt(new BufferedReader(new StringReader("maybe\n n \n\nYES\n")), new PrintStream(out, true));
        assertThat(p.ask("Go?")).isFalse();
        assertThat(out.toString()).contains("Go? [Y/n] ", "Invalid response");
        assertThat(p.ask("Go?")).isTrue();
        assertThat(p.ask("Go?")).isTrue();
        assertThat(p.ask("Go?")).isFalse(); // end of input
    }
}
