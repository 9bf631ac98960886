package org.piwheels.demo;

import java.io.File;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * piw-master and piw-slave refuse to run as root, and setup scripts should not run as
 * root anyway. When the farm itself runs as root (CI machines, containers), they run as
 * {@code nobody} through util-linux {@code setpriv}, with a copy of this JVM's
 * classpath they can read and directories they own.
 */
final class Unprivileged {
    static final String USER = "nobody";

    private final UserPrincipal user;
    private final GroupPrincipal group;

    private Unprivileged(UserPrincipal user, GroupPrincipal group) {
        this.user = user;
        this.group = group;
    }

    /** @return the switch to {@code nobody} when this JVM runs as root, else null (children run as we do) */
    static Unprivileged ifRoot() throws IOException {
        if (new com.sun.security.auth.module.UnixSystem().getUid() != 0) {
            return null;
        }
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        GroupPrincipal group;
        try {
            group = lookup.lookupPrincipalByGroupName("nogroup"); // Debian's
        } catch (UserPrincipalNotFoundException e) {
            group = lookup.lookupPrincipalByGroupName("nobody"); // Fedora's
        }
        return new Unprivileged(lookup.lookupPrincipalByName(USER), group);
    }

    /** @return what to put in front of a command to run it as {@code nobody} */
    List<String> commandPrefix() {
        return List.of("setpriv", "--reuid=" + user.getName(), "--regid=" + group.getName(), "--clear-groups", "--");
    }

    /** Makes {@code dir} and everything in it {@code nobody}'s. */
    void handOver(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
                view.setOwner(user);
                view.setGroup(group);
            }
        }
    }

    /**
     * Makes every directory above {@code dir} searchable by others (o+x, never o+r), so the
     * unprivileged user can reach it; temporary directories are made 0700.
     */
    static void reachable(Path dir) throws IOException {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            var perms = Files.getPosixFilePermissions(p);
            if (perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    /**
     * Copies the classpath entries (jars and class directories) into {@code dest}, readable
     * by everyone: Maven's repository usually lies under root's private home.
     *
     * @return the classpath of the copy
     */
    static String readableCopyOfClasspath(Path dest) throws IOException {
        Files.createDirectories(dest);
        List<String> copies = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path source = Path.of(entry).toAbsolutePath();
            if (!Files.exists(source)) {
                continue;
            }
            Path target = dest.resolve((i++) + "-" + source.getFileName());
            copyTree(source, target);
            copies.add(target.toString());
        }
        worldReadable(dest);
        return String.join(File.pathSeparator, copies);
    }

    private static void copyTree(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : paths.toList()) {
                Path t = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    try {
                        // a hard link needs no path through root's private home, and no space
                        Files.createLink(t, p);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(p, t);
                    }
                }
            }
        }
    }

    /** Directories rwxr-xr-x, files at least r--r--r-- (a hard link shares its original's mode). */
    static void worldReadable(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                var perms = Files.getPosixFilePermissions(p);
                perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);
                perms.add(java.nio.file.attribute.PosixFilePermission.GROUP_READ);
                if (Files.isDirectory(p)) {
                    perms.add(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                    perms.add(java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE);
                }
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }
}
