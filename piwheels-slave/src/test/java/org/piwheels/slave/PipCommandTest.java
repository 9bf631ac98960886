package org.piwheels.slave;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipCommandTest {
    @Test
    void argvIsExactlyTheSpecsWithTheExtraIndexOnlyWhenConfigured() {
        List<String> argv = PipCommand.argv(List.of("pip3"), "foo", "1.0", Path.of("/b"), Path.of("/b/x.log"),
                "https://pypi.org/simple", null);
        assertThat(argv).containsExactly("pip3", "wheel", "foo==1.0", "--wheel-dir=/b", "--log=/b/x.log", "--no-deps",
                "--no-cache-dir", "--no-binary=foo", "--prefer-binary", "--exists-action=w",
                "--no-python-version-warning", "--disable-pip-version-check", "--index-url=https://pypi.org/simple");
        assertThat(PipCommand.argv(List.of("pip3"), "foo", "1.0", Path.of("/b"), Path.of("/b/x.log"),
                "https://pypi.org/simple", "https://www.piwheels.org/simple"))
                .endsWith("--index-url=https://pypi.org/simple", "--extra-index-url=https://www.piwheels.org/simple");
        assertThat(PipCommand.argv(List.of("/usr/bin/python3", "-m", "pip"), "foo", "1.0", Path.of("/b"), Path.of("/l"), "u", ""))
                .startsWith("/usr/bin/python3", "-m", "pip", "wheel", "foo==1.0").hasSize(15);
    }

    @Test
    void offlineBuildsDownloadWithTheIndexesThenBuildFromTheirDirectoryAlone() {
        assertThat(PipCommand.downloadArgv(List.of("pip3"), List.of("setuptools>=40.8.0", "wheel"), Path.of("/b/sources"),
                Path.of("/b/x.log"), "https://pypi.org/simple", "https://www.piwheels.org/simple"))
                .containsExactly("pip3", "download", "setuptools>=40.8.0", "wheel", "--dest=/b/sources", "--log=/b/x.log",
                        "--no-cache-dir", "--prefer-binary", "--exists-action=w", "--no-python-version-warning",
                        "--disable-pip-version-check", "--index-url=https://pypi.org/simple",
                        "--extra-index-url=https://www.piwheels.org/simple");
        List<String> build = PipCommand.offlineArgv(List.of("pip3"), "foo", "1.0", Path.of("/b"), Path.of("/b/x.log"),
                Path.of("/b/sources"));
        assertThat(build).startsWith("pip3", "wheel", "foo==1.0", "--wheel-dir=/b", "--log=/b/x.log", "--no-deps")
                .endsWith("--no-index", "--find-links=/b/sources").noneMatch(a -> a.contains("index-url"));
    }

    @Test
    void environmentAddsTheSpecsVariablesAndAPrivateHome() {
        Map<String, String> base = Map.of("HOME", "/home/piwheels", "PATH", "/usr/bin:/bin", "NOTIFY_SOCKET", "/run/x",
                "LANG", "C.UTF-8");
        Map<String, String> env = PipCommand.environment(base, Path.of("/b/home"), Path.of("/b/tmp"));
        assertThat(env).containsEntry("GIT_ALLOW_PROTOCOL", "file").containsEntry("PIWHEELS_BUILD", "1")
                .containsEntry("OPENSSL_STATIC", "1").containsEntry("HOME", "/b/home").containsEntry("TMPDIR", "/b/tmp")
                .containsEntry("PATH", "/home/piwheels/.cargo/bin:/usr/bin:/bin").containsEntry("LANG", "C.UTF-8")
                .doesNotContainKey("NOTIFY_SOCKET");
        Map<String, String> withCargo = PipCommand.environment(Map.of("HOME", "/h", "PATH", "/opt/.cargo/bin:/usr/bin"),
                Path.of("/b/home"), Path.of("/b/tmp"));
        assertThat(withCargo).containsEntry("PATH", "/opt/.cargo/bin:/usr/bin");
    }
}
