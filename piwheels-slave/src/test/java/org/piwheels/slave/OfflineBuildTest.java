package org.piwheels.slave;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.protocol.records.BuildResult;
import org.piwheels.testing.FakePypi;
import org.piwheels.testing.PipRunner;
import org.piwheels.testing.SdistBuilder;

/**
 * {@code --offline-build} (issue #12): the sdist and its build requirements are fetched
 * first, then pip builds in the bubblewrap sandbox with no network and only that
 * directory to install from. Real pip, real sdists from a fake PyPI on loopback, a real
 * TCP listener on loopback for a setup script that tries to phone out.
 */
class OfflineBuildTest {
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
    void anSdistAndTheBuildRequirementItNamesAreFetchedFirstThenBuiltWithNoNetwork() throws Exception {
        // a build requirement that only the index has (an sdist: it is built offline too, from what was fetched)
        pypi.publish(SdistBuilder.sdist("piw-build-helper", "2.5").build(), null);
        pypi.publish(SdistBuilder.sdist("needs-helper", "1.0")
                .file("pyproject.toml", "[build-system]\nrequires = [\"setuptools>=40.8.0\", \"wheel\", "
                        + "\"piw-build-helper==2.5\"]\nbuild-backend = \"setuptools.build_meta\"\n")
                .setupPrelude("import piw_build_helper\nprint('PIW-HELPER %s' % piw_build_helper.__version__)").build(), null);
        Builder builder = new Builder("needs-helper", "1.0", pypi.simpleUrl(), offline());
        BuildResult result = builder.build();

        assertThat(result.status()).as(result.output()).isTrue();
        assertThat(result.output())
                .contains("offline build: fetched needs_helper-1.0.tar.gz")
                .contains("build requirements setuptools>=40.8.0, wheel, piw-build-helper==2.5 (from pyproject.toml)")
                .contains("offline build: building with no network")
                .contains("PIW-HELPER 2.5");
        assertThat(result.files()).extracting(f -> f.filename()).containsExactly("needs_helper-1.0-py3-none-any.whl");
        try (ZipFile zip = new ZipFile(builder.directory().resolve("needs_helper-1.0-py3-none-any.whl").toFile())) {
            assertThat(zip.getEntry("needs_helper.py")).isNotNull();
            assertThat(zip.getEntry("needs_helper-1.0.dist-info/METADATA")).isNotNull();
        }
        try (Stream<Path> s = Files.list(builder.directory().resolve(Builder.SOURCES))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).contains("needs_helper-1.0.tar.gz",
                    "piw_build_helper-2.5.tar.gz").anyMatch(n -> n.startsWith("setuptools-"))
                    .anyMatch(n -> n.startsWith("wheel-"));
        }
        builder.remove();
    }

    @Test
    void aSetupScriptReachingForTheNetworkFailsOfflineButConnectsInANormalBuild() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        connections.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "phone-listener");
            acceptor.setDaemon(true);
            acceptor.start();
            pypi.publish(SdistBuilder.sdist("phones-home", "1.0").setupPrelude(String.join("\n",
                    "import socket",
                    "try:",
                    "    socket.create_connection(('127.0.0.1', " + server.getLocalPort() + "), timeout=20).close()",
                    "    print('PIW-NET connected')",
                    "except OSError as e:",
                    "    raise SystemExit('PIW-NET no connection: %s' % e)")).build(), null);

            Builder offline = new Builder("phones-home", "1.0", pypi.simpleUrl(), offline());
            BuildResult refused = offline.build();
            assertThat(refused.status()).as(refused.output()).isFalse();
            assertThat(refused.files()).isEmpty();
            // the fetch step worked; the build itself found no network
            assertThat(refused.output()).contains("offline build: fetched phones_home-1.0.tar.gz")
                    .contains("offline build: building with no network").contains("PIW-NET no connection")
                    .doesNotContain("PIW-NET connected");
            assertThat(connections.get()).as("connections the listener saw").isZero();
            offline.remove();

            // the same package in a normal (sandboxed, networked) build reaches the listener
            Builder online = new Builder("phones-home", "1.0", pypi.simpleUrl(), offline().withOffline(false));
            BuildResult connected = online.build();
            assertThat(connected.status()).as(connected.output()).isTrue();
            assertThat(connected.output()).contains("PIW-NET connected");
            assertThat(connections.get()).isPositive();
            online.remove();
        }
    }

    @Test
    void aFetchThatFindsNothingFailsTheBuildWithAClearLineAndRunsNothing() throws Exception {
        pypi.publish(SdistBuilder.sdist("only-one", "1.0").build(), null);
        Builder wrongVersion = new Builder("only-one", "9.9", pypi.simpleUrl(), offline());
        BuildResult r = wrongVersion.build();
        assertThat(r.status()).isFalse();
        assertThat(r.output()).contains("offline build: cannot fetch the sdist, nothing was built: no sdist of only-one 9.9 found: "
                + pypi.simpleUrl().replaceAll("/?$", "/") + "only-one/: no sdist of version 9.9 among 1 sdist(s) (only_one-1.0.tar.gz)")
                .doesNotContain("building with no network");
        try (Stream<Path> s = Files.list(wrongVersion.directory().resolve(Builder.SOURCES))) {
            assertThat(s.toList()).isEmpty();
        }
        wrongVersion.remove();

        Builder unknown = new Builder("never-published", "1.0", pypi.simpleUrl(), offline());
        assertThat(unknown.build().output()).contains("offline build: cannot fetch the sdist")
                .contains("never-published/: HTTP 404");
        unknown.remove();
    }

    private BuildSettings offline() {
        Map<String, String> env = new HashMap<>(PipRunner.cleanEnvironment(work.resolve("slave-home")));
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        return new BuildSettings(PipRunner.pipCommand(), work.resolve("builds"), Duration.ofMinutes(5), null,
                env, Duration.ofSeconds(10), Duration.ofMillis(200), Ldd.DEFAULT_TIMEOUT, DpkgOwners.SYSTEM_INFO,
                Sandbox.choose(Sandbox.Mode.BWRAP, List.of()), true);
    }
}
