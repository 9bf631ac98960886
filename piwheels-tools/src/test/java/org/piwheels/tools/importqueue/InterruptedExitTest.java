package org.piwheels.tools.importqueue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.piwheels.tools.testing.TestWheels;

/**
 * Exit status 130: each tool run as the operator runs it, in a JVM of its own, waiting
 * (for a master that is not there, or for more log lines on stdin) when Ctrl+C arrives.
 */
class InterruptedExitTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "org.piwheels.tools.add.PiwAdd|-y -d x foo --reply-timeout 0s --import-queue|Connecting to master at",
        "org.piwheels.tools.remove.PiwRemove|-y foo --reply-timeout 0s --import-queue|Connecting to master at",
        "org.piwheels.tools.rebuild.PiwRebuild|-y home --reply-timeout 0s --import-queue|Connecting to master at",
        "org.piwheels.tools.logger.PiwLogger|--log-queue|Processing log entries from stdin",
        "org.piwheels.tools.importer.PiwImport|-y {wheel} --file-queue tcp://127.0.0.1:9 --reply-timeout 0s --import-queue|Connecting to master at",
    })
    void ctrlCWhileWaitingExits130(String mainClass, String args, String waiting, @TempDir Path dir) throws Exception {
        args = args.replace("{wheel}", TestWheels.foo(dir, "cp311-cp311-linux_armv7l", null, 10).toString());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass, "-v", "--admin-auth", "off"));
        command.addAll(List.of(args.split(" ")));
        command.add("tcp://127.0.0.1:" + unusedPort()); // nobody listens: the tool waits (for ever: --reply-timeout 0s, so a slow signal cannot race the bound)
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            List<String> seen = new ArrayList<>();
            while ((line = out.readLine()) != null && !line.contains(waiting)) {
                seen.add(line);
            }
            assertThat(line).as("output before waiting: %s", seen).isNotNull();
            // the shell's own kill: a fresh Debian machine need not have the procps one
            Process kill = new ProcessBuilder("sh", "-c", "kill -INT " + p.pid()).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(130);
        } finally {
            p.destroyForcibly();
        }
    }

    private static int unusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
