package org.piwheels.packaging.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.piwheels.testing.DocSnippets;

/**
 * The manual's {@code systemctl} and {@code journalctl} lines, which need systemd as
 * PID 1 (CI has none), checked as far as they can be without it, on the installed
 * packages: the verb is one systemctl has; the unit is installed by our packages;
 * {@code systemd-analyze verify} finds nothing wrong with it, its command installed;
 * and {@code systemctl enable} (which works without a running systemd) links it into
 * its target, after which {@code systemctl disable} removes the link again. What stays
 * unchecked is that systemd starts, stops, reloads the unit and journald keeps its log.
 */
final class SystemctlLines {
    private static final List<String> VERBS = List.of("enable", "disable", "start", "stop", "restart", "reload");

    private SystemctlLines() {
    }

    /** Every line of a snippet that holds only systemctl/journalctl lines. */
    static void check(String id) throws Exception {
        List<String> lines = DocSnippets.get(id).commands();
        assertThat(lines).as(id).isNotEmpty();
        for (String line : lines) {
            checkLine(line);
        }
    }

    static void checkLine(String line) throws Exception {
        String[] words = line.replaceFirst("\\s+#.*$", "").strip().split("\\s+");
        if (words[0].equals("journalctl")) {
            assertThat(words).as(line).contains("-u");
            unit(words[List.of(words).indexOf("-u") + 1], line);
            return;
        }
        assertThat(words[0]).as(line).isEqualTo("systemctl");
        assertThat(VERBS).as(line).contains(words[1]);
        String name = words[words.length - 1];
        if (name.equals("postgresql")) {
            return;
        }
        Path unit = unit(name, line);
        if (words[1].equals("enable")) {
            Host.run("systemctl", "enable", name).ok("systemctl enable " + name);
            Path link = Path.of("/etc/systemd/system/multi-user.target.wants", unit.getFileName().toString());
            assertThat(Files.isSymbolicLink(link)).as(line + ": " + link).isTrue();
            Host.run("systemctl", "disable", name).ok("systemctl disable " + name);
            assertThat(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as(link + " after disable").isFalse();
        }
    }

    /** The installed unit file; fails unless systemd-analyze verify is silent about it. */
    private static Path unit(String name, String line) throws Exception {
        Path unit = Path.of("/lib/systemd/system", name.endsWith(".service") ? name : name + ".service");
        assertThat(unit).as(line + ": unit installed by our packages").isRegularFile();
        Host.Result r = Host.run("systemd-analyze", "verify", "--man=no", unit.toString());
        List<String> problems = r.output().lines().filter(l -> !l.isBlank()).toList();
        assertThat(problems).as("systemd-analyze verify " + unit).isEmpty();
        return unit;
    }
}
