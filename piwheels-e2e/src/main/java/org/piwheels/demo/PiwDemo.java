package org.piwheels.demo;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The README's main command: a whole farm on this machine. Offline (the default) it
 * builds the bundled sample projects from a local PyPI; with {@code --follow-pypi} it
 * follows the real PyPI from its current serial and builds what is released while it
 * runs. It prints what it does, serves the index on loopback until Ctrl+C (or, with
 * {@code --once}, until the first wheels are published), stops everything cleanly and
 * ends with the {@code pip install} line to try.
 */
@Command(name = "piwheels-demo", mixinStandardHelpOptions = true, version = "0.23",
        description = "Run a whole piwheels farm on this machine: PostgreSQL (embedded), piw-master, "
                + "piw-slave and a web server on 127.0.0.1.")
public final class PiwDemo implements Callable<Integer> {
    @Option(names = "--once", description = "Stop as soon as the wheels are published instead of serving until Ctrl+C")
    boolean once;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where to keep the database, web root and logs (default: $XDG_DATA_HOME/piwheels-demo, "
                    + "else ~/.local/share/piwheels-demo)")
    Path dir;

    @Option(names = "--follow-pypi", description = "Follow the real PyPI (https://pypi.org) from its current serial "
            + "and build new releases as they appear, instead of the bundled samples")
    boolean followPypi;

    @Option(names = "--pypi-url", paramLabel = "URL", hidden = true, defaultValue = "https://pypi.org",
            description = "The PyPI --follow-pypi follows (tests point it at a local fake)")
    URI pypiUrl;

    @Option(names = "--slaves", paramLabel = "N", defaultValue = "1", description = "How many slaves to run (default: 1)")
    int slaves;

    private final PrintStream out;
    private volatile String suggested;
    private final long started = System.nanoTime();
    private final CountDownLatch interrupted = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int exitStatus = 1;

    PiwDemo(PrintStream out) {
        this.out = out;
    }

    /** Entry point; exits 0 after a clean stop (Ctrl+C included), 1 when the farm failed, 2 on usage errors. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new PiwDemo(System.out)).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path data = (dir != null ? dir : defaultDataDirectory(System.getenv())).resolve(followPypi ? "pypi" : "offline");
        Files.createDirectories(data);
        say("piwheels demo: database, web root and logs in " + data.toAbsolutePath());
        Farm farm = new Farm(data).slaves(slaves).progress(this::say);
        if (followPypi) {
            farm.followPypi(pypiUrl);
        }
        Thread hook = new Thread(() -> onSignal(farm), "demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int status = 1;
        try {
            farm.start();
            say("The farm's site: " + farm.siteUrl());
            if (followPypi) {
                if (!once) {
                    say("Press Ctrl+C to stop.");
                }
                followUpstream(farm);
            } else {
                suggested = buildSamples(farm);
                say("");
                say("Install from it:  python3 -m pip install --index-url " + farm.indexUrl() + " " + suggested);
                if (!once) {
                    say("Press Ctrl+C to stop.");
                    interrupted.await();
                    say("stopping on Ctrl+C");
                }
            }
            status = 0;
        } catch (InterruptedException e) {
            say("stopping on Ctrl+C");
            status = 0;
        } catch (Exception e) {
            if (interrupted.getCount() == 0) {
                say("stopping on Ctrl+C");
                status = 0;
            } else {
                say("the farm failed: " + e.getMessage());
            }
        } finally {
            say("stopping the slaves, the master and PostgreSQL");
            try {
                farm.close();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it waits for the last lines below, then ends the JVM
                }
                say("stopped; the web root stays in " + farm.webRoot());
                if (suggested != null) {
                    // the last lines: any static web server will do (the pages link to /simple/...)
                    int port = freePort();
                    say("Serve it again:   python3 -m http.server --bind 127.0.0.1 --directory " + farm.webRoot() + " "
                            + port);
                    say("Install from it:  python3 -m pip install --index-url http://127.0.0.1:" + port + "/simple/ "
                            + suggested);
                } else {
                    say("nothing was built");
                }
                exitStatus = status;
                finished.countDown();
            }
        }
        return status;
    }

    /**
     * Ctrl+C (SIGINT) or SIGTERM: end every wait, let the main thread stop the farm and
     * print its last lines, then end with its status (the JVM would say 130 or 143).
     */
    private void onSignal(Farm farm) {
        interrupted.countDown();
        farm.stopWaiting();
        try {
            if (finished.await(3, TimeUnit.MINUTES)) {
                Runtime.getRuntime().halt(exitStatus);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Unskips the samples and waits for every build. @return the project to suggest installing */
    private String buildSamples(Farm farm) throws Exception {
        say("asking the master to build them (development mode registers new projects as skipped)");
        farm.unskipSamples(Duration.ofMinutes(5));
        List<String> names = farm.sampleNames();
        say("waiting for the builds of " + String.join(", ", names));
        farm.awaitOutcomes(names, Duration.ofMinutes(20));
        return names.get(names.size() - 1);
    }

    /**
     * Reports the follower's progress and each package that gets wheels, until Ctrl+C or,
     * with --once, until the first new wheel is published.
     */
    private void followUpstream(Farm farm) throws Exception {
        TreeSet<String> seen = new TreeSet<>(packagesWithWheels(farm));
        long nextReport = 0;
        while (true) {
            farm.checkAlive();
            for (String pkg : packagesWithWheels(farm)) {
                if (seen.add(pkg)) {
                    say("built " + pkg + ": " + String.join(", ", farm.publishedWheels(pkg).stream()
                            .map(p -> p.getFileName().toString()).toList()));
                    if (suggested == null) {
                        say("Install from it:  python3 -m pip install --index-url " + farm.indexUrl() + " " + pkg);
                    }
                    suggested = pkg;
                }
            }
            if (once && suggested != null) {
                return;
            }
            if (System.nanoTime() > nextReport) {
                long serial = farm.pypiSerial() - 1; // the last event handled
                say("at PyPI serial " + serial + " (" + (serial - farm.startSerial()) + " events since the start); "
                        + seen.size() + " packages with wheels; waiting for new releases");
                nextReport = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            }
            Thread.sleep(1000);
        }
    }

    private static List<String> packagesWithWheels(Farm farm) throws java.io.IOException {
        Path simple = farm.webRoot().resolve("simple");
        if (!Files.isDirectory(simple)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(simple)) {
            List<String> result = new java.util.ArrayList<>();
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                if (!farm.publishedWheels(d.getFileName().toString()).isEmpty()) {
                    result.add(d.getFileName().toString());
                }
            }
            return result;
        }
    }

    /** @return a port free on loopback right now, or 8000 */
    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            return 8000;
        }
    }

    /** {@code $XDG_DATA_HOME/piwheels-demo}, else {@code ~/.local/share/piwheels-demo}. */
    static Path defaultDataDirectory(Map<String, String> env) {
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "piwheels-demo");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "piwheels-demo");
    }

    private void say(String line) {
        long s = Duration.ofNanos(System.nanoTime() - started).toSeconds();
        out.println(line.isEmpty() ? "" : String.format("[%3d:%02d] %s", s / 60, s % 60, line));
        out.flush();
    }
}
