package org.piwheels.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The README's main command: a whole farm on this machine, offline. It starts a
 * local PyPI with sample projects, the master on an embedded PostgreSQL and one
 * slave, lets them build every project, and serves the resulting index until
 * Ctrl+C. With {@code --once} it stops after the wheels are published.
 */
public final class PiwDemo {
    private PiwDemo() {
    }

    /** Entry point: {@code [--once] [WORK-DIR]}. */
    public static void main(String[] args) throws Exception {
        boolean once = List.of(args).contains("--once");
        Path work = List.of(args).stream().filter(a -> !a.startsWith("--")).findFirst().map(Path::of)
                .orElse(Path.of("piwheels-demo"));
        Files.createDirectories(work);
        System.out.println("piwheels demo: work directory " + work.toAbsolutePath()
                + " (database, web root, logs)");
        CountDownLatch stop = new CountDownLatch(1);
        try (Farm farm = new Farm(work).start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            System.out.println("local PyPI at " + farm.pypi().simpleUrl() + "; master and slave starting");
            for (String pkg : Farm.PROJECTS) {
                farm.unskip(pkg, Duration.ofMinutes(3));
            }
            for (String pkg : Farm.PROJECTS) {
                List<Path> wheels = farm.awaitWheels(pkg, Duration.ofMinutes(10));
                System.out.println("built " + wheels.get(0).getFileName());
            }
            System.out.println();
            System.out.println("The farm's site:  " + farm.siteUrl());
            System.out.println("Install from it:  python3 -m pip install --index-url " + farm.indexUrl() + " tiny-calc");
            if (!once) {
                System.out.println("Press Ctrl+C to stop.");
                stop.await();
            }
        }
    }
}
