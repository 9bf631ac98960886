package org.piwheels.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LogSetupTest {
    @Test
    void logFileGetsInfoEvenWhenTheConsoleIsQuietAndLongLinesAreCut(@TempDir Path dir) throws Exception {
        LoggingOptions options = new LoggingOptions();
        options.logFile = dir.resolve("piw.log");
        options.quiet(true);
        LogSetup.configure(options, false, false, List.of());
        LoggerFactory.getLogger("master.slave_driver").info("hello file");
        LoggerFactory.getLogger("master").info("x".repeat(300));
        String text = Files.readString(options.logFile);
        assertThat(text).containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} master.slave_driver INFO: hello file");
        for (String line : text.split("\n")) {
            assertThat(line.length()).isLessThanOrEqualTo(120);
        }
        assertThat(text).contains("...");
        LogSetup.configure(null, false, false, List.of());
    }
}
