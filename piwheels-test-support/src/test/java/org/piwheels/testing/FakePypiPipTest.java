package org.piwheels.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Debian's pip, in a clean environment, downloads and builds sdists from the fake index with no internet. */
class FakePypiPipTest {
    private static final Duration PIP_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void pipDownloadsTheSdistWithItsHash(@TempDir Path dir) throws Exception {
        Sdist sdist = SdistBuilder.sdist("Foo.Bar", "1.0").build();
        try (FakePypi pypi = FakePypi.start().publishBuildTools()) {
            PypiFile published = pypi.publish(sdist, null);
            PipRunner.Result r = new PipRunner(dir.resolve("home")).pip(PIP_TIMEOUT, "download", "--no-deps",
                    "--index-url", pypi.simpleUrl(), "-d", dir.resolve("out").toString(), "foo-bar==1.0");
            assertThat(r.exitCode()).as(r.output()).isZero();
            Path got = dir.resolve("out").resolve(sdist.filename());
            assertThat(PypiFile.sha256(Files.readAllBytes(got))).isEqualTo(published.sha256());
            assertThat(pypi.requests()).contains("GET /simple/foo-bar/", "GET /packages/foo-bar/" + sdist.filename());
        }
    }

    @Test
    void pipWheelBuildsInAnIsolatedEnvironmentFromTheFakeIndex(@TempDir Path dir) throws Exception {
        Sdist sdist = SdistBuilder.sdist("hello-piw", "2.1").requires("requests>=2").pythonRequires(">=3.7").build();
        try (FakePypi pypi = FakePypi.start().publishBuildTools()) {
            pypi.publish(sdist, ">=3.7");
            PipRunner.Result r = new PipRunner(dir.resolve("home")).pip(PIP_TIMEOUT, "wheel", "--no-deps",
                    "--no-cache-dir", "--no-binary=hello-piw", "--index-url", pypi.simpleUrl(),
                    "--wheel-dir", dir.resolve("wheels").toString(), "hello-piw==2.1");
            assertThat(r.exitCode()).as(r.output()).isZero();
            try (Stream<Path> s = Files.list(dir.resolve("wheels"))) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactly("hello_piw-2.1-py3-none-any.whl");
            }
            // the build requirements came from our index, not from the machine or the internet
            assertThat(pypi.requests()).contains("GET /simple/setuptools/", "GET /simple/wheel/");
        }
    }

    @Test
    void pipRespectsRequiresPythonAndYanks(@TempDir Path dir) throws Exception {
        try (FakePypi pypi = FakePypi.start().publishBuildTools()) {
            pypi.publish(SdistBuilder.sdist("pick", "1.0").build(), null);
            pypi.publish(SdistBuilder.sdist("pick", "2.0").build(), ">=4");
            pypi.publish(SdistBuilder.sdist("pick", "1.5").build(), null);
            pypi.yank("pick", "1.5", "broken");
            PipRunner.Result r = new PipRunner(dir.resolve("home")).pip(PIP_TIMEOUT, "download", "--no-deps",
                    "--index-url", pypi.simpleUrl(), "-d", dir.resolve("out").toString(), "pick");
            assertThat(r.exitCode()).as(r.output()).isZero();
            try (Stream<Path> s = Files.list(dir.resolve("out"))) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactly("pick-1.0.tar.gz");
            }
        }
    }

    @Test
    void theCleanEnvironmentHasNoPipSettingsOfTheMachine(@TempDir Path dir) {
        var env = PipRunner.cleanEnvironment(dir);
        assertThat(env).containsEntry("PIP_CONFIG_FILE", "/dev/null").containsEntry("HOME", dir.toString());
        assertThat(env.keySet().stream().filter(k -> k.startsWith("PIP_"))).containsExactly("PIP_CONFIG_FILE");
    }
}
