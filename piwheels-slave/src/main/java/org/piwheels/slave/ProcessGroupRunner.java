package org.piwheels.slave;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a build command in its own session and process group (via util-linux
 * {@code setsid}), with {@code RLIMIT_DATA} of 1 GiB and {@code RLIMIT_NPROC} of 1024
 * applied to it alone (via
 * util-linux {@code prlimit}, else {@code ulimit -d} in {@code sh}), stdin, stdout and
 * stderr on {@code /dev/null}. It is watched once a second; on a stop request or when
 * the timeout expires the whole group gets SIGTERM, then after the grace period
 * SIGKILL (beyond 0.23, which signalled pip alone and never applied the timeout).
 * Whatever is left of the group after pip exits is killed too.
 */
final class ProcessGroupRunner {
    /** The data-segment limit of a build (soft and hard). */
    static final long DATA_LIMIT = 1L << 30;
    /**
     * The process limit of a build ({@code RLIMIT_NPROC}, soft and hard). The kernel counts
     * every process and thread of the user, the slave's own included, and never limits root.
     */
    static final long PROCESS_LIMIT = 1024;
    static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroupRunner.class);
    private static final File DEV_NULL = new File("/dev/null");

    /** How a run ended. */
    enum Ending { EXITED, TIMED_OUT, STOPPED }

    /** @param ending how it ended @param exitCode the exit status (meaningful for EXITED) */
    record Outcome(Ending ending, int exitCode) {
    }

    private final Duration grace;
    private final Duration watchInterval;
    private final String setsid;
    private final String prlimit;

    ProcessGroupRunner(Duration grace, Duration watchInterval) {
        this.grace = grace;
        this.watchInterval = watchInterval;
        this.setsid = onPath("setsid");
        this.prlimit = onPath("prlimit");
    }

    /** @return whether builds get their own process group */
    boolean isolatesGroups() {
        return setsid != null;
    }

    /**
     * @param timeout zero for none
     * @param stop    polled once a second
     */
    Outcome run(List<String> argv, Map<String, String> env, Path cwd, Duration timeout, BooleanSupplier stop)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(wrap(argv)).directory(cwd.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                .redirectOutput(ProcessBuilder.Redirect.to(DEV_NULL))
                .redirectError(ProcessBuilder.Redirect.to(DEV_NULL));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        try {
            while (!p.waitFor(watchInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                if (stop.getAsBoolean()) {
                    terminate(p);
                    return new Outcome(Ending.STOPPED, exitCode(p));
                }
                if (System.nanoTime() - deadline > 0) {
                    terminate(p);
                    return new Outcome(Ending.TIMED_OUT, exitCode(p));
                }
            }
            return new Outcome(Ending.EXITED, p.exitValue());
        } catch (InterruptedException e) {
            terminate(p);
            throw e;
        } finally {
            // background processes a build left behind would hold the build directory
            signal(p, "KILL");
        }
    }

    private List<String> wrap(List<String> argv) {
        List<String> cmd = new ArrayList<>();
        if (setsid != null) {
            // a child of the JVM is not a group leader, so setsid does not fork: pid == pgid == sid
            cmd.add(setsid);
        } else {
            LOG.warn("setsid not found: the build is not in its own process group; only pip and its known descendants are signalled");
        }
        if (prlimit != null) {
            cmd.addAll(List.of(prlimit, "--data=" + DATA_LIMIT + ":" + DATA_LIMIT,
                    "--nproc=" + PROCESS_LIMIT + ":" + PROCESS_LIMIT, "--"));
            cmd.addAll(argv);
        } else {
            cmd.addAll(List.of("/bin/sh", "-c", "ulimit -d " + (DATA_LIMIT / 1024) + " && ulimit -u " + PROCESS_LIMIT + " && exec \"$@\"", "sh"));
            cmd.addAll(argv);
        }
        return cmd;
    }

    private void terminate(Process p) throws InterruptedException {
        signal(p, "TERM");
        if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            signal(p, "KILL");
            p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Signals the build's process group (or, without setsid, the process and its descendants). */
    private void signal(Process p, String sig) {
        if (setsid != null) {
            try {
                Process kill = new ProcessBuilder("kill", "-s", sig, "--", "-" + p.pid())
                        .redirectOutput(ProcessBuilder.Redirect.to(DEV_NULL))
                        .redirectError(ProcessBuilder.Redirect.to(DEV_NULL)).start();
                kill.waitFor(5, TimeUnit.SECONDS); // non-zero when the group is already gone
                return;
            } catch (IOException e) {
                LOG.warn("cannot run kill: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean force = sig.equals("KILL");
        p.descendants().forEach(h -> {
            if (force) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        });
        if (force) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
    }

    private static int exitCode(Process p) {
        return p.isAlive() ? -1 : p.exitValue();
    }

    /** @return the absolute path of an executable on PATH, or null */
    static String onPath(String name) {
        return onPath(name, System.getenv("PATH"));
    }

    /** @return the absolute path of an executable on this search path (null: /usr/bin:/bin), or null */
    static String onPath(String name, String path) {
        for (String dir : (path == null ? "/usr/bin:/bin" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
