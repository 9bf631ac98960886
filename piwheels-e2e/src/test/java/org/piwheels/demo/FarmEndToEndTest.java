package org.piwheels.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.piwheels.testing.PipRunner;

/**
 * The first farm end to end: a local PyPI with real sdists, the real piw-master and
 * piw-slave executables in their own JVMs, real pip building the wheels, and finally
 * pip installing from the index the master wrote.
 */
class FarmEndToEndTest {

    @Test
    @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
    void buildsEveryProjectAndPipInstallsFromTheIndex() throws Exception {
        // under target/, so that the master's and slave's logs stay for a look after a failure
        Path work = Path.of("target", "e2e-farm").toAbsolutePath();
        deleteTree(work);
        try (Farm farm = new Farm(work).start()) {
            for (String pkg : Farm.PROJECTS) {
                // NEWPKG if the admin request beats the PyPI follower to it, UPDPKG otherwise
                assertThat(farm.unskip(pkg, Duration.ofMinutes(5))).isIn("NEWPKG", "UPDPKG");
            }
            List<Path> hello = farm.awaitWheels("hello-piwheels", Duration.ofMinutes(8));
            List<Path> calc = farm.awaitWheels("tiny-calc", Duration.ofMinutes(8));
            assertThat(hello).extracting(p -> p.getFileName().toString())
                    .containsExactly("hello_piwheels-1.0-py3-none-any.whl");
            assertThat(calc).extracting(p -> p.getFileName().toString())
                    .containsExactly("tiny_calc-0.2-py3-none-any.whl");

            // the pages a user sees
            Path www = farm.webRoot();
            assertThat(Files.readString(www.resolve("simple/tiny-calc/index.html")))
                    .contains("tiny_calc-0.2-py3-none-any.whl#sha256=")
                    .contains("data-requires-python=\"&gt;=3.7\"");
            assertThat(www.resolve("simple/index.html")).exists();
            awaitFile(www.resolve("project/tiny-calc/index.html"), "hello-piwheels");
            assertThat(www.resolve("project/tiny-calc/json/index.json")).exists();

            // and pip, with a clean configuration, installs from it
            Path target = work.resolve("installed");
            PipRunner pip = new PipRunner(Files.createDirectories(work.resolve("pip-home")));
            PipRunner.Result install = pip.pip(Duration.ofMinutes(3), "install", "--no-cache-dir",
                    "--index-url", farm.indexUrl(), "--target", target.toString(), "tiny-calc");
            assertThat(install.exitCode()).as(install.output()).isZero();
            assertThat(install.output()).contains("Successfully installed hello-piwheels-1.0 tiny-calc-0.2");
            assertThat(target.resolve("tiny_calc.py")).exists();
            assertThat(target.resolve("hello_piwheels.py")).exists();
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void awaitFile(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).contains(text)) {
                return;
            }
            Thread.sleep(200);
        }
        assertThat(file).exists();
        assertThat(Files.readString(file)).contains(text);
    }
}
