package org.piwheels.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.piwheels.testing.FakePypi;
import org.piwheels.testing.PipRunner;
import org.piwheels.testing.SdistBuilder;

/**
 * The demo command as a user runs it, in its own JVM: following a PyPI (here a local
 * fake standing in for pypi.org through the hidden {@code --pypi-url}) from that PyPI's
 * current serial, not in development mode, then Ctrl+C.
 */
class PiwDemoTest {

    @Test
    void defaultDataDirectoryFollowsXdg() {
        assertThat(PiwDemo.defaultDataDirectory(Map.of("XDG_DATA_HOME", "/srv/data")))
                .isEqualTo(Path.of("/srv/data/piwheels-demo"));
        assertThat(PiwDemo.defaultDataDirectory(Map.of("XDG_DATA_HOME", "relative")))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".local/share/piwheels-demo"));
        assertThat(PiwDemo.defaultDataDirectory(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".local/share/piwheels-demo"));
    }

    @Test
    @Timeout(value = 9, unit = TimeUnit.MINUTES)
    void followsPypiFromItsCurrentSerialBuildsNewReleasesAndStopsOnCtrlC() throws Exception {
        Path work = Path.of("target", "demo-follow").toAbsolutePath();
        Farm.deleteTree(work);
        Path out = Files.createDirectories(work).resolve("demo.out");
        try (FakePypi pypi = FakePypi.start().startSerialAt(40_000_000L)) {
            // history from before the demo starts, dated well past the settle window
            pypi.clock(() -> Instant.now().minus(Duration.ofMinutes(20)));
            pypi.publishBuildTools();
            pypi.publish(SampleProjects.hello().build(), null);
            long serialAtStart = pypi.lastSerial();

            Process demo = startDemo(work, out, "--follow-pypi", "--pypi-url", pypi.baseUrl(), "--dir", work.toString());
            try {
                // after PostgreSQL's start and piw-initdb's JVM: once more than 2 minutes at load 40 on 2 cores
                awaitLine(demo, out, "from its current serial " + serialAtStart, Duration.ofMinutes(4));
                // a release after the start, and a later event that lets the follower act on it
                pypi.clock(() -> Instant.now().minus(Duration.ofMinutes(10)));
                pypi.publish(SdistBuilder.sdist("fresh-news", "2.0").summary("Released while the demo runs").build(), null);
                pypi.clock(Instant::now);
                pypi.logEvent("fresh-news", null, "add Owner somebody");

                awaitLine(demo, out, "built fresh-news: fresh_news-2.0-py3-none-any.whl", Duration.ofMinutes(3));
                awaitLine(demo, out, "Install from it:  python3 -m pip install --index-url http://127.0.0.1:",
                        Duration.ofSeconds(10));
                List<ProcessHandle> family = demo.descendants().toList();
                assertThat(family).as("slaves and PostgreSQL").isNotEmpty();

                // what Ctrl+C sends; kill's output must not reach surefire's channel on our stdout
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                assertThat(kill.waitFor()).isZero();
                assertThat(demo.waitFor(2, TimeUnit.MINUTES)).as("stopped within 2 minutes of Ctrl+C").isTrue();
                assertThat(demo.exitValue()).as(Files.readString(out)).isZero();
                for (ProcessHandle p : family) {
                    assertThat(p.isAlive()).as("left running: " + p.info()).isFalse();
                }
            } finally {
                demo.destroyForcibly();
            }
            Path www = work.resolve("pypi/www");
            // the history before the start was never replayed; the new project was not skipped
            assertThat(www.resolve("simple/hello-piwheels")).doesNotExist();
            assertThat(Files.readString(www.resolve("simple/index.html"))).contains("fresh-news")
                    .doesNotContain("hello-piwheels");
            List<String> lines = Files.readAllLines(out);
            assertThat(lines).anyMatch(l -> l.contains("stopping on Ctrl+C"));
            assertThat(Files.readString(work.resolve("pypi/slave-1.log"))).contains("Shutting down on SIGTERM");

            // the last two lines: serve the web root again, install from it
            String serve = lines.get(lines.size() - 2);
            String install = lines.get(lines.size() - 1);
            assertThat(serve).contains("Serve it again:   python3 -m http.server --bind 127.0.0.1 --directory " + www + " ");
            assertThat(install).containsPattern("Install from it:  python3 -m pip install --index-url "
                    + "http://127\\.0\\.0\\.1:\\d+/simple/ fresh-news$");
            List<String> serveCommand = List.of(serve.substring(serve.indexOf("python3 ")).split(" "));
            List<String> pipArguments = List.of(install.substring(install.indexOf("install ")).split(" "));
            Process server = new ProcessBuilder(serveCommand).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                awaitPort(Integer.parseInt(serveCommand.get(serveCommand.size() - 1)));
                Path target = work.resolve("installed");
                List<String> args = new ArrayList<>(pipArguments);
                args.addAll(List.of("--no-cache-dir", "--target", target.toString()));
                PipRunner.Result result = new PipRunner(Files.createDirectories(work.resolve("pip-home")))
                        .pip(Duration.ofMinutes(2), args.toArray(String[]::new));
                assertThat(result.exitCode()).as(result.output()).isZero();
                assertThat(target.resolve("fresh_news.py")).exists();
            } finally {
                server.destroy();
            }
        }
    }

    private static void awaitPort(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("nothing listens on port " + port);
    }

    private static Process startDemo(Path work, Path out, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PiwDemo.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb.start();
    }

    private static void awaitLine(Process demo, Path out, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(out).contains(text)) {
                return;
            }
            assertThat(demo.isAlive()).as("the demo ended early:\n" + Files.readString(out)).isTrue();
            Thread.sleep(300);
        }
        assertThat(Files.readString(out)).as("the demo's output").contains(text);
    }
}
