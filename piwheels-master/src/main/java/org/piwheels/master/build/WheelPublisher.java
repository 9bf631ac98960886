package org.piwheels.master.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.piwheels.web.CoreMetadataFiles;

/**
 * Puts a verified wheel into the index: {@code <simple>/<package>/<filename>}, mode
 * 0644, by an atomic rename so readers see the whole file or none; a
 * {@code linux_armv7l} wheel also gets its relative {@code linux_armv6l} symlink
 * (components spec §5.7). The wheel's core metadata is extracted beside it as
 * {@code <filename>.metadata} (PEP 658) at once, and its hash handed back to be
 * stored with the file's row, so the first page that lists the wheel can announce
 * it without reading the file.
 */
final class WheelPublisher {
    private static final String ARMV7 = "linux_armv7l.whl";
    private static final String ARMV6 = "linux_armv6l.whl";

    private final Path simple;
    private final CoreMetadataFiles coreMetadata;

    /** @param simple the {@code <output>/simple} directory */
    WheelPublisher(Path simple) {
        this.simple = simple;
        this.coreMetadata = new CoreMetadataFiles(simple.getParent());
    }

    /** @return whether a name can be a single path component under {@code simple/} (no separators, no dot-names) */
    static boolean safeName(String name) {
        return name != null && !name.isEmpty() && !name.startsWith(".") && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }

    /** @return the armv6l twin of an armv7l wheel name, or null for other platforms */
    static String armv6Name(String filename) {
        return filename.endsWith(ARMV7) ? filename.substring(0, filename.length() - ARMV7.length()) + ARMV6 : null;
    }

    /**
     * A published wheel.
     *
     * @param wheel        where it is
     * @param coreMetadata SHA-256 of the {@code .metadata} file of each name published (the wheel and
     *                     its armv6l twin); a name is absent when it has no METADATA
     */
    record Published(Path wheel, Map<String, String> coreMetadata) {
    }

    /**
     * Moves the temporary file into place.
     *
     * @return what was published
     */
    Published publish(Path temp, String packageName, String filename) throws IOException {
        if (!safeName(packageName) || !safeName(filename)) {
            throw new IOException("unsafe package or file name: " + packageName + "/" + filename);
        }
        try {
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the default mode is what we get
        }
        Path dir = simple.resolve(packageName);
        if (Files.isSymbolicLink(dir)) {
            // 0.23 sometimes linked package directories; the wheel must land in a real one
            Files.delete(dir);
        }
        Files.createDirectories(dir);
        Path target = dir.resolve(filename);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        String twin = armv6Name(filename);
        if (twin != null) {
            linkTwin(dir, twin, filename);
        }
        // a wheel without METADATA is still published; its pages just announce no metadata file
        Map<String, String> hashes = new HashMap<>();
        try {
            coreMetadata.replace(packageName, filename).ifPresent(h -> hashes.put(filename, h));
        } catch (IOException | UncheckedIOException e) {
            // e.g. a full disk: the wheel is in place and published without metadata, and never with an
            // earlier wheel's (the site writer would otherwise hash that file for this wheel)
            Files.deleteIfExists(target.resolveSibling(filename + ".metadata"));
        }
        if (twin != null) {
            // a link to this wheel's file, or the .metadata of a real armv6l wheel
            coreMetadata.sha256(packageName, twin).ifPresent(h -> hashes.put(twin, h));
        }
        return new Published(target, Map.copyOf(hashes));
    }

    /** Links the armv6l name to the armv7l wheel unless a real file already has that name. */
    private void linkTwin(Path dir, String twin, String filename) throws IOException {
        Path link = dir.resolve(twin);
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
            return; // a real armv6l build is never overwritten
        }
        // made beside the package directories and renamed in, so the package directory only ever holds final names
        Path temp = simple.resolve(".link-" + twin);
        Files.deleteIfExists(temp);
        try {
            Files.createSymbolicLink(temp, Path.of(filename));
            Files.move(temp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(temp);
        }
    }
}
