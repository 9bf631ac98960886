package org.piwheels.monitor.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A tmux server of our own (its socket in a directory of ours, {@code -S}), so
 * nobody else's tmux use can touch our session and no stale socket is left in
 * {@code /tmp/tmux-UID}: one detached session running a command, keys in with
 * {@code send-keys}, the screen out with {@code capture-pane}.
 */
final class Tmux implements AutoCloseable {
    private final Path socket;
    private final String session;

    /**
     * @param dir  where the server's socket goes (keep its path short: a Unix socket's is at most 107 bytes)
     * @param name the session's name
     */
    Tmux(Path dir, String name) {
        this.socket = dir.resolve("tmux.sock");
        this.session = name;
    }

    /** @return whether the tmux command runs */
    static boolean installed() {
        try {
            return run(List.of("tmux", "-V")) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts the session, {@code columns} × {@code rows}, running {@code shellCommand}. */
    void start(int columns, int rows, String shellCommand) throws IOException {
        check(tmux("new-session", "-d", "-s", session, "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                shellCommand), "new-session");
    }

    /** Resizes the session's window, as an operator resizing the terminal would (the program gets SIGWINCH). */
    void resize(int columns, int rows) throws IOException {
        check(tmux("resize-window", "-t", session, "-x", Integer.toString(columns), "-y", Integer.toString(rows)),
                "resize-window");
    }

    /** Types keys one at a time (tmux key names, e.g. {@code Down}, {@code Enter}, {@code q}), as a person would. */
    void keys(String... keys) throws IOException {
        for (String k : keys) {
            check(tmux("send-keys", "-t", session, k), "send-keys " + k);
            pause(Duration.ofMillis(150));
        }
    }

    /** @return the visible screen, one line a row */
    String capture() throws IOException {
        Process p = new ProcessBuilder("tmux", "-S", socket.toString(), "capture-pane", "-p", "-t", session)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        waitFor(p);
        return out;
    }

    /**
     * Polls the screen until it satisfies the condition.
     *
     * @param diagnostics more to say when it never does (e.g. the program's stderr)
     * @return the matching screen
     */
    String await(Predicate<String> condition, Duration patience, Supplier<String> diagnostics) throws IOException {
        String screen = poll(condition, patience);
        if (screen == null) {
            throw new AssertionError("the screen never matched:\n" + capture() + "\n" + diagnostics.get());
        }
        return screen;
    }

    /** @return the first screen that satisfies the condition within {@code patience}, or null */
    String poll(Predicate<String> condition, Duration patience) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            String screen = capture();
            if (condition.test(screen)) {
                return screen;
            }
            pause(Duration.ofMillis(100));
        }
        return null;
    }

    /** @return whether the session still runs (it ends when its command does) */
    boolean alive() throws IOException {
        return tmux("has-session", "-t", session) == 0;
    }

    @Override
    public void close() throws IOException {
        tmux("kill-server"); // our own server; usually gone already with its only session
        Files.deleteIfExists(socket);
    }

    private int tmux(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static int run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return waitFor(p);
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(int status, String what) {
        if (status != 0) {
            throw new IllegalStateException("tmux " + what + " failed with status " + status);
        }
    }

    static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
