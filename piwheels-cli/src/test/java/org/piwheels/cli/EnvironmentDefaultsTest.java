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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class EnvironmentDefaultsTest {
    @Command(name = "envdemo")
    static class Demo implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Option(names = {"-m", "--master"}, defaultValue = "localhost") String master;
        @Option(names = "--timeout", converter = DurationValue.class, defaultValue = "3h") Duration timeout;
        @Option(names = "--label", defaultValue = "built-in") String label;

        @Override
        public Integer call() {
            return 0;
        }
    }

    private static final Map<String, String> VARS = Map.of("master", "PIW_MASTER", "timeout", "PIW_TIMEOUT");

    @Test
    void commandLineBeatsEnvironmentWhichBeatsFilesWhichBeatDefaults(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("p.conf");
        Files.writeString(conf, "[envdemo]\nmaster = file-host\ntimeout = 1h\nlabel = file-label\n");
        Map<String, String> env = Map.of("PIW_MASTER", "env-host", "PIW_TIMEOUT", "2h", "PIW_LABEL", "ignored");

        Demo fromEnv = new Demo();
        assertThat(CommandRunner.run(fromEnv, "envdemo", new String[] {"-c", conf.toString()}, List.of(), VARS, env)).isZero();
        assertThat(fromEnv.master).isEqualTo("env-host");
        assertThat(fromEnv.timeout).isEqualTo(Duration.ofHours(2));
        assertThat(fromEnv.label).isEqualTo("file-label");

        Demo fromCli = new Demo();
        CommandRunner.run(fromCli, "envdemo", new String[] {"-c", conf.toString(), "-m", "cli-host"}, List.of(), VARS, env);
        assertThat(fromCli.master).isEqualTo("cli-host");

        Demo fromFile = new Demo();
        CommandRunner.run(fromFile, "envdemo", new String[] {"-c", conf.toString()}, List.of(), VARS, Map.of("PIW_MASTER", ""));
        assertThat(fromFile.master).isEqualTo("file-host");

        Demo builtIn = new Demo();
        CommandRunner.run(builtIn, "envdemo", new String[0], List.of(), VARS, Map.of());
        assertThat(builtIn.master).isEqualTo("localhost");
        assertThat(builtIn.timeout).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void aBadEnvironmentValueIsAUsageError() {
        assertThat(CommandRunner.run(new Demo(), "envdemo", new String[0], List.of(), VARS, Map.of("PIW_TIMEOUT", "25h")))
                .isEqualTo(ExitCodes.USAGE);
    }
}
