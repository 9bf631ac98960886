package org.piwheels.slave;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.testing.FakePypi;
import org.piwheels.testing.PipRunner;
import org.piwheels.testing.SdistBuilder;

/**
 * Builds in the bubblewrap sandbox (bubblewrap is installed by {@code .ci/run}): a setup
 * script that tries to write outside its build directory or read the slave's files fails
 * its own build and harms nothing, while pip still reaches the index over loopback. The
 * same script without the sandbox does both, so the checks can fail.
 */
class SandboxTest {
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

    @Test
    void bwrapWorksHere() {
        Sandbox sandbox = Sandbox.choose(Sandbox.Mode.BWRAP, List.of());
        assertThat(sandbox.enabled()).isTrue();
        assertThat(sandbox.describe()).contains("bubblewrap sandbox");
        assertThat(Sandbox.choose(Sandbox.Mode.OFF, List.of()).enabled()).isFalse();
    }

    @Test
    void aSetupScriptCannotWriteOutsideItsBuildOrReadTheSlavesFiles() throws Exception {
        Hostile h = hostile("escaper");
        Builder builder = new Builder("escaper", "1.0", pypi.simpleUrl(), settings(Sandbox.choose(Sandbox.Mode.BWRAP, List.of())));
        BuildResult result = builder.build();

        assertThat(result.status()).as(result.output()).isFalse();
        assertThat(result.files()).isEmpty();
        // pip reached the index on loopback and ran the script, which was refused everything
        assertThat(result.output()).contains("PIW-ESCAPE write " + h.outside + " refused")
                .contains("PIW-ESCAPE write " + h.slaveHome.resolve("planted") + " refused")
                .contains("PIW-ESCAPE write " + h.otherBuild.resolve("planted") + " refused")
                .contains("PIW-ESCAPE read " + h.secret + " refused")
                .contains("PIW-ESCAPE read " + h.otherBuild.resolve("secret") + " refused")
                .contains("escape failed")
                .doesNotContain(h.token);
        assertThat(h.outside).doesNotExist();
        assertThat(h.slaveHome.resolve("planted")).doesNotExist();
        assertThat(h.otherBuild.resolve("planted")).doesNotExist();
        assertThat(Files.readString(h.secret)).isEqualTo(h.token);
        builder.remove();

        // a well-behaved package still builds in the sandbox afterwards
        pypi.publish(SdistBuilder.sdist("calm", "1.0").build(), null);
        Builder calm = new Builder("calm", "1.0", pypi.simpleUrl(), settings(Sandbox.choose(Sandbox.Mode.BWRAP, List.of())));
        BuildResult ok = calm.build();
        assertThat(ok.status()).as(ok.output()).isTrue();
        assertThat(ok.files()).extracting(f -> f.filename()).containsExactly("calm-1.0-py3-none-any.whl");
        calm.remove();
    }

    @Test
    void withoutTheSandboxTheSameScriptEscapes() throws Exception {
        Hostile h = hostile("escaper-plain");
        Builder builder = new Builder("escaper-plain", "1.0", pypi.simpleUrl(), settings(Sandbox.NONE));
        BuildResult result = builder.build();
        assertThat(result.output()).contains("PIW-ESCAPE write " + h.outside + " done").contains(h.token);
        assertThat(h.outside).exists();
        builder.remove();
    }

    /** The slave's files and a hostile sdist named {@code name} that goes for them. */
    private Hostile hostile(String name) throws Exception {
        Hostile h = new Hostile();
        h.slaveHome = Files.createDirectories(work.resolve("slave-home"));
        h.secret = Files.createDirectories(h.slaveHome.resolve(".config/piwheels")).resolve("secret.key");
        h.token = "secret-" + UUID.randomUUID();
        Files.writeString(h.secret, h.token);
        // another build's directory beside ours, and a place outside /tmp (under target/)
        h.otherBuild = Files.createDirectories(work.resolve("builds").resolve("piw-build-other"));
        Files.writeString(h.otherBuild.resolve("secret"), h.token);
        Path outsideDir = Files.createDirectories(Path.of("target", "sandbox-test").toAbsolutePath());
        h.outside = outsideDir.resolve(name + "-" + UUID.randomUUID());
        pypi.publish(SdistBuilder.sdist(name, "1.0").setupPrelude(String.join("\n",
                "_escaped = False",
                "for _p in [" + py(h.outside) + ", " + py(h.slaveHome.resolve("planted")) + ", "
                        + py(h.otherBuild.resolve("planted")) + "]:",
                "    try:",
                "        open(_p, 'w').write('planted')",
                "        print('PIW-ESCAPE write %s done' % _p); _escaped = True",
                "    except OSError as e:",
                "        print('PIW-ESCAPE write %s refused: %s' % (_p, e))",
                "for _p in [" + py(h.secret) + ", " + py(h.otherBuild.resolve("secret")) + "]:",
                "    try:",
                "        print('PIW-ESCAPE read %s done: %s' % (_p, open(_p).read())); _escaped = True",
                "    except OSError as e:",
                "        print('PIW-ESCAPE read %s refused: %s' % (_p, e))",
                "if not _escaped:",
                "    raise SystemExit('escape failed')")).build(), null);
        return h;
    }

    private static final class Hostile {
        Path slaveHome;
        Path secret;
        Path otherBuild;
        Path outside;
        String token;
    }

    private BuildSettings settings(Sandbox sandbox) {
        Map<String, String> env = new HashMap<>(PipRunner.cleanEnvironment(work.resolve("slave-home")));
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        return new BuildSettings(PipRunner.pipCommand(), work.resolve("builds"), Duration.ofMinutes(3), null,
                env, Duration.ofSeconds(10), Duration.ofMillis(200), Ldd.DEFAULT_TIMEOUT, DpkgOwners.SYSTEM_INFO, sandbox);
    }

    private static String py(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
