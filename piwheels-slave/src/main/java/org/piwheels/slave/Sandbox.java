package org.piwheels.slave;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bubblewrap ({@code bwrap}) sandbox a build runs in (beyond 0.23): the whole
 * system read-only, empty private {@code /tmp}, {@code /var/tmp}, {@code /home},
 * {@code /root}, slave's {@code HOME} and build root (so neither the slave's files nor
 * other builds can be read), the build directory as the only writable place, its own
 * PID, IPC and UTS namespaces, and the network shared (pip reaches the master's index,
 * often over loopback) unless the build is offline. The build runs as the slave's user;
 * no capability is gained.
 */
final class Sandbox {
    /** How {@code --sandbox} chooses. */
    enum Mode {
        /** bwrap when it is installed and works, else the plain isolation (with a warning). */
        AUTO,
        /** bwrap or refuse to start. */
        BWRAP,
        /** never bwrap. */
        OFF
    }

    /** No sandbox: builds run with the plain isolation (own HOME, TMPDIR, process group, limits). */
    static final Sandbox NONE = new Sandbox(null, List.of(), null);

    private static final File DEV_NULL = new File("/dev/null");
    private static final List<String> PRIVATE_TREES = List.of("/tmp", "/var/tmp", "/home", "/root");

    private final String bwrap;
    private final List<Path> visible;
    private final String problem;

    /**
     * @param bwrap   the bwrap executable, or null for none
     * @param visible trees to show read-only even inside a hidden one (the interpreter's prefix,
     *                the slave's Rust toolchain)
     * @param problem why bwrap is not used, or null
     */
    private Sandbox(String bwrap, List<Path> visible, String problem) {
        this.bwrap = bwrap;
        this.visible = List.copyOf(visible);
        this.problem = problem;
    }

    /**
     * Chooses the sandbox for {@code mode}.
     *
     * @param visible trees to keep readable inside hidden ones
     * @throws IllegalStateException when {@code mode} is BWRAP and bwrap is missing or does not work
     */
    static Sandbox choose(Mode mode, List<Path> visible) {
        if (mode == Mode.OFF) {
            return NONE;
        }
        String bwrap = ProcessGroupRunner.onPath("bwrap");
        String problem = bwrap == null ? "bwrap is not installed (apt-get install bubblewrap)" : probe(bwrap);
        if (problem == null) {
            return new Sandbox(bwrap, visible, null);
        }
        if (mode == Mode.BWRAP) {
            throw new IllegalStateException("cannot sandbox builds: " + problem);
        }
        return new Sandbox(null, List.of(), problem);
    }

    /** @return why bwrap is not used under AUTO, or null */
    String problem() {
        return problem;
    }

    /** @return whether builds run inside bwrap */
    boolean enabled() {
        return bwrap != null;
    }

    /** Runs a trivial sandbox once: user namespaces may be disabled, or bwrap not setuid where it must be. */
    private static String probe(String bwrap) {
        try {
            Process p = new ProcessBuilder(bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                    "--unshare-pid", "--die-with-parent", "true")
                    .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
                    .redirectOutput(ProcessBuilder.Redirect.to(DEV_NULL))
                    .redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return bwrap + " did not finish a trivial sandbox within 30 s";
            }
            return p.exitValue() == 0 ? null
                    : bwrap + " cannot make a sandbox here (exit " + p.exitValue() + "; are unprivileged user namespaces disabled?)";
        } catch (IOException e) {
            return "cannot run " + bwrap + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while trying bwrap";
        }
    }

    /**
     * @param argv      the build command
     * @param buildDir  the only writable tree
     * @param buildRoot {@code --dir}, hidden apart from {@code buildDir}
     * @param env       the slave's environment (its {@code HOME} is hidden)
     * @param network   whether the build shares the slave's network
     * @return the command to run: {@code argv} itself without bwrap
     */
    List<String> wrap(List<String> argv, Path buildDir, Path buildRoot, Map<String, String> env, boolean network) {
        if (bwrap == null) {
            return argv;
        }
        List<String> cmd = new ArrayList<>(List.of(bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
                "--tmpfs", "/dev/shm", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
                "--die-with-parent"));
        if (!network) {
            cmd.add("--unshare-net");
        }
        List<Path> hidden = new ArrayList<>();
        PRIVATE_TREES.forEach(t -> hidden.add(Path.of(t)));
        String home = env.get("HOME");
        if (home != null && !home.isEmpty()) {
            hidden.add(Path.of(home));
        }
        hidden.add(buildRoot);
        for (Path tree : outermost(hidden)) {
            cmd.addAll(List.of("--tmpfs", tree.toString()));
        }
        for (Path tree : visible) {
            Path abs = tree.toAbsolutePath().normalize();
            if (Files.isDirectory(abs) && hidden.stream().anyMatch(h -> abs.startsWith(h.toAbsolutePath().normalize()))
                    && !abs.startsWith(buildRoot.toAbsolutePath().normalize())) {
                cmd.addAll(List.of("--ro-bind", abs.toString(), abs.toString()));
            }
        }
        String dir = buildDir.toAbsolutePath().normalize().toString();
        cmd.addAll(List.of("--bind", dir, dir, "--chdir", dir, "--"));
        cmd.addAll(argv);
        return cmd;
    }

    /** The existing trees of {@code trees} not inside another one, shallowest first. */
    private static List<Path> outermost(List<Path> trees) {
        List<Path> existing = trees.stream().map(p -> p.toAbsolutePath().normalize()).filter(Files::isDirectory)
                .distinct().sorted(Comparator.comparingInt(Path::getNameCount)).toList();
        List<Path> out = new ArrayList<>();
        for (Path p : existing) {
            if (p.getNameCount() > 0 && out.stream().noneMatch(p::startsWith)) {
                out.add(p);
            }
        }
        return out;
    }

    /** @return what the start-up log says about it */
    String describe() {
        if (bwrap != null) {
            return "builds run in a bubblewrap sandbox (" + bwrap + "): read-only system, private /tmp and HOME, "
                    + "the build directory the only writable place";
        }
        return "builds are NOT sandboxed" + (problem != null ? " (" + problem + ")" : " (--sandbox off)")
                + ": only their own HOME, TMPDIR, process group and limits isolate them";
    }
}
