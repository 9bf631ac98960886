package org.piwheels.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class ConfigTest {

    @Test
    void parsesEverySyntaxOfTheSpec() {
        ConfigFile f = ConfigFile.parse(Path.of("x"), List.of(
                "# a comment", "; another", "--- ignored",
                "dsn = postgres:///piwheels", "output-path: /var/www", "label builder-1",
                "--timeout 2h", "dev-mode", "debug = [master.slave_driver, master.seraph]",
                "pypi-xmlrpc = https://pypi.org/pypi # trailing comment"));
        Map<String, List<String>> keys = f.section("");
        assertThat(keys.get("dsn")).containsExactly("postgres:///piwheels");
        assertThat(keys.get("output-path")).containsExactly("/var/www");
        assertThat(keys.get("label")).containsExactly("builder-1");
        assertThat(keys.get("timeout")).containsExactly("2h");
        assertThat(keys.get("dev-mode")).containsExactly("true");
        assertThat(keys.get("debug")).containsExactly("master.slave_driver", "master.seraph");
        assertThat(keys.get("pypi-xmlrpc")).containsExactly("https://pypi.org/pypi");
    }

    @Test
    void ownSectionBeatsOthersAndLaterFilesBeatEarlier(@TempDir Path dir) throws Exception {
        Path etc = dir.resolve("etc.conf");
        Files.writeString(etc, "[master]\ndsn = postgres://etc/db\noutput-path = /etc-out\n[slave]\nmaster = etc-host\n");
        Path user = dir.resolve("user.conf");
        Files.writeString(user, "dsn = postgres://user/db\n[initdb]\ndsn = postgres://initdb/db\n");
        Map<String, List<String>> master = ConfigFiles.load("master", List.of(etc, user, dir.resolve("missing")), null);
        assertThat(master.get("dsn")).containsExactly("postgres://user/db");
        assertThat(master.get("output-path")).containsExactly("/etc-out");
        Map<String, List<String>> initdb = ConfigFiles.load("initdb", List.of(etc, user), null);
        assertThat(initdb.get("dsn")).containsExactly("postgres://initdb/db");
        // 0.23 files put everything under [master]; other commands still see those keys
        assertThat(ConfigFiles.load("slave", List.of(etc), null).get("output-path")).containsExactly("/etc-out");
    }

    @Command(name = "demo", mixinStandardHelpOptions = true, version = "0.1")
    static class Demo implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Mixin LoggingOptions logging;
        @Option(names = "--dsn", defaultValue = "postgres:///piwheels") String dsn;
        @Option(names = "--timeout", converter = DurationValue.class, defaultValue = "3h") Duration timeout;
        @Option(names = "--debug", split = ",") List<String> debug;

        @Override
        public Integer call() {
            return 0;
        }
    }

    @Test
    void commandLineBeatsFilesWhichBeatBuiltInDefaults(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("p.conf");
        Files.writeString(conf, "[demo]\ndsn = postgres://file/db\ntimeout = 1h30m\ndebug = [a, b]\n");
        Demo d = new Demo();
        CommandRunner.commandLine(d, "demo", new String[] {"-c", conf.toString()}, List.of())
                .parseArgs("-c", conf.toString());
        assertThat(d.dsn).isEqualTo("postgres://file/db");
        assertThat(d.timeout).isEqualTo(Duration.ofMinutes(90));
        assertThat(d.debug).containsExactly("a", "b");

        Demo d2 = new Demo();
        String[] args = {"--configuration=" + conf, "--dsn", "postgres://cli/db", "-q"};
        CommandRunner.commandLine(d2, "demo", args, List.of()).parseArgs(args);
        assertThat(d2.dsn).isEqualTo("postgres://cli/db");
        assertThat(d2.logging.verbosity).isEqualTo(-1);

        Demo d3 = new Demo();
        CommandRunner.commandLine(d3, "demo", new String[0], List.of()).parseArgs();
        assertThat(d3.dsn).isEqualTo("postgres:///piwheels");
        assertThat(d3.timeout).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void exitCodes(@TempDir Path dir) {
        assertThat(CommandRunner.run(new Demo(), "demo", new String[] {"--no-such"}, List.of())).isEqualTo(ExitCodes.USAGE);
        assertThat(CommandRunner.run(new Demo(), "demo", new String[] {"-c", dir.resolve("missing").toString()}, List.of()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(CommandRunner.run(new Demo(), "demo", new String[] {"--timeout", "25h"}, List.of())).isEqualTo(ExitCodes.USAGE);
        assertThat(CommandRunner.run(new Demo(), "demo", new String[] {"--version"}, List.of())).isEqualTo(ExitCodes.OK);
        assertThat(CommandRunner.run(new Demo(), "demo", new String[0], List.of())).isEqualTo(ExitCodes.OK);
    }

    @Test
    void durations() {
        assertThat(DurationValue.parse("3h")).isEqualTo(Duration.ofHours(3));
        assertThat(DurationValue.parse("0s")).isEqualTo(Duration.ZERO);
        assertThat(DurationValue.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationValue.parse("2h 5m")).isEqualTo(Duration.ofMinutes(125));
        assertThat(DurationValue.parse("3 h")).isEqualTo(Duration.ofHours(3));
        assertThat(DurationValue.parse("5 minutes")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationValue.parse("12:00")).isEqualTo(Duration.ofHours(12));
        for (String bad : new String[] {"90m", "25h", "1d", "", "soon"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DurationValue.parse(bad))
                    .isInstanceOf(CommandLine.TypeConversionException.class);
        }
    }
}
