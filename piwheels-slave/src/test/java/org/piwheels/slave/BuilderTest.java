package org.piwheels.slave;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.protocol.records.FileState;
import org.piwheels.testing.FakePypi;
import org.piwheels.testing.PipRunner;
import org.piwheels.testing.SdistBuilder;

/** The builder runs Debian's pip against a fake PyPI on loopback, in a clean environment. */
class BuilderTest {
    private static FakePypi pypi;

    @TempDir
    Path work;

    @BeforeAll
    static void startPypi() throws Exception {
        pypi = FakePypi.start().publishBuildTools();
    }

    @AfterAll
    static void stopPypi() {
        pypi.close();
    }

    private BuildSettings settings(Duration timeout) {
        Map<String, String> env = new HashMap<>(PipRunner.cleanEnvironment(work.resolve("slave-home")));
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin"); // no .cargo/bin yet, whatever this machine has
        return new BuildSettings(PipRunner.pipCommand(), work.resolve("builds"), timeout, null,
                env, Duration.ofSeconds(10), Duration.ofMillis(200),
                Ldd.DEFAULT_TIMEOUT, DpkgOwners.SYSTEM_INFO, Sandbox.NONE);
    }

    @Test
    void buildsAWheelAndDescribesItInItsOwnHome() throws Exception {
        Path report = work.resolve("report.json");
        pypi.publish(SdistBuilder.sdist("Good_Pkg", "1.2")
                .requires("RPi.GPIO>=0.7").requires("w1thermsensor").requires("docs-tool; extra == 'doc'")
                .requires("importlib-resources; python_version < '3.10'")
                .pythonRequires(">=3.7")
                .setupPrelude(String.join("\n",
                        "import json",
                        "open(os.path.expanduser('~/polluted'), 'w').write('x')",
                        "json.dump({k: os.environ.get(k) for k in ['HOME', 'TMPDIR', 'PATH', 'PIWHEELS_BUILD',",
                        "    'GIT_ALLOW_PROTOCOL', 'OPENSSL_STATIC']}, open(" + py(report) + ", 'w'))"))
                .build(), ">=3.7");
        Builder builder = new Builder("good-pkg", "1.2", pypi.simpleUrl(), settings(Duration.ofMinutes(2)));
        BuildResult result = builder.build();

        assertThat(result.status()).as(result.output()).isTrue();
        assertThat(result.duration()).isPositive();
        assertThat(result.files()).hasSize(1);
        FileState f = result.files().get(0);
        Path wheel = builder.directory().resolve(f.filename());
        assertThat(f.filename()).isEqualTo("Good_Pkg-1.2-py3-none-any.whl");
        assertThat(f.filesize()).isEqualTo(Files.size(wheel));
        assertThat(f.filehash()).isEqualTo(org.piwheels.testing.PypiFile.sha256(Files.readAllBytes(wheel)));
        assertThat(List.of(f.packageTag(), f.packageVersionTag(), f.pyVersionTag(), f.abiTag(), f.platformTag()))
                .containsExactly("Good_Pkg", "1.2", "py3", "none", "any");
        assertThat(f.requiresPython()).isEqualTo(">=3.7");
        assertThat(f.dependencies().get("pip")).containsExactly("importlib-resources", "rpi-gpio", "w1thermsensor");
        assertThat(f.dependencies().get("apt")).isEmpty();
        assertThat(f.dependencies()).containsKey("");
        assertThat(f.location()).isEqualTo("/simple");
        try (ZipFile zip = new ZipFile(wheel.toFile())) {
            assertThat(zip.getEntry("good_pkg.py")).isNotNull();
        }

        // the environment of §7.2, and a HOME of the build's own
        JsonNode env = new ObjectMapper().readTree(report.toFile());
        Path home = Path.of(env.get("HOME").asText());
        assertThat(home).isEqualTo(builder.directory().resolve("home"));
        assertThat(Files.exists(home.resolve("polluted"))).isTrue();
        assertThat(Files.exists(work.resolve("slave-home").resolve("polluted"))).isFalse();
        assertThat(env.get("TMPDIR").asText()).startsWith(builder.directory().toString());
        assertThat(env.get("PIWHEELS_BUILD").asText()).isEqualTo("1");
        assertThat(env.get("GIT_ALLOW_PROTOCOL").asText()).isEqualTo("file");
        assertThat(env.get("OPENSSL_STATIC").asText()).isEqualTo("1");
        // pip puts its build environment in front; ours comes after it
        assertThat(env.get("PATH").asText()).endsWith(":" + work.resolve("slave-home") + "/.cargo/bin:/usr/local/bin:/usr/bin:/bin");
        assertThat(result.output()).contains("Successfully built good-pkg");

        builder.remove();
        assertThat(builder.directory()).doesNotExist();
    }

