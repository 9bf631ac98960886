package org.piwheels.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code piw-slave} in its own JVM, started through its real main class as an
 * operator would, building with Debian's pip in a clean environment (no {@code PIP_*}
 * settings of this machine, {@code HOME} a directory of its own). Its console goes to
 * {@code log}.
 */
final class SlaveProcess implements AutoCloseable {
    private final Process process;
    private final Path buildRoot;
    private final Path home;

    private SlaveProcess(Process process, Path buildRoot, Path home) {
        this.process = process;
        this.buildRoot = buildRoot;
        this.home = home;
    }

    /**
     * @param dir       the slave's own directory (its build root and HOME are made inside)
     * @param classpath the classpath to run with (readable by the user it runs as)
     * @param runAs     the switch to an unprivileged user, or null
     */
    static SlaveProcess start(String label, Path dir, String classpath, Unprivileged runAs, int slavePort,
                              int filePort, Duration buildTimeout, Path log) throws IOException {
        Path builds = Files.createDirectories(dir.resolve("builds"));
        Path home = Files.createDirectories(dir.resolve("home"));
        if (runAs != null) {
            runAs.handOver(dir);
        }
        List<String> command = JavaCommand.of(runAs, classpath, "256m", "org.piwheels.slave.PiwSlave", List.of("-v",
                "--master", "127.0.0.1", "--slave-port", Integer.toString(slavePort),
                "--file-port", Integer.toString(filePort), "--dir", builds.toString(), "--label", label,
                "--timeout", clock(buildTimeout), "--pip", "/usr/bin/python3 -m pip", "--python", "/usr/bin/python3"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("PIP_") || k.startsWith("PIW_"));
        pb.environment().put("PIP_CONFIG_FILE", "/dev/null");
        pb.environment().put("HOME", home.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return new SlaveProcess(pb.start(), builds, home);
    }

    /** {@code --timeout}'s syntax, e.g. {@code 0h2m30s}. */
    private static String clock(Duration d) {
        return d.toHoursPart() + "h" + d.toMinutesPart() + "m" + d.toSecondsPart() + "s";
    }

    /** @return where the slave makes its build directories */
    Path buildRoot() {
        return buildRoot;
    }

    /** @return the slave's own HOME */
    Path home() {
        return home;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** @return the process, for signals */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGTERM (the slave cleans up and says BYE), SIGKILL after a minute. @return the exit status */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
