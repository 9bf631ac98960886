package org.piwheels.slave;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which installed Debian package owns a file, from dpkg's file lists
 * ({@code /var/lib/dpkg/info/<package>[:<arch>].list}). The lists are read once, on
 * first use. On merged-/usr systems a library resolved under {@code /usr/lib} may be
 * recorded by dpkg under {@code /lib} (and the other way round), so both spellings are
 * tried (beyond 0.23, which reported such libraries as orphans).
 */
final class DpkgOwners {
    /** Where dpkg keeps its lists on a Debian-like system. */
    static final Path SYSTEM_INFO = Path.of("/var/lib/dpkg/info");
    private static final String[][] MERGED = {{"/usr/lib/", "/lib/"}, {"/usr/lib64/", "/lib64/"},
        {"/usr/lib32/", "/lib32/"}, {"/usr/bin/", "/bin/"}, {"/usr/sbin/", "/sbin/"}};

    private final Path infoDir;
    private Map<String, String> owners;

    DpkgOwners(Path infoDir) {
        this.infoDir = infoDir;
    }

    /** @return whether this system has a dpkg database */
    boolean available() {
        return Files.isDirectory(infoDir);
    }

    /** @return the package owning exactly this path (or its merged-/usr twin) */
    Optional<String> owner(Path path) throws IOException {
        Map<String, String> map = load();
        String p = path.toString();
        String found = map.get(p);
        if (found == null) {
            for (String[] pair : MERGED) {
                if (p.startsWith(pair[0])) {
                    found = map.get(pair[1] + p.substring(pair[0].length()));
                } else if (p.startsWith(pair[1])) {
                    found = map.get(pair[0] + p.substring(pair[1].length()));
                }
                if (found != null) {
                    break;
                }
            }
        }
        return Optional.ofNullable(found);
    }

    private synchronized Map<String, String> load() throws IOException {
        if (owners == null) {
            Map<String, String> map = new HashMap<>();
            try (DirectoryStream<Path> lists = Files.newDirectoryStream(infoDir, "*.list")) {
                for (Path list : lists) {
                    String file = list.getFileName().toString();
                    String pkg = file.substring(0, file.length() - 5);
                    int colon = pkg.indexOf(':');
                    if (colon >= 0) {
                        pkg = pkg.substring(0, colon); // libc6:amd64 -> libc6, as dpkg -S prints it without arch
                    }
                    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                        if (!line.isEmpty()) {
                            map.putIfAbsent(line, pkg);
                        }
                    }
                }
            }
            owners = map;
        }
        return owners;
    }
}