    @Test
    void aBrokenSdistFailsWithItsLog() throws Exception {
        pypi.publish(SdistBuilder.sdist("broken", "0.1").setupPrelude("raise SystemExit('broken on purpose')").build(), null);
        Builder builder = new Builder("broken", "0.1", pypi.simpleUrl(), settings(Duration.ofMinutes(2)));
        BuildResult result = builder.build();
        assertThat(result.status()).isFalse();
        assertThat(result.files()).isEmpty();
        assertThat(result.output()).contains("broken on purpose");
        // the log stays in the build directory, complete, until the build is removed
        try (var logs = Files.newDirectoryStream(builder.directory(), "piw-*.log")) {
            Path log = logs.iterator().next();
            assertThat(Files.readString(log)).isEqualTo(result.output());
        }
        builder.remove();
        assertThat(builder.directory()).doesNotExist();
    }

    @Test
    void theTimeoutKillsTheWholeProcessGroup() throws Exception {
        Path pidFile = work.resolve("child.pid");
        pypi.publish(SdistBuilder.sdist("sleepy", "1.0").setupPrelude(sleeper(pidFile)).build(), null);
        Builder builder = new Builder("sleepy", "1.0", pypi.simpleUrl(), settings(Duration.ofSeconds(35)));
        long t0 = System.nanoTime();
        BuildResult result = builder.build();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(result.status()).isFalse();
        assertThat(result.files()).isEmpty();
        assertThat(result.output()).contains("build timed out after 35s");
        try (var logs = Files.newDirectoryStream(builder.directory(), "piw-*.log")) {
            assertThat(Files.readString(logs.iterator().next())).isEqualTo(result.output()).contains("sleepy==1.0");
        }
        assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(35));
        assertThat(took).isLessThan(Duration.ofSeconds(75));
        // setup.py's child ignores SIGTERM: only the SIGKILL to the whole group ends it
        assertThat(pidFile).as("setup.py never ran within the timeout").exists();
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(Processes.awaitGone(pid, 5000)).isTrue();
        builder.remove();
    }

    @Test
    void aStopRequestEndsTheBuildEarly() throws Exception {
        Path pidFile = work.resolve("stop-child.pid");
        pypi.publish(SdistBuilder.sdist("stoppable", "1.0").setupPrelude(sleeper(pidFile)).build(), null);
        Builder builder = new Builder("stoppable", "1.0", pypi.simpleUrl(), settings(Duration.ofMinutes(5)));
        builder.start();
        assertThat(Processes.awaitFile(pidFile, 90_000)).isTrue();
        assertThat(builder.isDone()).isFalse();
        builder.stop();
        assertThat(builder.await(Duration.ofSeconds(30))).isTrue();
        BuildResult result = builder.result();
        assertThat(result.status()).isFalse();
        assertThat(result.output()).containsPattern("Command '\\[.*'wheel', 'stoppable==1.0'.*\\]' was terminated early by event");
        assertThat(Processes.awaitGone(Long.parseLong(Files.readString(pidFile).strip()), 5000)).isTrue();
        builder.remove();
    }

    @Test
    void aPipThatCannotBeRunFailsTheBuildWithTheReasonInItsLog() throws Exception {
        BuildSettings good = settings(Duration.ofMinutes(2));
        for (List<String> pip : List.of(List.of("no-such-pip3"), List.of(work.resolve("nowhere/pip3").toString(), "-v"))) {
            BuildSettings s = new BuildSettings(pip, good.buildRoot(), good.timeout(), null, good.environment(),
                    good.grace(), good.watchInterval(), good.lddTimeout(), good.dpkgInfo(), good.sandbox());
            Builder builder = new Builder("anything", "1.0", pypi.simpleUrl(), s);
            BuildResult result = builder.build();
            assertThat(result.status()).isFalse();
            assertThat(result.files()).isEmpty();
            assertThat(result.output()).contains("cannot run the pip command: ").contains(pip.get(0));
            try (var logs = Files.newDirectoryStream(builder.directory(), "piw-*.log")) {
                assertThat(Files.readString(logs.iterator().next())).isEqualTo(result.output());
            }
            builder.remove();
        }
    }

    /** setup.py code that starts a child ignoring SIGTERM, records its pid, and sleeps. */
    private static String sleeper(Path pidFile) {
        return String.join("\n",
                "import subprocess, time",
                "child = subprocess.Popen([sys.executable, '-c',",
                "    'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)'])",
                "open(" + py(pidFile) + ", 'w').write(str(child.pid))",
                "time.sleep(600)");
    }

    private static String py(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
