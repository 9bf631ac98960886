package org.piwheels.db.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The operating-system identity the embedded PostgreSQL processes run as.
 *
 * <p>PostgreSQL refuses to run as root. When the JVM runs as root (CI does),
 * the programs are started through {@code setpriv} as an unprivileged account
 * (default {@code nobody}, system property {@code piwheels.embedded.user}) and
 * the data directory is handed to that account; otherwise they run as the
 * current user unchanged.
 */
public final class ServerUser {

    /** System property naming the account to use when running as root. */
    public static final String USER_PROPERTY = "piwheels.embedded.user";

    private final Integer uid;
    private final Integer gid;

    private ServerUser(Integer uid, Integer gid) {
        this.uid = uid;
        this.gid = gid;
    }

    /** The identity suited to the current process. */
    public static ServerUser forCurrentProcess() {
        if (!isRoot()) {
            return new ServerUser(null, null);
        }
        String name = System.getProperty(USER_PROPERTY, "nobody");
        String entry = ProcessRunner.run(List.of("getent", "passwd", name), null).strip();
        String[] fields = entry.split(":");
        if (fields.length < 4) {
            throw new IllegalStateException("cannot find the account " + name + " to run PostgreSQL as");
        }
        int uid = Integer.parseInt(fields[2]);
        if (uid == 0) {
            throw new IllegalStateException("PostgreSQL cannot run as root; set -D" + USER_PROPERTY + " to another account");
        }
        return new ServerUser(uid, Integer.parseInt(fields[3]));
    }

    private static boolean isRoot() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return Integer.valueOf(0).equals(uid);
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** Whether commands are switched to another account. */
    public boolean switchesUser() {
        return uid != null;
    }

    /** The command line that runs {@code command} as this identity. */
    public List<String> wrap(List<String> command) {
        if (!switchesUser()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(
                "setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Makes every ancestor of {@code dir} searchable (o+x, never o+r) so the
     * switched account can reach it; temp directories are created 0700.
     */
    public void ensureReachable(Path dir) {
        if (!switchesUser()) {
            return;
        }
        try {
            for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
                var perms = java.nio.file.Files.getPosixFilePermissions(p);
                if (!perms.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                    perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                    Files.setPosixFilePermissions(p, perms);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + dir + " reachable for the PostgreSQL account", e);
        }
    }

    /** Gives {@code dir} (recursively) to this identity, so the server may use it. */
    public void own(Path dir) {
        if (!switchesUser()) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(p, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hand " + dir + " to the PostgreSQL account", e);
        }
    }
}
