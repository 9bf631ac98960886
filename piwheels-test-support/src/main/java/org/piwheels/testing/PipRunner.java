package org.piwheels.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's pip ({@code /usr/bin/python3 -m pip}) for tests in a clean environment:
 * no {@code PIP_*} variables from the machine, {@code PIP_CONFIG_FILE=/dev/null} (so no
 * configuration file is read either), {@code HOME} a directory of the test's, {@code PATH}
 * kept. Tests then behave the same on any machine.
 */
public final class PipRunner {
    /** The interpreter whose pip the tests use. */
    public static final String PYTHON = "/usr/bin/python3";

    private final Path home;

    /** @param home the {@code HOME} pip sees (a temporary directory of the test) */
    public PipRunner(Path home) {
        this.home = home;
    }

    /** @return {@code [/usr/bin/python3, -m, pip]} */
    public static List<String> pipCommand() {
        return List.of(PYTHON, "-m", "pip");
    }

    /**
     * The clean environment: only {@code PATH}, {@code HOME}, {@code LANG},
     * {@code PIP_CONFIG_FILE=/dev/null} and {@code PYTHONDONTWRITEBYTECODE}.
     */
    public static Map<String, String> cleanEnvironment(Path home) {
        Map<String, String> env = new HashMap<>();
        String path = System.getenv("PATH");
        env.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        env.put("PIP_CONFIG_FILE", "/dev/null");
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        return env;
    }

    /**
     * The exit status and the combined output of one run.
     *
     * @param exitCode the exit status
     * @param output   stdout and stderr
     */
    public record Result(int exitCode, String output) {
    }

    /** Runs {@code python3 -m pip <args>} and waits at most {@code timeout}. */
    public Result pip(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(pipCommand());
        cmd.addAll(Arrays.asList(args));
        return run(cmd, timeout);
    }

    /** Runs {@code python3 <args>} in the same environment. */
    public Result python(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON));
        cmd.addAll(Arrays.asList(args));
        return run(cmd, timeout);
    }

    private Result run(List<String> cmd, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(home);
        Path out = Files.createTempFile(home, "pip-", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(cleanEnvironment(home));
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new IOException("timed out after " + timeout + ": " + cmd + "\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
