package org.piwheels.packaging.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Runs commands on this machine, as root, for the tests that install the packages. */
final class Host {
    private Host() {
    }

    record Result(int status, String output) {
        Result ok(String what) {
            if (status != 0) {
                throw new AssertionError(what + " exited with " + status + ":\n" + output);
            }
            return this;
        }
    }

    static Result run(String... command) throws Exception {
        return run(Map.of(), null, command);
    }

    /**
     * Runs {@code command} with {@code stdin} (or none), in a session of its own so that
     * nothing can prompt on the terminal the build runs in, and returns its status and output.
     */
    static Result run(Map<String, String> env, String stdin, String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of("setsid", "-w"));
        argv.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).directory(Path.of("/").toFile());
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish");
        }
        return new Result(p.exitValue(), output);
    }

    /** A line of the manual, run by bash as written. */
    static Result shell(Map<String, String> env, String stdin, String line) throws Exception {
        return run(env, stdin, "bash", "-c", line);
    }

    /** A long-running command, its output going to {@code log}. */
    static Process start(Path log, String... command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(Path.of("/").toFile()).start();
    }

    /** Polls until {@code condition} holds; fails with {@code what} and the log after {@code timeout}. */
    static void await(Duration timeout, String what, Path log, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; log:\n" + read(log));
            }
            Thread.sleep(200);
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Stops a process started by {@link #start} with SIGTERM, then SIGKILL after {@code grace}. */
    static void stop(Process p, Duration grace) throws InterruptedException {
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroy();
        if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
