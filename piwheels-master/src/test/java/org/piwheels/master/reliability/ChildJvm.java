package org.piwheels.master.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A main class of this test classpath in a JVM of its own, so that a test can kill it
 * for real ({@link #kill()}: SIGKILL, nothing of it runs afterwards). Its output
 * (stdout and stderr) is kept, line by line, for {@link #awaitLine} and for failure
 * messages.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread pump;

    public ChildJvm(Class<?> main, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        process = pb.start();
        pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "child-" + main.getSimpleName());
        pump.setDaemon(true);
        pump.start();
    }

    /** @return the first line starting with {@code prefix}, waiting up to {@code timeout} */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (String l : lines) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !pump.isAlive())) {
                    throw new AssertionError("no line '" + prefix + "...' from the child in " + timeout.toSeconds()
                            + " s (alive: " + process.isAlive() + "); its output:\n" + String.join("\n", lines));
                }
                lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
            }
        }
    }

    /** @return everything the child printed so far */
    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as systemd or kill(1) stop a service, then waits. @return its exit status */
    public int terminate(Duration timeout) throws InterruptedException {
        // kill(pid, SIGTERM) through the handle: Process.destroy() would also close our end of its output
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child " + process.pid() + " survived SIGTERM for " + timeout.toSeconds()
                    + " s; its output:\n" + output());
        }
        pump.join(5_000); // the last lines
        return process.exitValue();
    }

    /** SIGKILL, then waits for the process to be gone. @return its exit status (137 after SIGKILL) */
    int kill() throws InterruptedException {
        // on Linux destroyForcibly() is kill(pid, SIGKILL); the exit status 137 (128 + 9) the tests check proves it
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new AssertionError("the child " + process.pid() + " survived SIGKILL for 60 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(60, TimeUnit.SECONDS);
        }
    }
}
