package org.piwheels.monitor.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.testing.Fixtures;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.monitor.PiwMonitor;
import org.piwheels.protocol.NoMessage;
import org.piwheels.protocol.messages.MasterControlProtocol;
import org.piwheels.protocol.messages.MasterControlProtocol.ControlRequest;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Build;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Sleep;
import org.piwheels.protocol.transport.MessageSocket;
import org.piwheels.protocol.transport.Transport;
import org.zeromq.SocketType;

/**
 * The acceptance test of issue #9: the real {@code piw-monitor} (its own JVM, its
 * runtime classpath) in a real terminal (tmux) against a real master (every task, on
 * the embedded PostgreSQL) with a protocol-level slave. Keys go in with
 * {@code send-keys}, the screen comes back with {@code capture-pane}; pausing the
 * slave from the monitor makes the master answer its IDLE with SLEEP, resuming it
 * makes the master hand it the queued build, and the monitor shows both.
 */
@ExtendWith(PiwheelsDatabaseExtension.class)
class TmuxMonitorTest {
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void sleepAndWakeRoundTripThroughTheRealTerminalAndMaster(TestDatabase db) throws Exception {
        Assumptions.assumeTrue(Tmux.installed(), "tmux is not installed (.ci/run installs it)");
        try (Connection admin = db.adminConnection()) {
            Fixtures.abis(admin); // cp34m and cp35m
            Fixtures.fooVersion(admin); // foo 0.1, never built: the planner queues it for both
        }
        try (LogWatch masterLog = new LogWatch("master");
             RunningMaster master = RunningMaster.bind(Files.createDirectories(dir.resolve("www")));
             ProtocolSlave slave = new ProtocolSlave(master.slaveQueue(), "fake-slave", "cp34m");
             Tmux tmux = new Tmux("piw-monitor-test-" + ProcessHandle.current().pid())) {
            // the monitor starts while the master's tasks come up, as an operator's might: its HELLO
            // waits in the control queue until the master's main loop runs
            tmux.start(110, 32, monitorCommand(master));
            master.start(db.config());
            long id = slave.hello().slaveId();

            Predicate<String> connected = s -> s.contains("Connected to master") && s.contains("fake-slave");
            if (tmux.poll(connected, PATIENCE) == null) {
                // the master's answer was published before the monitor's subscription reached it (a PUB
                // drops such messages); the monitor itself would ask again after 30 s. A second monitor
                // saying HELLO makes the master publish its picture to every monitor at once.
                anotherMonitorSaysHello(master);
            }
            String screen = await(tmux, connected);
            assertThat(screen).contains("Label^").contains("cp34m").contains("Initializing");

            // pause the slave: the master must answer its next IDLE with SLEEP (paused)
            tmux.keys("Down", "Enter");
            await(tmux, s -> s.contains("Slave Control"));
            tmux.keys("p", "o");
            await(tmux, s -> s.contains("Sent SLEEP slave " + id));
            masterLog.await("sleeping slave " + id, PATIENCE);
            Tmux.pause(Duration.ofMillis(300)); // the main loop's hand-over to the slave driver is in-process
            assertThat(slave.idle()).isEqualTo(new Sleep(true));
            await(tmux, s -> s.contains("Paused"));

            // resume it: the next IDLE gets the queued build
            tmux.keys("Enter", "r", "o");
            await(tmux, s -> s.contains("Sent WAKE slave " + id));
            masterLog.await("waking slave " + id, PATIENCE);
            Tmux.pause(Duration.ofMillis(300));
            assertThat(idleUntilWork(slave)).isEqualTo(new Build("foo", "0.1"));
            await(tmux, s -> s.contains("Building foo 0.1"));

            // stop the master from its dialog, then quit the monitor
            tmux.keys("Up", "Enter");
            await(tmux, s -> s.contains("Master Control"));
            tmux.keys("m", "o");
            assertThat(master.awaitStopped(PATIENCE)).as("the master obeyed QUIT").isTrue();
            tmux.keys("q");
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (tmux.alive()) {
                assertThat(System.nanoTime()).as("the monitor quit").isLessThan(deadline);
                Tmux.pause(Duration.ofMillis(100));
            }
        }
    }

    private static void anotherMonitorSaysHello(RunningMaster master) throws Exception {
        try (Transport transport = new Transport();
             MessageSocket<ControlRequest, NoMessage> control =
                     transport.socket(SocketType.PUSH, MasterControlProtocol.MONITOR)) {
            master.adminSecret().secureClient(control);
            control.linger(Duration.ofSeconds(2)).connect(master.controlQueue());
            control.send(new MasterControlProtocol.Hello());
        }
    }

    /** IDLE until the master has something other than "nothing queued" (the planner's first queue may still be on its way). */
    private static MasterReply idleUntilWork(ProtocolSlave slave) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        MasterReply reply = slave.idle();
        while (reply.equals(new Sleep(false)) && System.nanoTime() < deadline) {
            Tmux.pause(Duration.ofMillis(200));
            reply = slave.idle();
        }
        return reply;
    }

    private String await(Tmux tmux, Predicate<String> condition) throws Exception {
        Path stderr = dir.resolve("monitor.stderr");
        return tmux.await(condition, PATIENCE, () -> {
            try {
                return Files.exists(stderr) ? "monitor's stderr:\n" + Files.readString(stderr) : "";
            } catch (java.io.IOException e) {
                return "monitor's stderr unreadable: " + e;
            }
        });
    }

    /** piw-monitor as an operator starts it: its own JVM with the module's runtime classpath, HOME of its own. */
    private String monitorCommand(RunningMaster master) throws Exception {
        String classes = System.getProperty("piw.monitor.classes");
        String classpathFile = System.getProperty("piw.monitor.classpath.file");
        Assumptions.assumeTrue(classes != null && classpathFile != null,
                "run through Maven: the runtime classpath comes from the build");
        String classpath = classes + java.io.File.pathSeparator + Files.readString(Path.of(classpathFile)).strip();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path script = Files.writeString(dir.resolve("piw-monitor.sh"), String.join(" ", List.of(
                "HOME=" + quote(dir.toString()), "exec", quote(java), "-Xmx128m", "-cp", quote(classpath),
                PiwMonitor.class.getName(), "--status-queue", master.statusQueue(),
                "--control-queue", master.controlQueue(), "--admin-secret", quote(master.adminSecretFile().toString()),
                "2>" + quote(dir.resolve("monitor.stderr").toString()))) + "\n");
        return "sh " + quote(script.toString());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
