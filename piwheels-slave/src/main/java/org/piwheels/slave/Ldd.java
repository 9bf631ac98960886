package org.piwheels.slave;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code ldd} on a shared library (timeout 30 s, abandoned when the build is stopped). */
final class Ldd {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LINE = Pattern.compile("^\\s*\\S+\\s+=>\\s+(/\\S+)\\s+\\(0x[0-9a-fA-F]+\\)\\s*$");

    private final Duration timeout;
    private final BooleanSupplier stop;

    Ldd(Duration timeout, BooleanSupplier stop) {
        this.timeout = timeout;
        this.stop = stop;
    }

    /**
     * @return ldd's output, or null if ldd failed (the library is then skipped)
     * @throws BuildAbortedException on timeout or a stop request
     */
    String run(Path library, Path scratch) throws IOException, BuildAbortedException, InterruptedException {
        Path out = Files.createTempFile(scratch, "ldd-", ".out");
        List<String> cmd = List.of("ldd", library.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (stop.getAsBoolean()) {
                    throw new BuildAbortedException("Command '" + PythonRepr.list(cmd) + "' was terminated early by event");
                }
                if (System.nanoTime() > deadline) {
                    throw new BuildAbortedException("Command '" + PythonRepr.list(cmd) + "' timed out after "
                            + timeout.toSeconds() + " seconds\n" + Files.readString(out, StandardCharsets.UTF_8));
                }
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        return p.exitValue() == 0 ? text : null;
    }

    /** The absolute library paths of {@code <name> => <path> (0x...)} lines; other lines are ignored. */
    static List<Path> parse(String output) {
        List<Path> paths = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                paths.add(Path.of(m.group(1)));
            }
        }
        return paths;
    }
}
