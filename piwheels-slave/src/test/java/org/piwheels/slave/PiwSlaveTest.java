package org.piwheels.slave;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.cli.ExitCodes;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Ack;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Bye;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Die;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Hello;
import org.piwheels.protocol.messages.SlaveDriverProtocol.Idle;
import org.piwheels.protocol.messages.SlaveDriverProtocol.MasterReply;
import org.piwheels.protocol.messages.SlaveDriverProtocol.SlaveRequest;
import org.piwheels.protocol.messages.SlaveDriverProtocol;
import org.piwheels.protocol.records.SlaveHello;
import org.piwheels.protocol.transport.Addressed;
import org.piwheels.protocol.transport.CurveCertificate;
import org.piwheels.protocol.transport.RouterSocket;
import org.piwheels.protocol.transport.Transport;

/** The {@code piw-slave} command: options, environment, configuration, refusals, exit codes, SIGTERM. */
class PiwSlaveTest {
    private static final StartupChecks AS_ROOT = new StartupChecks(() -> 0, Instant::now);
    private static final StartupChecks AS_USER = new StartupChecks(() -> 1000, Instant::now);

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheSpecsWithNoExtraIndex() {
        PiwSlave cmd = new PiwSlave(AS_ROOT, Map.of(), s -> s);
        assertThat(cmd.execute(new String[0], List.of())).isEqualTo(ExitCodes.FAILED); // refused: root
        SlaveSettings s = cmd.settings();
        assertThat(s.masterHost()).isEqualTo("localhost");
        assertThat(s.slavePort()).isEqualTo(5555);
        assertThat(s.filePort()).isEqualTo(5556);
        assertThat(s.masterTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.build().timeout()).isEqualTo(Duration.ofHours(3));
        assertThat(s.build().buildRoot()).isEqualTo(Path.of("/tmp"));
        assertThat(s.build().pip()).containsExactly("pip3");
        assertThat(s.build().extraIndexUrl()).isNull();
        assertThat(s.label()).isNotEmpty();
    }

