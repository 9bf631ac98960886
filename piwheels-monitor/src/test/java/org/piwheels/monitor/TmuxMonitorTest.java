package org.piwheels.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.protocol.messages.MasterControlProtocol.ControlRequest;
import org.piwheels.protocol.messages.MasterControlProtocol.Sleep;
import org.piwheels.protocol.messages.MasterControlProtocol.Wake;
import org.piwheels.protocol.messages.MonitorStatusProtocol.Slave;

/**
 * The real {@code piw-monitor} in a real terminal (tmux), against the fake master:
 * keys go in with {@code send-keys}, the screen comes back with {@code capture-pane}.
 * A SLEEP / WAKE round trip reaches the master and its answer shows on screen.
 */
class TmuxMonitorTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final String session = "piw-monitor-test-" + ProcessHandle.current().pid();
    /** A tmux server of our own (-L), so nobody else's tmux use can touch our session. */
    private final String server = session;
    private final FakeMaster master = new FakeMaster();

    @AfterEach
    void stop() throws Exception {
        try {
            if (tmuxInstalled()) {
                tmux(List.of("kill-server")); // our own server; usually gone already: the monitor quit
            }
        } finally {
            master.close();
        }
    }

    @Test
    void sleepAndWakeRoundTripThroughTheRealTerminal() throws Exception {
        Assumptions.assumeTrue(tmuxInstalled(), "tmux is not installed (.ci/run installs it)");
        master.replay(MonitorFixture.recordedPicture(10));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path script = Files.writeString(dir.resolve("run.sh"), String.join(" ", List.of(
                quote(Path.of(System.getProperty("java.home"), "bin", "java").toString()), "-cp", quote(classpath),
                PiwMonitor.class.getName(), "--status-queue", master.statusAddress(),
                "--control-queue", master.controlAddress(), "2>" + quote(dir.resolve("stderr").toString()))) + "\n");
        assertThat(tmux(List.of("new-session", "-d", "-s", session, "-x", "110", "-y", "32",
                "sh " + quote(script.toString())))).isZero();

        String screen = waitForScreen(s -> s.contains("Connected to master") && s.contains("Building baz 3.0"));
        assertThat(screen).contains("Label^").contains("piwheels-master");

        keys("Down", "Enter");
        waitForScreen(s -> s.contains("Slave Control"));
        keys("p", "o");
        assertThat(waitForControl()).isEqualTo(new Sleep(1L));
        master.publish(new Slave(1, Instant.now(), "SLEEP", true)); // the master's answer to the slave's next IDLE
        waitForScreen(s -> s.contains("Waiting for jobs") && s.contains("Sent SLEEP slave 1"));

        keys("Enter", "r", "o");
        assertThat(waitForControl()).isEqualTo(new Wake(1L));
        master.publish(new Slave(1, Instant.now(), "BUILD", List.of("qux", "1.0")));
        waitForScreen(s -> s.contains("Building qux 1.0"));

        keys("q");
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (tmux(List.of("has-session", "-t", session)) == 0) {
            if (System.nanoTime() > deadline) {
                fail("the monitor did not quit");
            }
            Thread.sleep(100);
        }
    }

    private ControlRequest waitForControl() {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            master.serve(Duration.ofMillis(100));
            List<ControlRequest> got = master.takeReceived();
            if (!got.isEmpty()) {
                assertThat(got).hasSize(1);
                return got.get(0);
            }
        }
        throw new AssertionError("no control message arrived");
    }

    private String waitForScreen(Predicate<String> condition) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            master.serve(Duration.ofMillis(100)); // answers the monitor's HELLO
            screen = capture();
            if (condition.test(screen)) {
                return screen;
            }
        }
        Path stderr = dir.resolve("stderr");
        throw new AssertionError("screen never matched:\n" + screen
                + (Files.exists(stderr) ? "\nmonitor's stderr:\n" + Files.readString(stderr) : ""));
    }

    private void keys(String... keys) throws Exception {
        for (String k : keys) {
            assertThat(tmux(List.of("send-keys", "-t", session, k))).isZero();
            Thread.sleep(150); // one key at a time, as a person types
        }
    }

    private String capture() throws Exception {
        Process p = new ProcessBuilder("tmux", "-L", server, "capture-pane", "-p", "-t", session)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private int tmux(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("tmux");
        cmd.add("-L");
        cmd.add(server);
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor();
    }

    private boolean tmuxInstalled() {
        try {
            return tmux(List.of("-V")) == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