    @Test
    void commandLineThenEnvironmentThenSlaveSectionOfTheFiles() throws Exception {
        Path conf = dir.resolve("piwheels.conf");
        Files.writeString(conf, String.join("\n", "[master]", "master = wrong-section-host", "label = from-master-section",
                "[slave]", "master = file-host", "timeout = 1h", "dir = " + dir, "extra-index-url = https://www.piwheels.org/simple",
                "pip = /usr/bin/python3 -m pip", "slave-port = 6000", ""));
        Map<String, String> env = Map.of("PIW_MASTER", "env-host", "PIW_TIMEOUT", "2h");

        PiwSlave fromEnv = new PiwSlave(AS_ROOT, env, s -> s);
        fromEnv.execute(new String[] {"-c", conf.toString()}, List.of());
        SlaveSettings s = fromEnv.settings();
        assertThat(s.masterHost()).isEqualTo("env-host");
        assertThat(s.build().timeout()).isEqualTo(Duration.ofHours(2));
        assertThat(s.build().buildRoot()).isEqualTo(dir);
        assertThat(s.build().extraIndexUrl()).isEqualTo("https://www.piwheels.org/simple");
        assertThat(s.build().pip()).containsExactly("/usr/bin/python3", "-m", "pip");
        assertThat(s.slavePort()).isEqualTo(6000);
        assertThat(s.label()).isEqualTo("from-master-section"); // 0.23 files put everything under [master]

        PiwSlave fromCli = new PiwSlave(AS_ROOT, env, s2 -> s2);
        fromCli.execute(new String[] {"-c", conf.toString(), "-m", "::1", "-t", "10s", "-L", "pi-1"}, List.of());
        assertThat(fromCli.settings().masterHost()).isEqualTo("::1");
        assertThat(fromCli.settings().build().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(fromCli.settings().label()).isEqualTo("pi-1");

        PiwSlave fromFile = new PiwSlave(AS_ROOT, Map.of("TMPDIR", "/var/tmp"), s3 -> s3);
        fromFile.execute(new String[] {"-c", conf.toString()}, List.of());
        assertThat(fromFile.settings().masterHost()).isEqualTo("file-host");
        assertThat(fromFile.settings().build().timeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void curveKeysFromTheConfigurationReachTheSettingsAndHalfSettingsAreRefused() throws Exception {
        CurveCertificate master = CurveCertificate.generate();
        master.writePublic(dir.resolve("master"));
        CurveCertificate mine = CurveCertificate.generate();
        mine.writeSecret(dir.resolve("pi4_secret"));
        Path conf = dir.resolve("curve.conf");
        Files.writeString(conf, String.join("\n", "[slave]", "curve-master-key = " + dir.resolve("master"),
                "curve-key = " + dir.resolve("pi4_secret"), ""));
        java.util.concurrent.atomic.AtomicReference<SlaveSettings> seen = new java.util.concurrent.atomic.AtomicReference<>();
        new PiwSlave(AS_USER, Map.of(), s -> {
            seen.set(s);
            throw new IllegalStateException("stopped by the test before connecting");
        }).execute(new String[] {"-c", conf.toString()}, List.of());
        assertThat(seen.get()).as("the slave got as far as its settings").isNotNull();
        assertThat(seen.get().curve().keys()).isEqualTo(mine);

        PiwSlave.SlaveSettingsTuner mustNotStart = s -> {
            throw new AssertionError("started with bad CURVE options");
        };
        assertThat(new PiwSlave(AS_USER, Map.of(), mustNotStart)
                .execute(new String[] {"--curve-key", dir.resolve("pi4_secret").toString()}, List.of()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(new PiwSlave(AS_USER, Map.of(), mustNotStart).execute(new String[] {"--curve-master-key",
                dir.resolve("master").toString(), "--curve-key", dir.resolve("master").toString()}, List.of()))
                .as("a public certificate where the secret one is needed").isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void offlineBuildsComeFromTheConfigurationAndAreRefusedWithoutTheSandbox() throws Exception {
        Path conf = dir.resolve("offline.conf");
        Files.writeString(conf, String.join("\n", "[slave]", "offline-build = true", "sandbox = bwrap", ""));
        java.util.concurrent.atomic.AtomicReference<SlaveSettings> seen = new java.util.concurrent.atomic.AtomicReference<>();
        new PiwSlave(AS_USER, Map.of(), s -> {
            seen.set(s);
            throw new IllegalStateException("stopped by the test before connecting");
        }).execute(new String[] {"-c", conf.toString()}, List.of());
        assertThat(seen.get()).as("the slave got as far as its settings").isNotNull();
        assertThat(seen.get().build().offline()).isTrue();
        assertThat(seen.get().build().sandbox().enabled()).isTrue(); // CI installs bubblewrap

        PiwSlave.SlaveSettingsTuner mustNotStart = s -> {
            throw new AssertionError("started offline builds without a sandbox");
        };
        assertThat(new PiwSlave(AS_USER, Map.of(), mustNotStart)
                .execute(new String[] {"--offline-build", "--sandbox", "off"}, List.of())).isEqualTo(ExitCodes.USAGE);
        assertThat(new PiwSlave(AS_USER, Map.of(), mustNotStart)
                .execute(new String[] {"-c", conf.toString(), "--sandbox", "off"}, List.of())).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void theBuildDirectoryDefaultsToPythonsTemporaryDirectory() {
        assertThat(PiwSlave.defaultTempDir(Map.of("TMPDIR", "/a", "TEMP", "/b"))).isEqualTo(Path.of("/a"));
        assertThat(PiwSlave.defaultTempDir(Map.of("TEMP", "/b", "TMP", "/c"))).isEqualTo(Path.of("/b"));
        assertThat(PiwSlave.defaultTempDir(Map.of("TMP", "/c"))).isEqualTo(Path.of("/c"));
        assertThat(PiwSlave.defaultTempDir(Map.of())).isEqualTo(Path.of("/tmp"));
    }

    @Test
    void usageErrorsAndHelp() {
        assertThat(new PiwSlave(AS_USER, Map.of(), s -> s).execute(new String[] {"--timeout", "90m"}, List.of()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(new PiwSlave(AS_USER, Map.of("PIW_TIMEOUT", "1d"), s -> s).execute(new String[0], List.of()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(new PiwSlave(AS_USER, Map.of(), s -> s).execute(new String[] {"--help"}, List.of())).isZero();
        assertThat(new PiwSlave(AS_USER, Map.of(), s -> s).execute(new String[] {"--version"}, List.of())).isZero();
        assertThat(new PiwSlave(new StartupChecks(() -> 1000, () -> Instant.parse("2019-01-01T00:00:00Z")), Map.of(), s -> s)
                .execute(new String[0], List.of())).isEqualTo(ExitCodes.FAILED);
    }

    @Test
    void runsAgainstAMasterUntilDie() throws Exception {
        try (Transport transport = new Transport();
             RouterSocket<MasterReply, SlaveRequest> master = transport.router(SlaveDriverProtocol.MASTER)) {
            master.zmq().setHandshakeIvl(2000);
            int port = master.bindToRandomPort("tcp://127.0.0.1");
            PiwSlave cmd = new PiwSlave(AS_USER, Map.of("PIW_MASTER", "127.0.0.1"), s -> s);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cmd.execute(new String[] {
                "--slave-port", Integer.toString(port), "--python", "/usr/bin/python3", "-d", dir.toString(),
                "-L", "command-test", "-t", "2h", "-q"}, List.of()));
            Addressed<SlaveRequest> hello = master.recv(Duration.ofSeconds(30));
            assertThat(hello).isNotNull();
            SlaveHello h = ((Hello) hello.message()).hello();
            assertThat(h.label()).isEqualTo("command-test");
            assertThat(h.buildTimeout()).isEqualTo(Duration.ofHours(2));
            master.send(hello.identity(), new Ack(1, "http://127.0.0.1:1/simple"));
            assertThat(master.recv(Duration.ofSeconds(30)).message()).isInstanceOf(Idle.class);
            master.send(hello.identity(), new Ack(1, "again"));
            assertThat(master.recv(Duration.ofSeconds(30)).message()).isInstanceOf(Bye.class);
            assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.FAILED);
        }
    }

    @Test
    void sigtermSaysByeAndExitsZero() throws Exception {
        try (Transport transport = new Transport();
             RouterSocket<MasterReply, SlaveRequest> master = transport.router(SlaveDriverProtocol.MASTER)) {
            master.zmq().setHandshakeIvl(2000);
            int port = master.bindToRandomPort("tcp://127.0.0.1");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SigtermMain.class.getName(),
                    "-m", "127.0.0.1", "--slave-port", Integer.toString(port), "--python", "/usr/bin/python3",
                    "-d", dir.toString(), "-c", dir.resolve("none.conf").toString()));
            Files.writeString(dir.resolve("none.conf"), "");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
            try {
                Addressed<SlaveRequest> hello = master.recv(Duration.ofSeconds(60));
                assertThat(hello).as("no HELLO; output: %s", Files.readString(dir.resolve("out.txt"))).isNotNull();
                master.send(hello.identity(), new Ack(9, "http://127.0.0.1:1/simple"));
                assertThat(master.recv(Duration.ofSeconds(30)).message()).isInstanceOf(Idle.class);
                p.destroy(); // SIGTERM, while the slave waits for an answer to IDLE
                Addressed<SlaveRequest> bye = master.recv(Duration.ofSeconds(30));
                assertThat(bye).isNotNull();
                assertThat(bye.message()).isInstanceOf(Bye.class);
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
